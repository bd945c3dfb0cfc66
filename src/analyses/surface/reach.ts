/**
 * Reachability: which functions each entry point reaches, directly and through the resources that
 * functions can write to (queue, topic, bucket, stream, bus, state machine) or the functions they
 * can invoke; recursion loops; and the blast radius of each entry point.
 */
import { wildcardMatch } from '../../model/wildcard.js';
import type { AppModel, EntryPoint, FunctionNode, Principal, ResourceNode } from '../../model/types.js';
import { dict, isUnresolved } from '../../model/types.js';
import { PRINCIPAL_RANK } from '../../model/policy.js';
import { designated } from '../../model/stacks.js';
import type { IamAnalysis, ServicePermissions } from '../iam/index.js';
import { entriesByAction, forEachEntry } from '../iam/index.js';
import type { AccessLevel, BlastRadius, FunctionExposure, Reach, RecursionLoop, SurfaceAnalysis } from './types.js';
import { isRuntimeAction } from '../iam/runtime-actions.js';

/** Actions that put an event into a resource, by resource kind. */
export const WRITE_ACTIONS: Partial<Record<ResourceNode['kind'] | 'function', string[]>> = {
  queue: ['sqs:SendMessage'],
  topic: ['sns:Publish'],
  bucket: ['s3:PutObject'],
  table: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'],
  stream: ['kinesis:PutRecord', 'kinesis:PutRecords'],
  'event-bus': ['events:PutEvents'],
  'state-machine': ['states:StartExecution', 'states:StartSyncExecution'],
  function: ['lambda:InvokeFunction', 'lambda:InvokeAsync'],
};

/** Kinds whose loops AWS's recursive loop detection stops (FIELD.md §3a: SQS, SNS, Lambda; not S3). */
const AWS_DETECTED = new Set(['queue', 'topic', 'function']);

export interface GraphEdge {
  from: string;
  to: string;
  /** Why the edge exists: `sqs:SendMessage`, `trigger`, `subscription`, `definition`. */
  via: string;
  /**
   * `wiring`: declared (trigger, subscription, state machine); `code`: a call the handler makes;
   * `iam`: only what the role allows, on a pattern naming the target; `iam-star`: only a grant on `*`.
   */
  origin: 'wiring' | 'code' | 'iam' | 'iam-star';
}

export interface SurfaceOptions {
  /** Calls seen in handler code: function id → [resource or function id, action]. Adds edges IAM alone may not show. */
  codeCalls?: Record<string, { target: string; action: string }[]>;
  /** Risk classes per function (IAM risk catalog), for the blast radius of each entry point. */
  risks?: Record<string, readonly string[]>;
  /** The most dangerous risk of each function (IAM risk catalog), in words, with its `severityRank` (5 critical … 1 info): preferred over the access-level summary. */
  worstRisk?: Record<string, { rank: number; title: string }>;
  /**
   * Functions whose handler code was read completely, with the write actions it calls on a target
   * it cannot name. From these functions a loop follows only the calls the code makes: what the
   * role merely allows is not a write the function does.
   */
  codeRead?: Record<string, readonly string[]>;
}

/** The resource ARN a write action applies to (S3 writes are on objects). */
function targetArn(node: ResourceNode, action: string): string | null {
  // A resource whose name is unknown is still that resource: its ARN pattern (`...:*-jobs-*`)
  // stands for it, and grants written against the same reference carry the same pattern.
  const arn = typeof node.arn === 'string' ? node.arn : (node.arn.pattern ?? null);
  if (arn === null) return null;
  if (action.startsWith('s3:')) return `${arn}/nightlight-object`;
  return arn;
}

export function analyzeSurface(model: AppModel, iam: IamAnalysis | null, options: SurfaceOptions = {}): SurfaceAnalysis {
  const fnIds = new Set(model.functions.map((f) => f.id));
  const out = new Map<string, GraphEdge[]>();
  const edgeKeys = new Map<string, GraphEdge>();
  const CERTAIN = new Set<GraphEdge['origin']>(['wiring', 'code']);
  const add = (e: GraphEdge) => {
    const k = `${e.from}\u0000${e.to}`;
    const had = edgeKeys.get(k);
    if (had) {
      // A call the code makes confirms what the role allows.
      if (CERTAIN.has(e.origin) && !CERTAIN.has(had.origin)) {
        had.origin = e.origin;
        had.via = e.via;
      } else if (had.origin === 'iam-star' && e.origin === 'iam') had.origin = 'iam';
      return;
    }
    edgeKeys.set(k, e);
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  };

  // Resources that lead somewhere: sources of entry points, and resource → resource wiring.
  const epBySource = new Map<string, EntryPoint[]>();
  for (const ep of model.entryPoints) {
    if (!ep.source) continue;
    const list = epBySource.get(ep.source);
    if (list) list.push(ep);
    else epBySource.set(ep.source, [ep]);
  }
  for (const [source, eps] of epBySource) for (const ep of eps) for (const t of ep.targets) add({ from: source, to: t, via: 'trigger', origin: 'wiring' });
  for (const e of model.edges) if (e.kind === 'publishes') add({ from: e.from, to: e.to, via: 'subscription', origin: 'wiring' });

  // Function → resource / function edges from what the role allows.
  const interesting = model.resources.filter((r) => out.has(r.id) && WRITE_ACTIONS[r.kind]);
  // Per write action, the resources it writes by target ARN: a role's literal resource patterns are
  // looked up instead of matching every pattern against every resource (functions × resources).
  const writable = new Map<string, { byArn: Map<string, number[]>; all: number[] }>();
  interesting.forEach((node, i) => {
    for (const action of WRITE_ACTIONS[node.kind] ?? []) {
      const arn = targetArn(node, action);
      if (!arn) continue;
      let w = writable.get(action);
      if (!w) writable.set(action, (w = { byArn: new Map(), all: [] }));
      w.all.push(i);
      const list = w.byArn.get(arn);
      if (list) list.push(i);
      else w.byArn.set(arn, [i]);
    }
  });
  if (iam) {
    for (const fn of model.functions) {
      const perms = iam.permissionsOf(fn.id);
      if (!perms) continue;
      const byAction = entriesByAction(perms);
      const candidates = (action: string): string[] => byAction.get(action.toLowerCase())?.resources ?? [];
      // Resources (indexes into `interesting`) some granted pattern of a write action matches.
      const matched = new Map<string, Set<number>>();
      // Resources some pattern other than a bare `*` names (the rest come from `*` alone).
      const named = new Set<number>();
      for (const [action, w] of writable) {
        const patterns = candidates(action);
        if (patterns.length === 0) continue;
        const set = new Set<number>();
        for (const p of patterns) {
          if (!isPattern(p)) {
            // a literal ARN names its own stack's resource, else the one other stack's that has it
            for (const { i } of designated((w.byArn.get(p) ?? []).map((i) => ({ i, stack: interesting[i]!.stack })), fn.stack)) (set.add(i), named.add(i));
            continue;
          }
          // A wildcard reaches the function's own stack only: another stack is reached by naming
          // its resource (a literal ARN, above), never by a pattern that happens to cover it.
          const re = { test: (arn: string) => wildcardMatch(p, arn) };
          const star = p === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(p) || /:::\*(\/\*)?$/.test(p);
          for (const i of w.all) if (interesting[i]!.stack === fn.stack && re.test(targetArn(interesting[i]!, action)!)) (set.add(i), star ? undefined : named.add(i));
        }
        if (set.size > 0) matched.set(action, set);
      }
      const hits = new Set<number>();
      for (const set of matched.values()) for (const i of set) hits.add(i);
      for (const i of [...hits].sort((a, b) => a - b)) {
        const node = interesting[i]!;
        for (const action of WRITE_ACTIONS[node.kind] ?? []) {
          if (!matched.get(action)?.has(i)) continue;
          const arn = targetArn(node, action)!;
          const d = iam.isAllowed(fn.id, action, arn).decision;
          if (d === 'allowed' || d === 'conditionally-allowed') {
            add({ from: fn.id, to: node.id, via: action, origin: named.has(i) ? 'iam' : 'iam-star' });
            break;
          }
        }
      }
      // Direct invocation of other functions.
      const invokes = candidates('lambda:InvokeFunction');
      if (invokes.length) {
        // Another stack's function is reached by naming it (a literal ARN), never by a pattern, and
        // only when the function's own stack has no function of that ARN (model/stacks.ts).
        const byLiteral = new Set<string>();
        for (const p of invokes) {
          if (isPattern(p)) continue;
          const having = model.functions.filter((o) => typeof o.arn === 'string' && (matchesArn(p, o.arn) || matchesArn(p, `${o.arn}:*`)));
          for (const o of designated(having, fn.stack)) byLiteral.add(o.id);
        }
        for (const other of model.functions) {
          // A role that may invoke its own function is not a loop until the code does it (code calls add that edge).
          if (other.id === fn.id) continue;
          if (typeof other.arn !== 'string') continue;
          const arn = other.arn;
          const own = other.stack === fn.stack;
          const naming = invokes.filter((p) => (isPattern(p) ? own : byLiteral.has(other.id)) && (matchesArn(p, arn) || matchesArn(p, `${arn}:*`)));
          if (naming.length === 0) continue;
          const d = iam.isAllowed(fn.id, 'lambda:InvokeFunction', arn).decision;
          const star = naming.every((p) => p === '*' || /:function:\*$/.test(p) || /^arn:[^:]*:lambda:[^:]*:[^:]*:\*$/.test(p));
          if (d === 'allowed' || d === 'conditionally-allowed') add({ from: fn.id, to: other.id, via: 'lambda:InvokeFunction', origin: star ? 'iam-star' : 'iam' });
        }
      }
    }
  }
  for (const [fnId, calls] of Object.entries(options.codeCalls ?? {})) for (const c of calls) add({ from: fnId, to: c.target, via: c.action, origin: 'code' });

  // State machines invoke the functions named in their definitions (model edges from the builder).
  for (const e of model.edges) if (e.kind === 'can-invoke' && fnIds.has(e.to)) add({ from: e.from, to: e.to, via: 'definition', origin: 'wiring' });

  const sortedCache = new Map<string, GraphEdge[]>();
  const sortedOut = (id: string): GraphEdge[] => {
    let list = sortedCache.get(id);
    if (!list) sortedCache.set(id, (list = (out.get(id) ?? []).slice().sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0))));
    return list;
  };

  // BFS per entry point.
  const reaches: Reach[] = [];
  for (const ep of model.entryPoints) {
    const prev = new Map<string, string | null>();
    const queue: string[] = [];
    for (const t of ep.targets) {
      if (!prev.has(t)) {
        prev.set(t, null);
        queue.push(t);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      for (const e of sortedOut(node)) {
        if (prev.has(e.to)) continue;
        prev.set(e.to, node);
        queue.push(e.to);
      }
    }
    for (const node of queue) {
      if (!fnIds.has(node)) continue;
      const path: string[] = [];
      let depth = -1;
      for (let n: string | null = node; n !== null; n = prev.get(n) ?? null) {
        path.push(n);
        if (fnIds.has(n)) depth++;
      }
      path.push(ep.id);
      path.reverse();
      reaches.push({ entryPoint: ep.id, functionId: node, path, depth });
    }
  }

  // Exposure per function.
  const epById = new Map(model.entryPoints.map((e) => [e.id, e]));
  const byFunction: Record<string, FunctionExposure> = dict();
  for (const fn of model.functions) byFunction[fn.id] = { entryPoints: [], weakestPrincipal: null, weakestEntryPoint: null };
  const exposedTo = new Map<string, Set<string>>();
  for (const r of reaches) {
    const exp = byFunction[r.functionId]!;
    let seen = exposedTo.get(r.functionId);
    if (!seen) exposedTo.set(r.functionId, (seen = new Set()));
    if (!seen.has(r.entryPoint)) {
      seen.add(r.entryPoint);
      exp.entryPoints.push(r.entryPoint);
    }
    const p: Principal = epById.get(r.entryPoint)!.principal;
    if (exp.weakestPrincipal === null || PRINCIPAL_RANK[p.kind] < PRINCIPAL_RANK[exp.weakestPrincipal]) {
      exp.weakestPrincipal = p.kind;
      exp.weakestEntryPoint = r.entryPoint;
    }
  }
  for (const exp of Object.values(byFunction)) exp.entryPoints.sort();

  const resourceById = new Map(model.resources.map((r) => [r.id, r]));
  const fnById = new Map(model.functions.map((f) => [f.id, f]));
  // Loops follow what a function does: from a function whose code was read, only its calls (and
  // the role's grants for a write it makes to a target it cannot name).
  const codeRead = options.codeRead ?? {};
  // A write the code makes to a target it cannot name goes wherever the role lets it: a call.
  const loopCache = new Map<string, GraphEdge[]>();
  const loopOut = (id: string): GraphEdge[] => {
    const unnamed = codeRead[id];
    if (unnamed === undefined) return sortedOut(id);
    let list = loopCache.get(id);
    if (!list) {
      list = sortedOut(id)
        .filter((e) => CERTAIN.has(e.origin) || unnamed.some((a) => a.toLowerCase() === e.via.toLowerCase()))
        .map((e) => (CERTAIN.has(e.origin) ? e : { ...e, origin: 'code' as const }));
      loopCache.set(id, list);
    }
    return list;
  };
  const loops = findLoops(model.functions, loopOut, fnIds, resourceById, fnById);
  const blastRadius: Record<string, BlastRadius> = dict();
  if (iam) {
    const perFunction = new Map<string, Map<string, Set<AccessLevel>>>();
    const levelsOf = (fnId: string) => {
      let m = perFunction.get(fnId);
      if (m) return m;
      m = new Map();
      for (const s of iam.permissionsOf(fnId)?.services ?? []) m.set(s.service, levelsOfService(s));
      perFunction.set(fnId, m);
      return m;
    };
    const reachedBy = new Map<string, string[]>();
    for (const r of reaches) {
      const list = reachedBy.get(r.entryPoint);
      if (list) list.push(r.functionId);
      else reachedBy.set(r.entryPoint, [r.functionId]);
    }
    const worstOf = new Map<string, { score: number; text: string } | null>();
    const unknownOf = new Map<string, string | null>();
    // The radius depends only on the functions reached (in order): entry points that reach the
    // same ones (an API route and the queue of one function, say) share it (read-only).
    const byReached = new Map<string, BlastRadius>();
    for (const ep of model.entryPoints) {
      const reachedKey = (reachedBy.get(ep.id) ?? []).join('\u0000');
      const known = byReached.get(reachedKey);
      if (known !== undefined) {
        blastRadius[ep.id] = known;
        continue;
      }
      const unknown: string[] = [];
      const services = new Map<string, Set<AccessLevel>>();
      let worst: { score: number; text: string } | null = null;
      for (const fnId of reachedBy.get(ep.id) ?? []) {
        for (const [svc, levels] of levelsOf(fnId)) {
          const set = services.get(svc) ?? new Set<AccessLevel>();
          for (const l of levels) set.add(l);
          services.set(svc, set);
        }
        let w = worstOf.get(fnId);
        if (w === undefined) {
          const risk = options.worstRisk?.[fnId];
          // A catalogued risk outranks any access-level summary (100+), and a more severe one outranks a lesser.
          w = risk ? { score: 500 + risk.rank * 100, text: risk.title } : worstCapability(iam, fnId);
          worstOf.set(fnId, w);
        }
        if (w && (!worst || w.score > worst.score)) worst = { score: w.score, text: `${w.text} (${fnId})` };
        let u = unknownOf.get(fnId);
        if (u === undefined) unknownOf.set(fnId, (u = unreadPolicy(iam, fnById.get(fnId), fnId)));
        if (u !== null) unknown.push(`${fnId}: ${u}`);
      }
      const obj: Record<string, AccessLevel[]> = dict();
      for (const svc of [...services.keys()].sort()) obj[svc] = [...services.get(svc)!].sort(levelOrder);
      const risks = new Set<string>();
      for (const fnId of reachedBy.get(ep.id) ?? []) for (const r of options.risks?.[fnId] ?? []) risks.add(r);
      blastRadius[ep.id] = { services: obj, worst: worst?.text ?? null, unknown: unknown.sort(), risks: [...risks].sort() };
      byReached.set(reachedKey, blastRadius[ep.id]!);
    }
  }
  return { reaches, byFunction, loops, blastRadius };
}

/** Whether a resource pattern has wildcards (otherwise it matches only itself, case-sensitively). */
function isPattern(p: string): boolean {
  return p.includes('*') || p.includes('?');
}

/** wildcardMatch(p, arn, false). */
export function matchesArn(p: string, arn: string): boolean {
  return isPattern(p) ? wildcardMatch(p, arn) : p === arn;
}

const LEVELS: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];
function levelOrder(a: AccessLevel, b: AccessLevel): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}


/**
 * Why what a function can do is not known, or null when every policy of its role was read: the
 * first policy (or role) the scan could not read, in the IAM analysis's words. An unread
 * permissions boundary only takes away, and an unresolved resource or action still names a grant
 * (`worstCapability` ranks it), so neither makes what the function holds unknown. An Azure
 * function without a managed identity holds no Azure role: nothing, not unknown.
 */
function unreadPolicy(iam: IamAnalysis, fn: FunctionNode | undefined, fnId: string): string | null {
  if (fn?.cloud === 'azure' && fn.roleId === null && fn.roleArn === null) return null;
  const permissions = iam.permissionsOf(fnId);
  if (permissions === null) return 'its execution role is not in the scan';
  const unread = permissions.policies.find((p) => !p.resolved);
  return unread ? (unread.reason ?? `policy ${unread.name} could not be read`) : null;
}

/** The most dangerous grant of a function, scored for comparison. */
export function worstCapability(iam: IamAnalysis, fnId: string): { score: number; text: string } | null {
  let best: { score: number; text: string } | null = null;
  forEachEntry(iam.permissionsOf(fnId)?.services ?? [], (a, shape, s) => {
    if (isRuntimeAction(a.action)) return;
    const onAll = shape.resources.some((r) => r === '*' || /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/.test(r));
    const level = LEVELS.length - LEVELS.indexOf(a.accessLevel as AccessLevel);
    const score = level * 10 + (onAll ? 5 : 0) + (shape.conditional ? 0 : 1);
    if (!best || score > best.score) best = { score, text: `${s.service}:${a.accessLevel}${onAll ? ' on *' : ''}` };
  });
  return best;
}

// The access levels of a service granted whole depend on the catalogue only: shared by its roles.
const wholeLevels = new WeakMap<readonly unknown[], Set<AccessLevel>>();

/** The access levels a role holds on one service. */
function levelsOfService(s: ServicePermissions): Set<AccessLevel> {
  const whole = s.whole;
  let set = whole !== undefined ? wholeLevels.get(whole.actions) : undefined;
  if (set !== undefined) return set;
  set = new Set<AccessLevel>();
  forEachEntry([s], (a) => set!.add(a.accessLevel as AccessLevel));
  if (whole !== undefined) wholeLevels.set(whole.actions, set);
  return set;
}

function findLoops(
  functions: FunctionNode[],
  sortedOut: (id: string) => GraphEdge[],
  fnIds: Set<string>,
  resources: Map<string, ResourceNode>,
  fns: Map<string, FunctionNode>,
): RecursionLoop[] {
  const loops: RecursionLoop[] = [];
  const seen = new Set<string>();
  for (const fn of functions) {
    // Shortest cycle back to fn.
    const prev = new Map<string, string>();
    const queue = [fn.id];
    let found: string | null = null;
    for (let i = 0; i < queue.length && !found; i++) {
      const node = queue[i]!;
      for (const e of sortedOut(node)) {
        if (e.to === fn.id) {
          found = node;
          break;
        }
        if (prev.has(e.to) || e.to === fn.id) continue;
        prev.set(e.to, node);
        queue.push(e.to);
      }
    }
    if (!found) continue;
    const path: string[] = [fn.id];
    for (let n: string | undefined = found; n !== undefined && n !== fn.id; n = prev.get(n)) path.splice(1, 0, n);
    path.push(fn.id);
    // One report per cycle, whichever function it is found from.
    const members = path.slice(0, -1);
    const key = [...members].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const kinds: string[] = [];
    for (let i = 1; i < path.length; i++) {
      const to = path[i]!;
      if (!fnIds.has(to)) kinds.push(resources.get(to)?.kind ?? 'other');
      else if (fnIds.has(path[i - 1]!)) kinds.push('function');
    }
    const hops = path.slice(1).flatMap((to, i) => sortedOut(path[i]!).filter((e) => e.to === to).slice(0, 1));
    const grants = hops.filter((e) => e.origin === 'iam' || e.origin === 'iam-star');
    const certainty: RecursionLoop['certainty'] = grants.length === 0 ? 'code' : grants.some((e) => e.origin === 'iam-star') ? 'iam-star' : 'iam';
    const allowOptOut = members.some((m) => fns.get(m)?.recursiveLoop === 'Allow');
    const detects = !allowOptOut && kinds.every((k) => AWS_DETECTED.has(k));
    const undetected = kinds.filter((k) => !AWS_DETECTED.has(k));
    loops.push({
      path,
      certainty,
      ...(grants.length > 0 ? { grants: grants.map((e) => `${e.from}: ${e.via}${e.origin === 'iam-star' ? ' on *' : ''}`) } : {}),
      awsDetects: detects,
      reason: allowOptOut
        ? 'RecursiveLoop: Allow turns off AWS loop detection'
        : detects
          ? 'AWS Lambda recursive loop detection stops it after about 16 invocations'
          : `AWS loop detection does not cover ${[...new Set(undetected)].join(', ')}`,
    });
  }
  return loops;
}

export function isFunctionId(model: AppModel, id: string): boolean {
  return model.functions.some((f) => f.id === id);
}

export { isUnresolved };
