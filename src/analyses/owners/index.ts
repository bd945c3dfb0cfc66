/**
 * Owners and trust boundaries (docs/owners.md): who owns each function and resource, and which
 * edges of the reachability graph join two owners. Pure; computed once per run, and only when the
 * scan has owner information (a CODEOWNERS file, the config's `owners:`, or owner metadata/tags):
 * without any, the analysis is absent and every report is what it was.
 *
 * An element's owners, strongest first: its own `Metadata: { nightlight: { owner } }`, its owner
 * tag, the config's `owners:` patterns on the file that declares it, CODEOWNERS on that file. A
 * function whose handler code has other owners than its declaration keeps both (`code`).
 * An edge is a trust boundary when both ends have owners and the two lists share nobody.
 */
import type { AppModel, SourceLocation, EntryPoint } from '../../model/types.js';
import { disjointOwners, ownersOfPath, type OwnerRule, type OwnerSource, type Ownership } from '../../model/owners.js';
import type { AccessEdge } from '../surface/access.js';
import { isWriteLevel } from '../surface/access.js';
import { matchesArn } from '../surface/reach.js';
import type { IamAnalysis } from '../iam/index.js';
import { entriesByAction } from '../iam/index.js';
import type { PermissionEntry } from '../iam/permissions.js';
import type { CodeAnalysis } from '../code/program.js';
import type { AccessLevel } from '../surface/types.js';
import { cmp } from '../../model/order.js';

export interface ElementOwner extends Ownership {
  /** Function, resource or role id. */
  id: string;
  kind: 'function' | 'resource' | 'role';
  /** The file that declares it. */
  file: string;
  /** Functions: the owners of the handler code, when they differ from the declaration's. */
  code?: Ownership & { file: string };
}

/**
 * `trigger`: a resource delivers events to a function (event source, state machine task);
 * `cascade`: a resource forwards to another (subscription, rule target); `invoke`: a function may
 * invoke another; `write`: a function may write or change the permissions of a resource; `read`:
 * a function may only read it.
 */
export type BoundaryKind = 'trigger' | 'cascade' | 'invoke' | 'write' | 'read';

export interface Boundary {
  /** Stable: kind, from, to. */
  id: string;
  kind: BoundaryKind;
  from: string;
  to: string;
  owners: { from: string[]; to: string[] };
  /** What crosses: the actions (writes, invokes, reads), and the event fields the receiving function passes to a sink unsanitised. */
  crosses: { actions: string[]; levels: AccessLevel[]; events: string[] };
  /** `wiring`: declared (event source, subscription); `code`: the handler calls it; `iam`: the role allows it; `iam+code`: both. */
  via: 'wiring' | 'code' | 'iam' | 'iam+code';
  /** Every grant behind it has a condition. */
  conditional: boolean;
  /** The entry points (event sources) behind a trigger. */
  entryPoints: string[];
  /** Whom to ask: the owners of the receiving end. */
  ask: string[];
  /** The event source, the grant or the wiring that makes the edge. */
  location: SourceLocation;
}

export interface OwnersAnalysis {
  /** Files owners came from: the CODEOWNERS file and the config file, when used. */
  sources: string[];
  /** Owned elements by id (functions, resources, roles). */
  elements: Record<string, ElementOwner>;
  boundaries: Boundary[];
}

export interface OwnersInput {
  codeowners: { file: string; rules: OwnerRule[] } | null;
  /** The config's `owners:` rules and the config file. */
  config: { file: string | null; rules: OwnerRule[] } | null;
  /** Function id → its resolved handler file. */
  handlers: Record<string, { file: string } | null>;
  /**
   * Function → resource access (computed on demand: only a scan with owner information needs it
   * here), of at least the functions given (edges of others may be included).
   */
  access: (functions: ReadonlySet<string>) => readonly AccessEdge[];
  iam: IamAnalysis | null;
  code: CodeAnalysis | null;
}

/** Owners and boundaries; null when the scan has no owner information at all. */
export function analyzeOwners(model: AppModel, input: OwnersInput): OwnersAnalysis | null {
  const configRules = input.config?.rules ?? [];
  const codeRules = input.codeowners?.rules ?? [];
  const declared = model.declaredOwners ?? [];
  if (configRules.length === 0 && codeRules.length === 0 && declared.length === 0 && !input.codeowners) return null;

  const byPath = new Map<string, Ownership | null>();
  const ownersOfFile = (file: string): Ownership | null => {
    if (byPath.has(file)) return byPath.get(file)!;
    let o: Ownership | null = null;
    const fromConfig = configRules.length ? ownersOfPath(configRules, file) : null;
    const fromCode = fromConfig ? null : codeRules.length ? ownersOfPath(codeRules, file) : null;
    const hit = fromConfig ?? fromCode;
    if (hit && hit.owners.length > 0) o = { owners: hit.owners, source: fromConfig ? 'config' : 'codeowners', location: hit.rules[hit.rules.length - 1]!.location };
    byPath.set(file, o);
    return o;
  };
  const declaredBy = new Map(declared.map((d) => [d.resource, d]));
  const elements: Record<string, ElementOwner> = {};
  const own = (id: string, kind: ElementOwner['kind'], file: string): ElementOwner | null => {
    const d = declaredBy.get(id);
    const o: Ownership | null = d ? { owners: d.owners, source: d.source as OwnerSource, location: d.location } : ownersOfFile(file);
    if (!o) return null;
    const e: ElementOwner = { id, kind, file, ...o };
    elements[id] = e;
    return e;
  };
  for (const fn of model.functions) {
    const e = own(fn.id, 'function', fn.location.file);
    const handler = input.handlers[fn.id]?.file;
    const code = handler ? ownersOfFile(handler) : null;
    if (code && (!e || !sameOwners(e.owners, code.owners))) {
      if (e) e.code = { ...code, file: handler! };
      else elements[fn.id] = { id: fn.id, kind: 'function', file: fn.location.file, ...code, code: { ...code, file: handler! } };
    }
  }
  for (const r of model.resources) own(r.id, 'resource', r.location.file);
  for (const r of model.roles) if (r.defined) own(r.id, 'role', r.location.file);

  const boundaries = new Map<string, Boundary>();
  const ownersOf = (id: string): string[] | null => elements[id]?.owners ?? null;
  /** `location` may be a function: it is asked only when the edge is a new boundary. */
  const add = (kind: BoundaryKind, from: string, to: string, location: SourceLocation | (() => SourceLocation), extra: Partial<Pick<Boundary, 'via' | 'conditional'>> & { actions?: string[]; levels?: AccessLevel[]; entryPoint?: string }): void => {
    const a = ownersOf(from);
    const b = ownersOf(to);
    if (!a || !b || !disjointOwners(a, b)) return;
    const id = `${kind}:${from}->${to}`;
    let bd = boundaries.get(id);
    if (!bd) {
      bd = { id, kind, from, to, owners: { from: a, to: b }, crosses: { actions: [], levels: [], events: [] }, via: extra.via ?? 'wiring', conditional: extra.conditional ?? false, entryPoints: [], ask: b, location: typeof location === 'function' ? location() : location };
      boundaries.set(id, bd);
    }
    for (const x of extra.actions ?? []) if (!bd.crosses.actions.includes(x)) bd.crosses.actions.push(x);
    for (const x of extra.levels ?? []) if (!bd.crosses.levels.includes(x)) bd.crosses.levels.push(x);
    if (extra.entryPoint && !bd.entryPoints.includes(extra.entryPoint)) bd.entryPoints.push(extra.entryPoint);
  };

  // What the receiving function does with its event: the fields it passes to a sink unsanitised.
  const taintedFields = (fnId: string, kinds: ReadonlySet<string | null>): string[] => {
    const fc = input.code?.functions[fnId];
    if (!fc) return [];
    return [...new Set(fc.taint.filter((t) => kinds.has(t.sourceKind)).map((t) => `${t.sourceLabel} → ${t.sink}`))];
  };
  const entriesBySource = new Map<string, EntryPoint[]>();
  for (const ep of model.entryPoints) {
    if (ep.source === null) continue;
    const list = entriesBySource.get(ep.source);
    if (list) list.push(ep);
    else entriesBySource.set(ep.source, [ep]);
    for (const t of ep.targets) add('trigger', ep.source, t, ep.location, { entryPoint: ep.id });
  }
  const fnIds = new Set(model.functions.map((f) => f.id));
  const resourceById = new Map(model.resources.map((r) => [r.id, r]));
  for (const e of model.edges) {
    const at = e.location ?? resourceById.get(e.from)?.location;
    if (!at) continue;
    if (e.kind === 'publishes') add('cascade', e.from, e.to, at, {});
    else if (e.kind === 'can-invoke' && fnIds.has(e.to) && !fnIds.has(e.from)) add('trigger', e.from, e.to, at, {});
  }
  const fnById = new Map(model.functions.map((f) => [f.id, f]));
  const arnOf = new Map<string, string>();
  for (const x of [...model.resources, ...model.functions]) if (typeof x.arn === 'string' && !arnOf.has(x.id)) arnOf.set(x.id, x.arn);
  // Data access (its own analysis, computed here on demand) matters only between owned elements of
  // different owners: only the edges of functions with an owner are asked for.
  const grants = new GrantIndex(input.iam);
  const owned = new Set(model.functions.filter((f) => ownersOf(f.id) !== null).map((f) => f.id));
  const accessEdges = owned.size > 0 ? input.access(owned) : [];
  for (const a of accessEdges) {
    const fn = fnById.get(a.functionId);
    if (!fn) continue;
    const invoke = fnIds.has(a.target) && a.actions.some((x) => /^lambda:invoke/i.test(x));
    const kind: BoundaryKind = invoke ? 'invoke' : a.levels.some(isWriteLevel) ? 'write' : 'read';
    add(kind, a.functionId, a.target, () => grants.location(a, arnOf.get(a.target) ?? null) ?? fn.location, { actions: a.actions, levels: a.levels, via: a.via, conditional: a.conditional });
  }

  const epKind = new Map(model.entryPoints.map((e) => [e.id, e.kind]));
  // Events: into a function directly, or into the function(s) a written resource triggers.
  for (const b of boundaries.values()) {
    if (b.kind === 'trigger') {
      const kinds = new Set<string | null>(b.entryPoints.map((id) => epKind.get(id) ?? null));
      b.crosses.events = taintedFields(b.to, kinds.size ? kinds : new Set([null]));
    } else if (b.kind === 'invoke') {
      b.crosses.events = taintedFields(b.to, new Set([null, 'lambda-permission', 'other']));
    } else if (b.kind === 'write' || b.kind === 'cascade') {
      const events: string[] = [];
      for (const ep of entriesBySource.get(b.to) ?? []) for (const t of ep.targets) for (const f of taintedFields(t, new Set([ep.kind]))) events.push(`${t}: ${f}`);
      b.crosses.events = [...new Set(events)];
    }
    b.crosses.actions.sort();
    b.crosses.events.sort();
    b.entryPoints.sort();
  }
  const list = [...boundaries.values()].sort((x, y) => cmp(x.from, y.from) || cmp(x.to, y.to) || cmp(x.kind, y.kind));
  const sources = [...new Set([...(input.codeowners ? [input.codeowners.file] : []), ...(configRules.length && input.config?.file ? [input.config.file] : [])])];
  const sorted: Record<string, ElementOwner> = {};
  for (const id of Object.keys(elements).sort(cmp)) sorted[id] = elements[id]!;
  return { sources, elements: sorted, boundaries: list };
}

/**
 * The statement that grants an access edge's first action on its target (where the user wrote the
 * permission): the entries of the edge's actions in the role's order (service, then action), the
 * first grant whose resources name the target, else the first grant. Entries are found through the
 * role's shared index (a role with `Action: *` has ~22,000; an app has thousands of edges).
 */
class GrantIndex {
  constructor(private readonly iam: IamAnalysis | null) {}

  location(a: AccessEdge, arn: string | null): SourceLocation | null {
    const perms = this.iam?.permissionsOf(a.functionId);
    if (!perms) return null;
    const byAction = entriesByAction(perms);
    const entries: PermissionEntry[] = [];
    for (const x of new Set(a.actions)) {
      let e = byAction.get(x.toLowerCase());
      // Two names the catalogue does not know may differ in case only: the index keeps one.
      if (e !== undefined && e.action !== x) e = perms.services.find((s) => s.service === e!.service && s.whole === undefined)?.actions.find((y) => y.action === x);
      if (e !== undefined) entries.push(e);
    }
    // The role's order: services as listed (sorted), then actions within a service.
    entries.sort((p, q) => cmp(p.service, q.service) || (p.action < q.action ? -1 : p.action > q.action ? 1 : 0));
    let first: SourceLocation | null = null;
    for (const e of entries) {
      for (const g of e.grants) {
        first ??= g.statement.location;
        if (arn && g.resources.some((p) => matchesArn(p, arn) || matchesArn(p, `${arn}/x`))) return g.statement.location;
      }
    }
    return first;
  }
}

function sameOwners(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map((o) => o.toLowerCase()));
  return a.length === b.length && b.every((o) => x.has(o.toLowerCase()));
}

/** The owners of an element, or null when it has none. */
export function ownerOf(analysis: OwnersAnalysis | null | undefined, id: string): string[] | null {
  return analysis?.elements[id]?.owners ?? null;
}
