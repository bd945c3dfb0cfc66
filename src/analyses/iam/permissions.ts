/**
 * Effective permissions of one role: the union of its identity policies' Allow statements, expanded
 * to concrete actions through the catalog, minus what Deny statements take away, intersected with the
 * permissions boundary. Each action keeps the statements that grant it (with their locations) and
 * the restrictions (partial or conditional denials, boundary limits) that qualify it.
 */
import type { Maybe, PolicyStatement } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import type { AccessLevel, ActionCatalog, CatalogAction } from './catalog.js';
import { conditionKeys } from './conditions.js';
import type { NamedPolicy, PolicyRole, StatementRef } from './evaluate.js';
import { actionMatches, actionPatterns, arnCovers, arnIntersects } from './glob.js';
import { cmp } from '../../model/order.js';

export interface Grant {
  /** Resource patterns as written (`*` for all); an unresolved value contributes its pattern or `*`. */
  resources: string[];
  /** Set for a NotResource statement: the grant covers every resource except these. */
  notResources?: string[];
  /** The statement (or the boundary that admits it) has a Condition. */
  conditional: boolean;
  conditionKeys: string[];
  /** Reasons of unresolved values in the statement (resources, or the boundary). */
  unresolved: string[];
  statement: StatementRef;
}

/** Something that takes away part of a grant without removing it. */
export interface Restriction {
  kind: 'deny' | 'boundary';
  /** Resources the restriction applies to (deny) or is limited to (boundary). */
  resources: string[];
  notResources?: string[];
  conditional: boolean;
  statement: StatementRef | null;
  reason?: string;
}

export interface PermissionEntry {
  /** `s3:GetObject` as the catalog spells it. */
  action: string;
  service: string;
  accessLevel: AccessLevel;
  /** Resource types the action applies to (iam-data names), empty for wildcard-only actions. */
  resourceTypes: string[];
  wildcardOnly: boolean;
  /** The union of the grants' resource patterns, sorted. */
  resources: string[];
  /** True when no grant applies without a condition or a conditional restriction. */
  conditional: boolean;
  /** True when a grant rests on an unresolved value. */
  unresolved: boolean;
  /** Read-only: entries from one statement share their grant list. */
  grants: Grant[];
  /** Read-only: entries without restrictions share one empty list. */
  restrictions: Restriction[];
}

export interface ServicePermissions {
  service: string;
  /**
   * The entries, sorted by action. Read-only. For a service granted whole (`whole` set) the list
   * is built from the catalogue on each read and not kept: a reader that can answers from `whole`.
   */
  readonly actions: PermissionEntry[];
  /**
   * Set (not enumerable) when the role holds every catalogued action of the service through the
   * same grant list and nothing restricts them (`Action: *` or `service:*` without a Deny or a
   * boundary): the entries are then the catalogue's actions with this one grant.
   */
  readonly whole?: WholeService;
}

/** Every catalogued action of one service under one grant list, without restrictions. */
export interface WholeService {
  /** The catalogue's actions of the service, in entry order (shared with the catalogue: read-only). */
  readonly actions: readonly CatalogAction[];
  /** The entries' shared grant list (one grant). */
  readonly grants: Grant[];
  readonly resources: string[];
  readonly conditional: boolean;
  readonly unresolved: boolean;
  /** Empty: nothing restricts a whole service. */
  readonly restrictions: Restriction[];
  /** The catalogued action of the service with this name (any case), or undefined. */
  find(action: string): CatalogAction | undefined;
}

/** An action an Allow grants that a Deny or the boundary removes entirely. */
export interface RemovedPermission {
  action: string;
  by: 'deny' | 'boundary';
  statement: StatementRef | null;
}

export interface EffectivePermissions {
  services: ServicePermissions[];
  removed: RemovedPermission[];
  /** Reasons the list may be incomplete (unresolved policies, unresolved action names). */
  unresolved: string[];
}

// Shared by every entry without restrictions (most of them); replaced before the first push.
const NO_RESTRICTIONS = Object.freeze([]) as unknown as Restriction[];

function isSorted(entries: readonly PermissionEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]!.action > entries[i]!.action) return false;
  return true;
}

interface Located {
  statement: PolicyStatement;
  ref: StatementRef;
}

function statementRef(policy: NamedPolicy, role: PolicyRole, index: number, statement: PolicyStatement): StatementRef {
  const r: StatementRef = {
    policy: policy.name,
    role,
    index,
    effect: statement.effect,
    location: statement.location,
    match: statement.condition === undefined ? 'yes' : 'maybe',
  };
  if (policy.source !== undefined) r.source = policy.source;
  if (statement.sid !== undefined) r.sid = statement.sid;
  return r;
}

function collect(policies: readonly NamedPolicy[], role: PolicyRole, unresolvedOut: string[]): Located[] {
  const out: Located[] = [];
  for (const policy of policies) {
    if (isUnresolved(policy.document)) {
      unresolvedOut.push(`policy ${policy.name}: ${policy.document.reason}`);
      continue;
    }
    policy.document.statements.forEach((statement, index) => {
      out.push({ statement, ref: statementRef(policy, role, index, statement) });
    });
  }
  return out;
}

function patternsOf(values: readonly Maybe<string>[] | undefined, unresolvedOut: string[]): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    if (isUnresolved(v)) {
      unresolvedOut.push(v.reason);
      out.push(v.pattern ?? '*');
    } else out.push(v);
  }
  return out;
}

function hasConditions(s: PolicyStatement): boolean {
  return s.condition !== undefined && Object.keys(s.condition).length > 0;
}

function patternsApply(patterns: readonly Maybe<string>[], action: string): 'yes' | 'no' | 'maybe' {
  const compiled = actionPatterns(patterns);
  if (compiled !== null) return compiled.matches(action) ? 'yes' : 'no';
  let result: 'no' | 'maybe' = 'no';
  for (const p of patterns) {
    if (typeof p === 'string') {
      if (actionMatches(p, action)) return 'yes';
    } else if (p.pattern === undefined || actionMatches(p.pattern, action)) result = 'maybe';
  }
  return result;
}

function actionApplies(statement: PolicyStatement, action: string): 'yes' | 'no' | 'maybe' {
  if (statement.action !== undefined) return patternsApply(statement.action, action);
  if (statement.notAction !== undefined) {
    const t = patternsApply(statement.notAction, action);
    return t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'maybe';
  }
  return 'no';
}

/** Whether the statement's resource scope certainly contains every resource in `resources`. */
function scopeCovers(statement: PolicyStatement, resources: readonly string[]): boolean {
  if (statement.resource !== undefined) {
    const scope = statement.resource.filter((v): v is string => !isUnresolved(v));
    return resources.every((r) => scope.some((p) => arnCovers(p, r)));
  }
  if (statement.notResource !== undefined) {
    return resources.every((r) => statement.notResource!.every((v) => !isUnresolved(v) && !arnIntersects(v, r)));
  }
  return false;
}

/** Whether the statement's resource scope may meet some resource in `resources`. */
function scopeMeets(statement: PolicyStatement, resources: readonly string[]): boolean {
  if (statement.resource !== undefined) {
    return resources.some((r) => statement.resource!.some((v) => isUnresolved(v) ? arnIntersects(v.pattern ?? '*', r) : arnIntersects(v, r)));
  }
  if (statement.notResource !== undefined) {
    return resources.some((r) => !statement.notResource!.some((v) => !isUnresolved(v) && arnCovers(v, r)));
  }
  return false;
}

/** Expands one Allow statement's actions through the catalog; cached per distinct action list. */
function expandStatement(statement: PolicyStatement, catalog: ActionCatalog, cache: Map<string, readonly CatalogAction[]>, unresolvedOut: string[]): readonly CatalogAction[] {
  const patterns = patternsOf(statement.action ?? statement.notAction, unresolvedOut);
  const key = (statement.action !== undefined ? '+' : '-') + patterns.join('\u0001');
  let expanded = cache.get(key);
  if (expanded === undefined) {
    if (statement.action !== undefined) {
      const seen = new Map<string, CatalogAction>();
      for (const p of patterns) for (const a of catalog.expand(p)) seen.set(a.action, a);
      expanded = [...seen.values()];
    } else expanded = catalog.expandNot(patterns);
    cache.set(key, expanded);
  }
  return expanded;
}

/** Effective permissions of one set of identity policies under an optional boundary. */
export function effectivePermissions(
  identityPolicies: readonly NamedPolicy[],
  boundary: NamedPolicy | null,
  catalog: ActionCatalog,
  expansionCache: Map<string, readonly CatalogAction[]> = new Map(),
): EffectivePermissions {
  const unresolved: string[] = [];
  const statements = collect(identityPolicies, 'identity', unresolved);
  const allows = statements.filter((s) => s.statement.effect === 'Allow');
  const denies = statements.filter((s) => s.statement.effect === 'Deny');

  let boundaryAllows: Located[] | null = null;
  let boundaryDenies: Located[] = [];
  let boundaryUnresolved: string | null = null;
  if (boundary !== null) {
    if (isUnresolved(boundary.document)) boundaryUnresolved = `permissions boundary ${boundary.name}: ${boundary.document.reason}`;
    else {
      const b = collect([boundary], 'boundary', unresolved);
      boundaryAllows = b.filter((s) => s.statement.effect === 'Allow');
      boundaryDenies = b.filter((s) => s.statement.effect === 'Deny');
    }
  }
  const allDenies = [...denies, ...boundaryDenies];

  const entries = new Map<string, PermissionEntry>();
  const removed = new Map<string, RemovedPermission>();

  for (const allow of allows) {
    if (allow.statement.resource === undefined && allow.statement.notResource === undefined) continue;
    const statementUnresolved: string[] = [];
    const actions = expandStatement(allow.statement, catalog, expansionCache, statementUnresolved);
    const resources = allow.statement.resource !== undefined ? patternsOf(allow.statement.resource, statementUnresolved) : ['*'];
    const notResources = allow.statement.notResource !== undefined ? patternsOf(allow.statement.notResource, statementUnresolved) : undefined;
    for (const r of statementUnresolved) if (!unresolved.includes(r)) unresolved.push(r);

    // Everything that depends on the statement but not on the action is worked out once: the
    // grant itself (shared by every action it expands to unless the boundary narrows it), and
    // which denials and boundary statements can meet its resources at all.
    const scope = notResources === undefined ? resources : ['*'];
    const base: Grant = {
      resources: [...resources].sort(),
      conditional: hasConditions(allow.statement),
      conditionKeys: conditionKeys(allow.statement.condition),
      unresolved: statementUnresolved,
      statement: allow.ref,
    };
    if (notResources !== undefined) base.notResources = notResources;
    const baseList = Object.freeze([base]) as unknown as Grant[];
    const denyChecks = allDenies
      .filter((d) => scopeMeets(d.statement, scope))
      .map((d) => {
        const r: Restriction = {
          kind: 'deny',
          resources: d.statement.resource !== undefined ? patternsOf(d.statement.resource, []) : ['*'],
          conditional: hasConditions(d.statement),
          statement: d.ref,
        };
        if (d.statement.notResource !== undefined) r.notResources = patternsOf(d.statement.notResource, []);
        const removes = !hasConditions(d.statement) && notResources === undefined && scopeCovers(d.statement, scope);
        return { deny: d, restriction: r, maybeRestriction: { ...r, conditional: true }, removes };
      });
    const boundaryChecks =
      boundaryAllows === null
        ? null
        : boundaryAllows
            .filter((b) => scopeMeets(b.statement, scope))
            .map((b) => ({
              b,
              covers: !hasConditions(b.statement) && scopeCovers(b.statement, scope),
              restriction: {
                kind: 'boundary',
                resources: b.statement.resource !== undefined ? patternsOf(b.statement.resource, []) : ['*'],
                ...(b.statement.notResource !== undefined ? { notResources: patternsOf(b.statement.notResource, []) } : {}),
                conditional: hasConditions(b.statement),
                statement: b.ref,
              } satisfies Restriction as Restriction,
            }));
    const unresolvedBoundaryGrant: Grant | null =
      boundaryUnresolved === null ? null : { ...base, unresolved: [...statementUnresolved, boundaryUnresolved] };
    const unresolvedBoundaryRestriction: Restriction | null =
      boundaryUnresolved === null
        ? null
        : { kind: 'boundary', resources: ['*'], conditional: true, statement: null, reason: boundaryUnresolved };

    for (const action of actions) {
      let grant = base;
      let restrictions: Restriction[] | null = null;
      let dropped: RemovedPermission | null = null;

      for (const check of denyChecks) {
        const applies = actionApplies(check.deny.statement, action.action);
        if (applies === 'no') continue;
        if (applies === 'yes' && check.removes) {
          dropped = { action: action.action, by: 'deny', statement: check.deny.ref };
          break;
        }
        (restrictions ??= []).push(applies === 'yes' ? check.restriction : check.maybeRestriction);
      }

      if (dropped === null && unresolvedBoundaryGrant !== null) {
        grant = unresolvedBoundaryGrant;
        (restrictions ??= []).push(unresolvedBoundaryRestriction!);
      } else if (dropped === null && boundaryChecks !== null) {
        const meeting = boundaryChecks.filter((c) => actionApplies(c.b.statement, action.action) !== 'no');
        if (meeting.length === 0) {
          dropped = { action: action.action, by: 'boundary', statement: null };
        } else if (!meeting.some((c) => c.covers && actionApplies(c.b.statement, action.action) === 'yes')) {
          let narrowedResources = base.resources;
          if (notResources === undefined) {
            // Narrow the grant to the boundary's resources where one contains the other.
            const narrowed = new Set<string>();
            for (const r of base.resources) {
              if (meeting.some((c) => scopeCovers(c.b.statement, [r]))) narrowed.add(r);
              else {
                for (const c of meeting) {
                  for (const br of c.restriction.resources) {
                    if (arnCovers(r, br)) narrowed.add(br);
                    else if (arnIntersects(br, r)) narrowed.add(r);
                  }
                }
              }
            }
            narrowedResources = [...narrowed].sort();
          }
          grant = {
            ...base,
            resources: narrowedResources,
            conditional: base.conditional || meeting.every((c) => hasConditions(c.b.statement)),
          };
          for (const c of meeting) (restrictions ??= []).push(c.restriction);
        }
      }

      if (dropped !== null) {
        if (!entries.has(action.action) && !removed.has(action.action)) removed.set(action.action, dropped);
        continue;
      }
      if (grant.resources.length === 0) continue;
      let entry = entries.get(action.action);
      if (entry === undefined) {
        entry = {
          action: action.action,
          service: action.service,
          accessLevel: action.accessLevel,
          resourceTypes: action.resourceTypeNames,
          wildcardOnly: action.wildcardOnly,
          resources: grant.resources,
          conditional: true,
          unresolved: false,
          // Shared by every action of the statement until a second grant arrives (copy on write).
          grants: grant === base ? baseList : [grant],
          restrictions: NO_RESTRICTIONS,
        };
        entries.set(action.action, entry);
        if (removed.size > 0) removed.delete(action.action);
      } else entry.grants = [...entry.grants, grant];
      let restricted = false;
      if (restrictions !== null) {
        if (entry.restrictions === NO_RESTRICTIONS) entry.restrictions = [];
        for (const r of restrictions) {
          if (r.conditional || r.kind === 'boundary') restricted = true;
          if (!entry.restrictions.some((x) => x.statement === r.statement && x.kind === r.kind)) entry.restrictions.push(r);
        }
      }
      if (!grant.conditional && !restricted) entry.conditional = false;
      if (grant.unresolved.length > 0) entry.unresolved = true;
    }
  }

  const byService = new Map<string, PermissionEntry[]>();
  for (const entry of entries.values()) {
    if (entry.grants.length > 1) entry.resources = [...new Set(entry.grants.flatMap((g) => g.resources))].sort();
    let list = byService.get(entry.service);
    if (list === undefined) byService.set(entry.service, (list = []));
    list.push(entry);
  }
  const services = [...byService.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([service, actions]) => {
      const sorted = isSorted(actions) ? actions : actions.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
      const whole = wholeOf(service, sorted, catalog);
      return whole === null ? { service, actions: sorted } : wholeService(service, whole);
    });
  if (boundaryUnresolved !== null) unresolved.push(boundaryUnresolved);
  return {
    services,
    removed: [...removed.values()].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0)),
    unresolved: [...new Set(unresolved)].sort(),
  };
}

/**
 * The service's entries as one grant over the whole catalogue of the service, or null when they
 * are not that (another grant or a restriction on some action, an action the catalogue lacks, a
 * catalogued action missing). An `Action: *` role keeps ~400 of these instead of ~22,000 entries.
 */
function wholeOf(service: string, entries: readonly PermissionEntry[], catalog: ActionCatalog): WholeService | null {
  const first = entries[0];
  if (first === undefined || first.grants.length !== 1) return null;
  for (const e of entries) if (e.grants !== first.grants || e.restrictions !== NO_RESTRICTIONS) return null;
  const all = catalog.expand(`${service}:*`);
  if (all.length !== entries.length) return null;
  for (let i = 0; i < all.length; i++) if (all[i]!.action !== entries[i]!.action || !all[i]!.known) return null;
  const find = (action: string): CatalogAction | undefined => {
    const a = catalog.lookup(action);
    return a.known && a.service === service ? a : undefined;
  };
  return { actions: all, grants: first.grants, resources: first.resources, conditional: first.conditional, unresolved: first.unresolved, restrictions: NO_RESTRICTIONS, find };
}

/** The entry of one action of a whole service (the same fields, in the same order, as a listed one). */
export function wholeEntry(whole: WholeService, a: CatalogAction): PermissionEntry {
  return {
    action: a.action,
    service: a.service,
    accessLevel: a.accessLevel,
    resourceTypes: a.resourceTypeNames,
    wildcardOnly: a.wildcardOnly,
    resources: whole.resources,
    conditional: whole.conditional,
    unresolved: whole.unresolved,
    grants: whole.grants,
    restrictions: NO_RESTRICTIONS,
  };
}

/** A service granted whole: `actions` is built on read, `whole` answers without it. */
export function wholeService(service: string, whole: WholeService): ServicePermissions {
  const out = {
    service,
    get actions(): PermissionEntry[] {
      return whole.actions.map((a) => wholeEntry(whole, a));
    },
  };
  Object.defineProperty(out, 'whole', { value: whole, enumerable: false });
  return out;
}

/** How many actions a role's services grant (without building the entries of whole services). */
export function actionCount(services: readonly ServicePermissions[]): number {
  let n = 0;
  for (const s of services) n += s.whole !== undefined ? s.whole.actions.length : s.actions.length;
  return n;
}

/** What an entry says about its action (a catalogue entry has the same fields). */
export type EntryAction = Pick<PermissionEntry, 'action' | 'service' | 'accessLevel' | 'wildcardOnly'>;
/** What an entry says about its grant (every action of a whole service shares one). */
export type EntryShape = Pick<PermissionEntry, 'resources' | 'conditional' | 'unresolved' | 'grants' | 'restrictions'>;

/**
 * Calls `f` with each entry of the services, in order, as its action and its grant: a listed entry
 * is both; a whole service passes each catalogued action with the one shared grant (no entry built).
 */
export function forEachEntry(services: readonly ServicePermissions[], f: (action: EntryAction, shape: EntryShape, service: ServicePermissions) => void): void {
  for (const s of services) {
    const whole = s.whole;
    if (whole !== undefined) for (const a of whole.actions) f(a, whole, s);
    else for (const e of s.actions) f(e, e, s);
  }
}
