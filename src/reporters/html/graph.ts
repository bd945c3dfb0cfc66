/**
 * Builds the attack-surface graph the HTML map draws: principals → entry points → functions →
 * resources, with every node's exposure (the most exposed principal that reaches it), the facts of
 * its details panel and the findings that concern it. Pure: reads the RunResult only.
 */
import type { Finding, Severity } from '../../model/findings.js';
import type { RunResult } from '../../engine/result.js';
import { isPostureFinding, severityRank } from '../../model/findings.js';
import type { EntryPoint, FunctionNode, Maybe, Principal, PrincipalKind, ResourceNode, AuthInfo, ThrottleSettings } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import type { SurfaceAnalysis } from '../../analyses/surface/types.js';
import { blastRadiusText } from '../../analyses/surface/types.js';
import type { AccessEdge } from '../../analyses/surface/access.js';
import type { OwnersAnalysis } from '../../analyses/owners/index.js';
import type { Exposure, MapCostRow, MapEdge, MapEdgeKind, MapFact, MapFinding, MapNode, NodeClass } from './types.js';
import { cmp } from '../../model/order.js';

/** Most exposed first. */
export const EXPOSURE_ORDER: readonly Exposure[] = [
  'public',
  'any-aws-account',
  'unresolved',
  'cross-account',
  'authenticated-users',
  'aws-service',
  'same-account',
  'deployment',
  'none',
];

export const PRINCIPAL_LABELS: Readonly<Record<PrincipalKind, string>> = {
  public: 'Public internet',
  'any-aws-account': 'Any AWS account',
  'cross-account': 'Other AWS accounts',
  'authenticated-users': 'Authenticated users',
  'aws-service': 'AWS services',
  'same-account': 'This account (IAM)',
  deployment: 'Deployment (custom resource)',
  unresolved: 'Unresolved principal',
};

/** Top-to-bottom order of the principal column. */
export const PRINCIPAL_ORDER: readonly PrincipalKind[] = [
  'public',
  'any-aws-account',
  'cross-account',
  'authenticated-users',
  'aws-service',
  'same-account',
  'deployment',
  'unresolved',
];

export function exposureRank(e: Exposure): number {
  return EXPOSURE_ORDER.indexOf(e);
}

function moreExposed(a: Exposure, b: Exposure): Exposure {
  return exposureRank(a) <= exposureRank(b) ? a : b;
}

/** A graph before layout: nodes carry no coordinates yet. */
export interface DraftNode extends Omit<MapNode, 'x' | 'y'> {}

export interface MapGraph {
  nodes: DraftNode[];
  edges: MapEdge[];
  findings: MapFinding[];
  cost: MapCostRow[] | null;
  /** Owner groups (MapData.owners), absent without owner information. */
  owners?: string[];
}

// ---------------------------------------------------------------------------------------------
// Reading the analyses a run may lack
// ---------------------------------------------------------------------------------------------

/** The surface analysis when it ran; null otherwise. */
export function readSurface(result: RunResult): SurfaceAnalysis | null {
  return result.analyses.surface ?? null;
}

/** Function → resource access when the access analysis ran (`analyses.access`); empty otherwise. */
export function readAccess(result: RunResult): AccessEdge[] {
  return result.analyses.access ?? [];
}

const ACCESS_WORD: Record<string, string> = { 'Permissions management': 'permissions', Write: 'write', Tagging: 'tagging', Read: 'read', List: 'list' };

interface CostEntry {
  entryPoint: string;
  fn: string | null;
  usdPerHour: number | null;
  usdPerDay: number | null;
  unbounded: boolean;
}

function finiteOrNull(v: number): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Cost ceilings when the cost analysis ran (one per entry point and function); null without it. */
export function readCost(result: RunResult): CostEntry[] | null {
  const ceilings = result.analyses.cost?.ceilings;
  if (!ceilings) return null;
  return ceilings.map((row) => {
    const perHour = finiteOrNull(row.worstCaseUsdPerHour);
    return {
      entryPoint: row.entryPoint,
      fn: row.function || null,
      usdPerHour: perHour,
      usdPerDay: finiteOrNull(row.worstCaseUsdPerDay) ?? (perHour === null ? null : perHour * 24),
      unbounded: row.unbounded,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

function show<T extends string | number | boolean>(v: Maybe<T> | null | undefined, unit = ''): string {
  if (v === null || v === undefined) return 'not set';
  if (isUnresolved(v)) return `unresolved (${v.reason})`;
  return `${String(v)}${unit}`;
}

export function formatUsd(v: number | null): string {
  if (v === null) return 'unknown';
  const [whole, cents] = v.toFixed(2).split('.') as [string, string];
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

function describePrincipal(p: Principal): string {
  let s = PRINCIPAL_LABELS[p.kind];
  if (p.detail) s += ` (${p.detail})`;
  if (p.kind === 'aws-service' && p.scopedBySource === false) s += ', not scoped by source ARN/account';
  return s;
}

function describeAuth(a: AuthInfo): string {
  const parts: string[] = [a.kind];
  if (a.authorizer) parts.push(`authorizer ${a.authorizer}`);
  if (a.apiKeyRequired) parts.push('API key required');
  if (a.scopes && a.scopes.length > 0) parts.push(`scopes ${a.scopes.join(' ')}`);
  if (a.reason) parts.push(a.reason);
  return parts.join(', ');
}

function describeThrottle(t: ThrottleSettings | null | undefined): string | null {
  if (!t) return null;
  return `rate ${show(t.rateLimit)}, burst ${show(t.burstLimit)}`;
}

function loc(l: { file: string; line: number; column: number }): string {
  return `${l.file}:${l.line}:${l.column}`;
}

// ---------------------------------------------------------------------------------------------
// Graph
// ---------------------------------------------------------------------------------------------

const WRITE_VERB = /^(put|send|publish|invoke|start|create|update|delete|write|batch|upload|copy|post|set|add|modify|restore|import|replicate)/i;

/** Whether a can-access edge lets the function push data into the resource (or we cannot tell). */
function writes(actions: string[] | undefined): boolean {
  if (!actions || actions.length === 0) return true;
  return actions.some((a) => {
    const verb = a.includes(':') ? a.slice(a.indexOf(':') + 1) : a;
    return verb.includes('*') || WRITE_VERB.test(verb);
  });
}

const API_KINDS: ReadonlySet<string> = new Set(['rest-api', 'http-api', 'websocket-api']);

/**
 * Whether an attacker's event travels along the edge, so exposure flows through it. Not for
 * read-only access, and not from an API to its routes: each route has its own principal and auth.
 */
function carriesExposure(e: MapEdge, actions: Map<string, string[] | undefined>, nodes: Map<string, DraftNode>): boolean {
  if (e.access) return e.access.includes('write') || e.access.includes('permissions');
  if (e.kind === 'can-access') return writes(actions.get(e.id));
  if (e.kind === 'feeds') return !API_KINDS.has(nodes.get(e.from)?.kind ?? '');
  return true;
}

const CLASS_PREFIX: Record<NodeClass, string> = { principal: 'p:', 'entry-point': 'e:', function: 'f:', resource: 'r:' };

export function buildGraph(result: RunResult): MapGraph {
  const model = result.model;
  const surface = readSurface(result);
  const costRows = readCost(result);

  const nodes = new Map<string, DraftNode>();
  const fnById = new Map<string, FunctionNode>();
  const fnByLogical = new Map<string, FunctionNode>();
  const resById = new Map<string, ResourceNode>();
  const resByLogical = new Map<string, ResourceNode>();
  const epById = new Map<string, EntryPoint>();

  const addNode = (cls: NodeClass, ref: string, label: string, kind: string): DraftNode => {
    const id = CLASS_PREFIX[cls] + ref;
    let n = nodes.get(id);
    if (!n) {
      n = { id, cls, ref, label, kind, exposure: 'none', findings: [], worst: null, facts: [] };
      nodes.set(id, n);
    }
    return n;
  };

  for (const fn of model.functions) {
    fnById.set(fn.id, fn);
    if (!fnByLogical.has(fn.logicalId)) fnByLogical.set(fn.logicalId, fn);
    addNode('function', fn.id, fn.id, 'function');
  }
  for (const r of model.resources) {
    resById.set(r.id, r);
    if (!resByLogical.has(r.logicalId)) resByLogical.set(r.logicalId, r);
    addNode('resource', r.id, r.id, r.kind);
  }
  for (const ep of model.entryPoints) {
    epById.set(ep.id, ep);
    addNode('entry-point', ep.id, ep.label || ep.id, ep.kind);
    addNode('principal', ep.principal.kind, PRINCIPAL_LABELS[ep.principal.kind], ep.principal.kind);
  }

  /** The map node of a model id; ids the model does not define become external resource nodes. */
  const nodeFor = (ref: string): DraftNode => {
    if (fnById.has(ref)) return nodes.get('f:' + ref)!;
    if (resById.has(ref)) return nodes.get('r:' + ref)!;
    if (epById.has(ref)) return nodes.get('e:' + ref)!;
    const n = addNode('resource', ref, ref, 'external');
    return n;
  };

  // Edges, merged by (kind, from, to).
  const edges = new Map<string, MapEdge>();
  const edgeActions = new Map<string, string[] | undefined>();
  const addEdge = (kind: MapEdgeKind, from: string, to: string, unresolvedEdge: boolean, label: string, actions?: string[]): void => {
    const id = `${kind}:${from}->${to}`;
    const existing = edges.get(id);
    if (existing) {
      existing.unresolved ||= unresolvedEdge;
      if (actions) {
        const merged = [...new Set([...(edgeActions.get(id) ?? []), ...actions])].sort();
        edgeActions.set(id, merged);
        existing.label = actionsLabel(kind, merged);
      }
      return;
    }
    edges.set(id, { id, from, to, kind, exposure: 'none', unresolved: unresolvedEdge, flows: true, label });
    edgeActions.set(id, actions ? [...new Set(actions)].sort() : undefined);
  };

  for (const ep of model.entryPoints) {
    const e = 'e:' + ep.id;
    const unresolvedEp = ep.principal.kind === 'unresolved' || ep.auth.kind === 'unresolved';
    addEdge('exposes', 'p:' + ep.principal.kind, e, unresolvedEp, `auth: ${describeAuth(ep.auth)}`);
    if (ep.source !== null) addEdge('feeds', nodeFor(ep.source).id, e, false, 'event source');
    for (const d of ep.frontDoors ?? []) if (d.distribution !== ep.source) addEdge('feeds', nodeFor(d.distribution).id, e, isUnresolved(d.restricted), `CloudFront origin ${d.origin}`);
    for (const t of ep.targets) addEdge('invokes', e, nodeFor(t).id, unresolvedEp, ep.label || ep.kind);
  }
  for (const me of model.edges) {
    if (me.kind === 'triggers' && me.entryPoint !== undefined) {
      const ep = epById.get(me.entryPoint);
      // Already drawn as entry point → function.
      if (ep && ep.targets.includes(me.to)) continue;
    }
    const from = nodeFor(me.from).id;
    const to = nodeFor(me.to).id;
    const unresolvedEdge = nodes.get(to)?.kind === 'external' || nodes.get(from)?.kind === 'external';
    addEdge(me.kind, from, to, unresolvedEdge, actionsLabel(me.kind, me.actions), me.actions);
  }

  // What each function can do to the app's data and functions (role grants and calls in its code).
  const accessBy = new Map<string, AccessEdge[]>(); // target node → edges into it
  for (const a of readAccess(result)) {
    if (!fnById.has(a.functionId)) continue;
    const to = nodeFor(a.target);
    const invoke = to.cls === 'function' && a.actions.some((x) => /^lambda:Invoke/i.test(x));
    const kind: MapEdgeKind = invoke ? 'can-invoke' : a.via === 'code' ? 'calls' : 'can-access';
    const from = 'f:' + a.functionId;
    const access = a.levels.map((l) => ACCESS_WORD[l] ?? l.toLowerCase());
    addEdge(kind, from, to.id, to.kind === 'external', `${access.join(', ')}: ${a.actions.slice(0, 4).join(', ')}${a.actions.length > 4 ? `, +${a.actions.length - 4} more` : ''}${a.conditional ? ' (with conditions)' : ''}`, a.actions);
    const e = edges.get(`${kind}:${from}->${to.id}`)!;
    e.access = [...new Set([...(e.access ?? []), ...access])];
    e.label = `${e.access.join(', ')}: ${a.actions.slice(0, 4).join(', ')}${a.actions.length > 4 ? `, +${a.actions.length - 4} more` : ''}${a.conditional ? ' (with conditions)' : ''}`;
    const list = accessBy.get(to.id);
    if (list) list.push(a);
    else accessBy.set(to.id, [a]);
  }
  // Edges on a recursion loop.
  for (const loop of surface?.loops ?? []) {
    for (let i = 0; i + 1 < loop.path.length; i++) {
      const from = nodeFor(loop.path[i]!).id;
      const to = nodeFor(loop.path[i + 1]!).id;
      for (const e of edges.values()) if (e.from === from && e.to === to) e.loop = true;
      // resource → function hops go through the entry point the resource feeds.
      for (const f of edges.values()) {
        if (f.kind !== 'feeds' || f.from !== from) continue;
        for (const g of edges.values()) if (g.kind === 'invokes' && g.from === f.to && g.to === to) f.loop = g.loop = true;
      }
    }
  }

  // Exposure: seeded by principals, pushed along the edges an attacker's event travels.
  const fixed = new Set<string>();
  for (const n of nodes.values()) {
    if (n.cls === 'principal') {
      n.exposure = n.ref as Exposure;
      fixed.add(n.id);
    }
  }
  if (surface) {
    for (const [fnId, exp] of Object.entries(surface.byFunction)) {
      const n = nodes.get('f:' + fnId);
      if (!n) continue;
      n.exposure = exp.weakestPrincipal ?? 'none';
      fixed.add(n.id);
    }
  }
  // A source resource is as exposed as the entry points it feeds (a public bucket, a public API).
  for (const ep of model.entryPoints) {
    if (ep.source === null) continue;
    const src = nodeFor(ep.source);
    if (!fixed.has(src.id)) src.exposure = moreExposed(src.exposure, ep.principal.kind);
  }
  const out = new Map<string, MapEdge[]>();
  for (const e of edges.values()) {
    if (!carriesExposure(e, edgeActions, nodes)) continue;
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const work = [...nodes.values()].filter((n) => n.exposure !== 'none').map((n) => n.id);
  while (work.length > 0) {
    const id = work.pop()!;
    const from = nodes.get(id)!;
    for (const e of out.get(id) ?? []) {
      const to = nodes.get(e.to)!;
      if (fixed.has(to.id)) continue;
      const next = moreExposed(to.exposure, from.exposure);
      if (next !== to.exposure) {
        to.exposure = next;
        work.push(to.id);
      }
    }
  }
  for (const e of edges.values()) {
    const from = nodes.get(e.from)!;
    e.flows = carriesExposure(e, edgeActions, nodes);
    // A source → entry point edge shows the entry point's exposure (an API is as exposed as its most open route).
    const exposure = e.kind === 'feeds' ? nodes.get(e.to)!.exposure : from.exposure;
    e.exposure = e.unresolved && exposure === 'none' ? 'unresolved' : exposure;
  }

  // Findings → nodes.
  const findings: MapFinding[] = result.findings.map(toMapFinding);
  const nodeOfFindingRef = (ref: string): DraftNode | undefined => {
    if (fnById.has(ref)) return nodes.get('f:' + ref);
    if (resById.has(ref)) return nodes.get('r:' + ref);
    if (epById.has(ref)) return nodes.get('e:' + ref);
    const fn = fnByLogical.get(ref);
    if (fn) return nodes.get('f:' + fn.id);
    const res = resByLogical.get(ref);
    if (res) return nodes.get('r:' + res.id);
    return undefined;
  };
  result.findings.forEach((f, i) => {
    const targets = new Set<DraftNode>();
    const main = nodeOfFindingRef(f.resource);
    if (main) targets.add(main);
    // A hardening gap stays on the resource it is about (the functions that write it are why it matters, not where it is).
    if (!isPostureFinding(f) || !main) for (const fn of f.functions) {
      const n = nodeOfFindingRef(fn);
      if (n) targets.add(n);
    }
    for (const n of targets) {
      n.findings.push(i);
      if (!f.suppression && (n.worst === null || severityRank(f.severity) > severityRank(n.worst))) n.worst = f.severity;
    }
  });
  for (const n of nodes.values()) {
    n.findings.sort((a, b) => severityRank(result.findings[b]!.severity) - severityRank(result.findings[a]!.severity) || a - b);
  }

  // Reachability for the details panel: from the surface analysis when present, else a walk of the map.
  const reachedBy = new Map<string, Set<string>>(); // entry point node → function nodes
  if (surface) {
    for (const r of surface.reaches) {
      const set = reachedBy.get('e:' + r.entryPoint) ?? new Set<string>();
      set.add('f:' + r.functionId);
      reachedBy.set('e:' + r.entryPoint, set);
    }
  } else {
    const flow = new Map<string, string[]>();
    for (const e of edges.values()) {
      if (e.kind === 'exposes' || !carriesExposure(e, edgeActions, nodes)) continue;
      const list = flow.get(e.from);
      if (list) list.push(e.to);
      else flow.set(e.from, [e.to]);
    }
    for (const n of nodes.values()) {
      if (n.cls !== 'entry-point') continue;
      const seen = new Set<string>([n.id]);
      const stack = [n.id];
      const reached = new Set<string>();
      while (stack.length > 0) {
        const cur = stack.pop()!;
        for (const next of flow.get(cur) ?? []) {
          if (seen.has(next)) continue;
          seen.add(next);
          stack.push(next);
          if (nodes.get(next)!.cls === 'function') reached.add(next);
        }
      }
      reachedBy.set(n.id, reached);
    }
  }
  const reachingFn = new Map<string, Set<string>>();
  for (const [ep, fns] of reachedBy) {
    for (const f of fns) {
      const set = reachingFn.get(f) ?? new Set<string>();
      set.add(ep);
      reachingFn.set(f, set);
    }
  }

  // Cost.
  const costByEp = new Map<string, CostEntry[]>();
  let cost: MapCostRow[] | null = null;
  if (costRows) {
    cost = costRows
      .map((c): MapCostRow => {
        const node = epById.has(c.entryPoint) ? 'e:' + c.entryPoint : null;
        costByEp.set(c.entryPoint, [...(costByEp.get(c.entryPoint) ?? []), c]);
        const label = node ? nodes.get(node)!.label : c.entryPoint;
        const fnNode = c.fn !== null && fnById.has(c.fn) ? 'f:' + c.fn : null;
        return { entryPoint: c.entryPoint, node, label, function: c.fn, functionNode: fnNode, usdPerHour: c.usdPerHour, usdPerDay: c.usdPerDay, unbounded: c.unbounded };
      })
      .sort(
        (a, b) =>
          Number(b.unbounded) - Number(a.unbounded) ||
          (b.usdPerHour ?? -1) - (a.usdPerHour ?? -1) ||
          cmp(a.entryPoint, b.entryPoint) ||
          cmp(a.function ?? '', b.function ?? ''),
      );
  }

  // Facts.
  const sortIds = (ids: Iterable<string>): string[] => [...ids].sort(cmp);
  const principalEps = new Map<string, EntryPoint[]>();
  for (const ep of model.entryPoints) {
    const list = principalEps.get(ep.principal.kind) ?? [];
    list.push(ep);
    principalEps.set(ep.principal.kind, list);
  }
  for (const n of nodes.values()) {
    n.facts = factsFor(n);
  }

  function factsFor(n: DraftNode): MapFact[] {
    const facts: MapFact[] = [];
    const add = (label: string, value: string | null, links?: string[]): void => {
      if (value === null) return;
      facts.push(links ? { label, value, links } : { label, value });
    };
    if (n.cls === 'principal') {
      const eps = principalEps.get(n.ref) ?? [];
      const details = [...new Set(eps.map((e) => e.principal.detail).filter((d): d is string => !!d))].sort(cmp);
      add('Principal', PRINCIPAL_LABELS[n.ref as PrincipalKind]);
      if (details.length > 0) add('Details', details.join(', '));
      add('Entry points', String(eps.length), sortIds(eps.map((e) => 'e:' + e.id)));
    } else if (n.cls === 'entry-point') {
      const ep = epById.get(n.ref)!;
      add('Kind', ep.kind);
      if (ep.method !== undefined || ep.path !== undefined) add('Route', [ep.method, ep.path].filter((x) => x).join(' '));
      add('Principal', describePrincipal(ep.principal));
      add('Auth', describeAuth(ep.auth));
      if (ep.source !== null) add('Source', ep.source, [nodeFor(ep.source).id]);
      for (const d of ep.frontDoors ?? []) {
        const direct = d.distribution === ep.source ? 'the origin takes requests from the distribution only' : d.restricted === true ? 'direct calls need IAM credentials' : isUnresolved(d.restricted) ? `whether direct calls are refused is not known (${d.restricted.reason})` : 'also reachable directly';
        add('Front door', `CloudFront distribution ${d.distribution} (origin ${d.origin}; ${direct})`, [nodeFor(d.distribution).id]);
      }
      add('Targets', String(ep.targets.length), sortIds(ep.targets.map((t) => nodeFor(t).id)));
      const reached = reachedBy.get(n.id) ?? new Set<string>();
      add('Reached functions', String(reached.size), sortIds(reached));
      add('Throttle', describeThrottle(ep.throttle));
      const br = surface?.blastRadius[ep.id];
      const radius = br ? blastRadiusText(br) : null;
      if (radius !== null) add('Blast radius', radius);
      if (br && br.risks.length > 0) add('Risks', [...br.risks].sort(cmp).join(', '));
      for (const c of costByEp.get(ep.id) ?? []) {
        const via = c.fn !== null && (ep.targets.length > 1 || !ep.targets.includes(c.fn)) ? ` via ${c.fn}` : '';
        add('Cost ceiling', `${formatUsd(c.usdPerHour)}/hour, ${formatUsd(c.usdPerDay)}/day${via}${c.unbounded ? ' (unbounded: a recursion loop keeps spending)' : ''}`);
      }
      add('Location', loc(ep.location));
    } else if (n.cls === 'function') {
      const fn = fnById.get(n.ref)!;
      add('Runtime', show(fn.runtime));
      add('Handler', show(fn.handler.handler));
      add('Memory', show(fn.memoryMb, ' MB'));
      add('Timeout', show(fn.timeoutSeconds, ' s'));
      add('Reserved concurrency', show(fn.reservedConcurrency));
      add('Role', fn.roleId ?? show(fn.roleArn));
      if (fn.url) add('Function URL auth', show(fn.url.authType));
      add('Exposure', exposureText(n.exposure));
      const reaching = surface?.byFunction[fn.id]?.entryPoints.map((e) => 'e:' + e) ?? [...(reachingFn.get(n.id) ?? [])];
      add('Reached from', String(reaching.length), sortIds(reaching));
      // The blast radius is the analysis's per entry point (what reaching it gives, over every
      // function it reaches): a function shows each distinct one of the entry points that reach
      // it, linked to them, and the risks of all of them.
      const radii = new Map<string, string[]>();
      const risks = new Set<string>();
      for (const link of reaching) {
        const epId = link.slice(2);
        const br = surface?.blastRadius[epId];
        if (!br) continue;
        const text = blastRadiusText(br);
        if (text !== null) radii.set(text, [...(radii.get(text) ?? []), link]);
        for (const r of br.risks) risks.add(r);
      }
      for (const [text, eps] of [...radii].sort(([a], [b]) => cmp(a, b))) add('Blast radius', `${text} (of the ${eps.length === 1 ? 'entry point' : `${eps.length} entry points`} reaching it)`, sortIds(eps));
      if (risks.size > 0) add('Risks', [...risks].sort(cmp).join(', '));
      const reachesOut = [...edges.values()].filter((e) => e.from === n.id && e.access);
      if (reachesOut.length) add('Can act on', reachesOut.map((e) => `${nodes.get(e.to)!.ref} (${e.access!.join(', ')})`).sort(cmp).join('; '), sortIds(reachesOut.map((e) => e.to)));
      const loops = (surface?.loops ?? []).filter((l) => l.path.includes(fn.id));
      for (const l of loops) add('Recursion loop', `${l.path.join(' → ')}${l.awsDetects ? ' (AWS loop detection stops it)' : ' (AWS does not stop it)'}`);
      add('Location', loc(fn.location));
    } else {
      const r = resById.get(n.ref);
      if (!r) {
        add('Kind', 'external');
        add('Note', 'Not defined in the scanned templates.');
      } else {
        add('Type', r.type);
        add('Kind', r.kind);
        if (r.name !== null) add('Name', show(r.name));
        add('Resource policy', r.policy === null ? 'none' : isUnresolved(r.policy) ? `unresolved (${r.policy.reason})` : `${r.policy.statements.length} statement(s)`);
        const users = accessBy.get(n.id) ?? [];
        for (const level of ['Permissions management', 'Write', 'Read'] as const) {
          const fns = users.filter((u) => u.levels.includes(level) && (level !== 'Read' || !u.levels.some((l) => l === 'Write' || l === 'Permissions management')));
          if (fns.length) add(level === 'Read' ? 'Read by' : level === 'Write' ? 'Written by' : 'Permissions changed by', fns.map((u) => u.functionId).sort(cmp).join(', '), fns.map((u) => 'f:' + u.functionId).sort(cmp));
        }
        // The entry points that reach a function that can write it: who can put data in.
        const writers = users.filter((u) => u.levels.some((l) => l === 'Write' || l === 'Permissions management')).map((u) => 'f:' + u.functionId);
        const via = new Set<string>();
        for (const w of writers) for (const ep of reachingFn.get(w) ?? []) via.add(ep);
        if (writers.length) add('Reached from', `${via.size} entry point(s), through the functions that write it`, sortIds(via));
        if (r.acl !== undefined && r.acl !== null) add('ACL', show(r.acl));
        add('Location', loc(r.location));
      }
    }
    if (n.cls !== 'function' && n.cls !== 'principal') add('Exposure', exposureText(n.exposure));
    return facts;
  }

  const nodeList = [...nodes.values()].sort((a, b) => cmp(a.id, b.id));
  const edgeList = [...edges.values()].sort((a, b) => cmp(a.id, b.id));
  const owners = result.analyses.owners;
  if (!owners) return { nodes: nodeList, edges: edgeList, findings, cost };
  return { nodes: nodeList, edges: edgeList, findings, cost, owners: markOwners(owners, nodes, edges, nodeFor) };
}

/**
 * Owners on the map (docs/owners.md): each owned function and resource gets its owner group (the
 * layout keeps a group together in its column, the page colours it), an `Owner` fact, and the
 * edges that make a trust boundary are marked: function → resource/function, resource →
 * resource, and for an event source the source → entry point → function pair.
 */
function markOwners(owners: OwnersAnalysis, nodes: Map<string, DraftNode>, edges: Map<string, MapEdge>, nodeFor: (ref: string) => DraftNode): string[] {
  const label = (list: readonly string[]) => list.join(', ');
  const groups = [...new Set(Object.values(owners.elements).map((e) => label(e.owners)))].sort(cmp);
  for (const n of nodes.values()) {
    if (n.cls !== 'function' && n.cls !== 'resource') continue;
    const e = owners.elements[n.ref];
    if (!e) continue;
    n.owner = groups.indexOf(label(e.owners));
    const at = n.facts.findIndex((f) => f.label === 'Location');
    const fact: MapFact = { label: 'Owner', value: `${label(e.owners)} (${e.source === 'codeowners' ? `CODEOWNERS ${e.location.file}:${e.location.line}` : e.source === 'config' ? `config ${e.location.file}:${e.location.line}` : `${e.source} at ${e.location.file}:${e.location.line}`})` };
    const extra: MapFact[] = [fact];
    if (e.code) extra.push({ label: 'Code owner', value: `${label(e.code.owners)} (${e.code.file})` });
    n.facts.splice(at < 0 ? n.facts.length : at, 0, ...extra);
  }
  const bySource = new Map<string, MapEdge[]>();
  for (const e of edges.values()) {
    const list = bySource.get(e.from);
    if (list) list.push(e);
    else bySource.set(e.from, [e]);
  }
  for (const b of owners.boundaries) {
    const from = nodeFor(b.from).id;
    const to = nodeFor(b.to).id;
    for (const e of bySource.get(from) ?? []) if (e.to === to) e.boundary = true;
    for (const ep of b.entryPoints) {
      for (const e of bySource.get(from) ?? []) if (e.to === 'e:' + ep && e.kind === 'feeds') e.boundary = true;
      for (const e of bySource.get('e:' + ep) ?? []) if (e.to === to) e.boundary = true;
    }
    const text = `${b.from} → ${b.to} (${b.kind}; ${label(b.owners.from)} → ${label(b.owners.to)})`;
    for (const id of [from, to]) {
      const n = nodes.get(id);
      if (!n) continue;
      const at = n.facts.findIndex((f) => f.label === 'Location');
      n.facts.splice(at < 0 ? n.facts.length : at, 0, { label: 'Trust boundary', value: text });
    }
  }
  return groups;
}

function exposureText(e: Exposure): string {
  return e === 'none' ? 'not reached by any entry point' : `reached by: ${PRINCIPAL_LABELS[e].toLowerCase()}`;
}

function actionsLabel(kind: MapEdgeKind, actions: string[] | undefined): string {
  if (!actions || actions.length === 0) return kind;
  const shown = actions.slice(0, 4).join(', ');
  return `${kind}: ${shown}${actions.length > 4 ? `, +${actions.length - 4} more` : ''}`;
}

function toMapFinding(f: Finding): MapFinding {
  const m: MapFinding = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    location: loc(f.location),
    resource: f.resource,
    suppressed: f.suppression !== undefined,
  };
  if (f.suppression) m.suppressionReason = f.suppression.reason;
  return m;
}

export function severityCounts(findings: readonly MapFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) if (!f.suppressed) counts[f.severity] += 1;
  return counts;
}
