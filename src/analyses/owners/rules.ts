/**
 * What the trust-boundary rules report, prepared here so that each rule stays a thin filter
 * (docs/owners.md): roles shared across owners, tainted data crossing into another owner's
 * function, and grants on another owner's resources that the code does not use.
 */
import type { AppModel, EntryPointKind, PrincipalKind } from '../../model/types.js';
import { disjointOwners } from '../../model/owners.js';
import { PRINCIPAL_RANK } from '../../model/policy.js';
import type { CodeAnalysis } from '../code/program.js';
import type { TaintFinding } from '../code/types.js';
import type { LeastPrivilegeAnalysis } from '../iam/least-privilege.js';
import { actionCatalog } from '../iam/catalog.js';
import type { SurfaceAnalysis } from '../surface/types.js';
import type { Boundary, OwnersAnalysis } from './index.js';

/** The owner groups of a role's functions when two of them share no owner; null otherwise. */
export function sharedAcrossOwners(owners: OwnersAnalysis, functions: readonly string[]): { owners: string[]; functions: string[] }[] | null {
  const groups = new Map<string, { owners: string[]; functions: string[] }>();
  for (const fn of functions) {
    const o = owners.elements[fn]?.owners;
    if (!o) continue;
    const key = o.map((x) => x.toLowerCase()).sort().join(' ');
    const g = groups.get(key);
    if (g) g.functions.push(fn);
    else groups.set(key, { owners: o, functions: [fn] });
  }
  const list = [...groups.values()];
  const split = list.some((a, i) => list.slice(i + 1).some((b) => disjointOwners(a.owners, b.owners)));
  if (!split) return null;
  return list.sort((a, b) => (a.functions[0]! < b.functions[0]! ? -1 : 1));
}

export interface CrossOwnerInput {
  boundary: Boundary;
  /** The function that receives the data (the boundary's end, or the function a written resource triggers). */
  receiver: string;
  /** Its unsanitised flows from that event to a sink, in source order. */
  taint: TaintFinding[];
  /** Who can put data in on the sending side. */
  reach: PrincipalKind | null;
}

/**
 * Boundaries where event data sent by one owner reaches a sink in another owner's function
 * unsanitised: the event source, invocation or written resource is the sender's, the function
 * that trusts it is the receiver's.
 */
export function crossOwnerInputs(model: AppModel, owners: OwnersAnalysis, code: CodeAnalysis | undefined, surface: SurfaceAnalysis | undefined): CrossOwnerInput[] {
  if (!code) return [];
  const eps = new Map(model.entryPoints.map((e) => [e.id, e]));
  const bySource = new Map<string, { kind: EntryPointKind; targets: string[]; principal: PrincipalKind }[]>();
  for (const e of model.entryPoints) {
    if (e.source === null) continue;
    const list = bySource.get(e.source) ?? [];
    list.push({ kind: e.kind, targets: e.targets, principal: e.principal.kind });
    bySource.set(e.source, list);
  }
  const fnReach = (id: string): PrincipalKind | null => surface?.byFunction[id]?.weakestPrincipal ?? null;
  const out: CrossOwnerInput[] = [];
  const seen = new Set<string>();
  const consider = (b: Boundary, receiver: string, kinds: ReadonlySet<EntryPointKind | null>, reach: PrincipalKind | null) => {
    const mine = owners.elements[receiver]?.owners;
    if (!mine || !disjointOwners(mine, b.owners.from)) return;
    const taint = (code.functions[receiver]?.taint ?? []).filter((t) => kinds.has(t.sourceKind));
    const key = `${b.id}\u0000${receiver}`;
    if (taint.length === 0 || seen.has(key)) return;
    seen.add(key);
    out.push({ boundary: b, receiver, taint: [...taint].sort((x, y) => x.location.line - y.location.line || x.location.column - y.location.column), reach });
  };
  for (const b of owners.boundaries) {
    if (b.kind === 'trigger') {
      const kinds = new Set<EntryPointKind | null>(b.entryPoints.map((id) => eps.get(id)?.kind ?? null));
      if (kinds.size === 0) kinds.add(null);
      const reach = widest(b.entryPoints.map((id) => eps.get(id)?.principal.kind ?? null));
      consider(b, b.to, kinds, reach);
    } else if (b.kind === 'invoke') {
      consider(b, b.to, new Set<EntryPointKind | null>([null, 'lambda-permission', 'other']), fnReach(b.from));
    } else if (b.kind === 'write' || b.kind === 'cascade') {
      // The data lands in the resource; the functions it triggers receive it.
      const reach = model.functions.some((f) => f.id === b.from) ? fnReach(b.from) : null;
      for (const s of bySource.get(b.to) ?? []) for (const t of s.targets) consider(b, t, new Set<EntryPointKind | null>([s.kind]), reach);
    }
  }
  return out;
}

function widest(list: readonly (PrincipalKind | null)[]): PrincipalKind | null {
  let best: PrincipalKind | null = null;
  for (const p of list) if (p && (best === null || PRINCIPAL_RANK[p] < PRINCIPAL_RANK[best])) best = p;
  return best;
}

export interface CrossOwnerOverreach {
  boundary: Boundary;
  /** Granted write, invoke or permissions-management actions on the other owner's resource that the code never calls on it. */
  unused: string[];
  /** Those the code does call on it. */
  used: string[];
}

const STRONG_LEVELS = new Set(['Write', 'Permissions management']);

/**
 * Grants that let a function write, invoke or change the permissions of another owner's resource
 * beyond what its code does there. Only for functions whose code was read completely and whose
 * calls of that service all name their target (least-privilege analysis): otherwise the code may
 * use the grant, and nothing is said.
 */
export function crossOwnerOverreach(owners: OwnersAnalysis, code: CodeAnalysis | undefined, lp: LeastPrivilegeAnalysis | undefined): CrossOwnerOverreach[] {
  if (!code || !lp) return [];
  const catalog = actionCatalog();
  const out: CrossOwnerOverreach[] = [];
  for (const b of owners.boundaries) {
    if ((b.kind !== 'write' && b.kind !== 'invoke') || b.via === 'code' || b.via === 'wiring') continue;
    const fc = code.functions[b.from];
    const l = lp.functions[b.from];
    if (!fc || fc.skipped !== null || !fc.resolved || fc.incomplete || !l || !l.decidable) continue;
    const called = new Set((code.codeCalls[b.from] ?? []).filter((c) => c.target === b.to).map((c) => c.action.toLowerCase()));
    const unused: string[] = [];
    const used: string[] = [];
    for (const action of b.crosses.actions) {
      const service = action.split(':')[0]!.toLowerCase();
      if (l.undecidedServices[service] !== undefined) continue;
      if (called.has(action.toLowerCase())) {
        used.push(action);
        continue;
      }
      const level = catalog.lookup(action).accessLevel;
      if (STRONG_LEVELS.has(level) || /^lambda:invoke/i.test(action)) unused.push(action);
    }
    if (unused.length > 0) out.push({ boundary: b, unused, used });
  }
  return out;
}
