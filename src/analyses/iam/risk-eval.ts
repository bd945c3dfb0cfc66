/**
 * Which entries of the risk catalog (`risks.ts`) each function's role actually admits.
 *
 * Every step is decided by the policy engine (`IamAnalysis.isAllowed`) on the resources it needs —
 * other functions of the model, roles whose trust policy lets a service assume them, an arbitrary
 * resource of the action's type (a *probe* that no scoped pattern names) — so a Deny, a resource
 * scope, a permissions boundary or a condition that excludes those resources suppresses the risk.
 * The effective-permission lists only pre-filter (an action no statement grants is not evaluated).
 *
 * A step allowed only under conditions the analysis cannot decide makes the risk `conditional`
 * (reported with a lower severity, never dropped); one that hangs on unresolved values in a known
 * statement makes it `unresolved`. Roles whose policies are wholly unknown produce no match but a
 * reason in `undecided`.
 */
import type { Severity } from '../../model/findings.js';
import type { AppModel, FunctionNode, PolicyStatement, RoleNode } from '../../model/types.js';
import { dict, isUnresolved } from '../../model/types.js';
import { lowerSeverity as lowerBy } from '../../model/findings.js';
import type { IamAnalysis, RolePermissions } from './analyze.js';
import { entriesByAction } from './analyze.js';
import type { ActionCatalog } from './catalog.js';
import { actionCatalog } from './catalog.js';
import type { ContextValue, RequestContext } from './conditions.js';
import type { AccessDecision, StatementRef } from './evaluate.js';
import { actionMatches, arnMatches, splitArn } from './glob.js';
import type { EntryAction, EntryShape, Grant, PermissionEntry } from './permissions.js';
import { forEachEntry } from './permissions.js';
import type { RiskAlternative, RiskClass, RiskDefinition, RiskRequirement } from './risks.js';
import { NARROWING_TRUST_KEYS, RISKS, WILDCARD_WRITE_EXEMPT } from './risks.js';
import { cmp as compare } from '../../model/order.js';
import { CERTAINTY_RANK, type RiskCertainty, type RiskStepMatch, type RiskRelated, type RiskMatch, type PublicTrust, type IamRisks } from './risk-types.js';

export type { IamRisks, PublicTrust, RiskCertainty, RiskMatch, RiskRelated, RiskStepMatch, RoleRiskMatch } from './risk-types.js';

const RANK = CERTAINTY_RANK;
const CERTAINTY_OF: Partial<Record<AccessDecision['decision'], RiskCertainty>> = {
  allowed: 'allowed',
  'conditionally-allowed': 'conditional',
  unresolved: 'unresolved',
};
const PROBE = 'nightlight-probe';
/** Fills the wildcards of a grant's pattern to make one resource it names. */
const PICK = 'nightlight-pick';
const EXEMPT = new Set(WILDCARD_WRITE_EXEMPT);
const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';
/** How many resources a step remembers for a `same` step after it. */
const SAME_LIMIT = 25;

/**
 * What is known about every request a function makes: its credentials are a role session
 * (never signed with MFA). Everything else stays unknown.
 */
const BASE_CONTEXT: Record<string, ContextValue> = {
  'aws:MultiFactorAuthPresent': 'false',
  'aws:PrincipalType': 'AssumedRole',
};

interface Outcome {
  certainty: RiskCertainty;
  resources: string[];
  statements: StatementRef[];
  unknownKeys: Set<string>;
  unresolved: Set<string>;
  undecided: string[];
}

interface FunctionScope {
  fn: FunctionNode;
  roleId: string;
  permissions: RolePermissions;
  entries: EntryIndex;
  /** Whether some policy of the role is unknown (then actions it does not list may still be allowed). */
  open: boolean;
  account: string;
  region: string;
  partition: string;
}

/** A role's permission entries by action (the index is shared with the role's other readers). */
class EntryIndex {
  readonly #permissions: RolePermissions;

  constructor(permissions: RolePermissions) {
    this.#permissions = permissions;
  }

  /** The entry of a lower-case `service:action`. */
  get(action: string): PermissionEntry | undefined {
    return entriesByAction(this.#permissions).get(action);
  }

  /** Each entry as its action and its grant (see `forEachEntry`). */
  forEach(f: (action: EntryAction, shape: EntryShape) => void): void {
    forEachEntry(this.#permissions.services, f);
  }
}

function lowerSeverity(s: Severity): Severity {
  return lowerBy(s, 1);
}

function refKey(r: StatementRef): string {
  return `${r.policy}#${r.index}`;
}

/** The statements of a decision worth pointing at: known statements, certain ones first. */
function grantingStatements(d: AccessDecision): StatementRef[] {
  const known = d.allowedBy.filter((r) => r.index >= 0);
  return [...known.filter((r) => r.match === 'yes'), ...known.filter((r) => r.match !== 'yes')];
}

/** Whether a trust statement lets `service` (or anyone) assume the role. */
function trustsService(statement: PolicyStatement, service: string): boolean {
  if (statement.effect !== 'Allow') return false;
  const actions = statement.action ?? [];
  if (!actions.some((a) => typeof a === 'string' && actionMatches(a, 'sts:AssumeRole'))) return false;
  const p = statement.principal;
  if (p === undefined) return statement.notPrincipal !== undefined;
  if (p.any === true || (p.aws ?? []).some((a) => a === '*')) return true;
  return (p.service ?? []).some((s) => typeof s === 'string' && s.toLowerCase() === service.toLowerCase());
}

export class RiskEvaluator {
  readonly #iam: IamAnalysis;
  readonly #model: AppModel;
  readonly #catalog: ActionCatalog;
  readonly #functionArns: { id: string; arn: string }[];
  readonly #rolesByService = new Map<string, { id: string; arn: string }[]>();
  readonly #roleArns: { id: string; arn: string }[];
  readonly #probeCache = new Map<string, string>();
  readonly #entryCache = new Map<string, EntryIndex>();
  readonly #functionsById: Map<string, FunctionNode>;
  readonly #writeCache = new Map<string, { ref: StatementRef; actions: string[] }[]>();
  readonly #namedCache = new WeakMap<readonly Grant[], Map<readonly { id: string; arn: string }[], readonly { id: string; arn: string }[]>>();

  constructor(iam: IamAnalysis, model: AppModel, catalog: ActionCatalog = actionCatalog()) {
    this.#iam = iam;
    this.#model = model;
    this.#catalog = catalog;
    this.#functionsById = new Map(model.functions.map((f) => [f.id, f]));
    this.#functionArns = model.functions
      .filter((f): f is FunctionNode & { arn: string } => typeof f.arn === 'string')
      .map((f) => ({ id: f.id, arn: f.arn }))
      .sort((a, b) => compare(a.id, b.id));
    this.#roleArns = model.roles
      .filter((r): r is RoleNode & { arn: string } => typeof r.arn === 'string')
      .map((r) => ({ id: r.id, arn: r.arn }))
      .sort((a, b) => compare(a.id, b.id));
  }

  /** Every function's risks, the public trust policies, and what could not be decided. */
  analyze(): IamRisks {
    const byFunction: Record<string, RiskMatch[]> = dict();
    const undecided: Record<string, string[]> = dict();
    for (const fn of [...this.#model.functions].sort((a, b) => compare(a.id, b.id))) {
      const u: string[] = [];
      byFunction[fn.id] = this.risksFor(fn.id, u);
      if (u.length > 0) undecided[fn.id] = [...new Set(u)].sort();
    }
    return { byFunction, publicTrust: this.publicTrust(), undecided };
  }

  /**
   * The risks a function's role admits. Reasons for undecided steps are pushed on `undecided`.
   * `only`: the classes the caller keeps; the others are not evaluated (no other class's matches
   * depend on a wildcard-write or public-trust match, so the kept ones are the same).
   */
  risksFor(functionId: string, undecided: string[] = [], only?: ReadonlySet<RiskClass>): RiskMatch[] {
    const scope = this.#scope(functionId);
    if (scope === null) return [];
    const matches: RiskMatch[] = [];
    // The account-wide picture first (admin entries lead the catalog): an admin grant subsumes every
    // other risk of the same statements, which are then not worth evaluating action by action.
    const adminStatements = new Set<string>();
    for (const risk of RISKS) {
      if (only !== undefined && !only.has(risk.class)) continue;
      const m = this.#evaluate(risk, scope, undecided, adminStatements);
      for (const x of m) {
        matches.push(x);
        if (x.class === 'admin' && x.certainty === 'allowed') for (const s of x.steps) for (const r of s.statements) adminStatements.add(refKey(r));
      }
    }
    // The generic `*:*` match is redundant beside a named managed policy that explains it.
    const managed = matches.filter((m) => m.riskId.startsWith('managed-'));
    const kept = matches.filter((m) => {
      if (m.riskId === 'admin-equivalent' && managed.length > 0) {
        const named = new Set(managed.flatMap((x) => x.steps.flatMap((s) => s.statements.map(refKey))));
        if (m.steps.every((s) => s.statements.every((r) => named.has(refKey(r))))) return false;
      }
      if (m.class === 'admin' || adminStatements.size === 0) return true;
      return !m.steps.every((s) => s.statements.every((r) => adminStatements.has(refKey(r))));
    });
    // One grant, one finding: an action a dedicated risk reports on a statement is not repeated by
    // the generic wildcard-write match of that statement (which is dropped when nothing is left).
    const owned = new Map<string, Set<string>>();
    for (const m of kept) {
      if (m.class === 'wildcard-write') continue;
      for (const st of m.steps) for (const r of st.statements) for (const a of st.actions) {
        const set = owned.get(refKey(r)) ?? new Set<string>();
        set.add(a.toLowerCase());
        owned.set(refKey(r), set);
      }
    }
    for (let i = kept.length - 1; i >= 0; i--) {
      const m = kept[i]!;
      if (m.class !== 'wildcard-write') continue;
      const step = m.steps[0]!;
      const taken = owned.get(refKey(step.statements[0]!));
      if (taken === undefined) continue;
      const actions = step.actions.filter((a) => !taken.has(a.toLowerCase()));
      if (actions.length === 0) kept.splice(i, 1);
      else if (actions.length < step.actions.length) {
        const sample = actions.slice(0, 4).join(', ') + (actions.length > 4 ? `, … (${actions.length} actions)` : '');
        kept[i] = { ...m, steps: [{ ...step, actions }], detail: `${sample} on *` };
      }
    }
    const trust = only !== undefined && !only.has('public-role-trust') ? [] : this.publicTrust().filter((t) => t.roleId === scope.roleId);
    const trustRisk = RISKS.find((r) => r.class === 'public-role-trust')!;
    for (const t of trust) {
      kept.push({
        riskId: trustRisk.id,
        class: trustRisk.class,
        category: trustRisk.category,
        title: trustRisk.title,
        description: trustRisk.description,
        severity: trustRisk.severity,
        certainty: 'allowed',
        functionId,
        roleId: scope.roleId,
        steps: [],
        also: [],
        location: t.location,
        related: [],
        detail: `its role ${t.roleId} trusts ${t.reason}`,
        key: `${trustRisk.id}::${t.roleId}#${t.index}`,
      });
    }
    return kept.sort((a, b) => compare(a.riskId, b.riskId) || compare(a.key, b.key));
  }

  /** Roles of the model whose trust policy lets anyone assume them. */
  #publicTrust: PublicTrust[] | undefined;

  /** Computed once: every function's scope asks for it, and it walks every role and function. */
  publicTrust(): PublicTrust[] {
    if (this.#publicTrust !== undefined) return this.#publicTrust;
    const out: PublicTrust[] = (this.#publicTrust = []);
    for (const role of [...this.#model.roles].sort((a, b) => compare(a.id, b.id))) {
      if (role.trust === null || isUnresolved(role.trust)) continue;
      const functions = this.#model.functions.filter((f) => this.#iam.functionRoles[f.id] === role.id).map((f) => f.id).sort();
      for (const [index, s] of role.trust.statements.entries()) {
        const reason = publicTrustReason(s);
        if (reason === null) continue;
        const t: PublicTrust = { roleId: role.id, functions, location: s.location, reason, index };
        if (s.sid !== undefined) t.sid = s.sid;
        out.push(t);
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------

  #scope(functionId: string): FunctionScope | null {
    const fn = this.#functionsById.get(functionId);
    const permissions = this.#iam.permissionsOf(functionId);
    if (fn === undefined || permissions === null) return null;
    let entries = this.#entryCache.get(permissions.roleId);
    if (entries === undefined) {
      entries = new EntryIndex(permissions);
      this.#entryCache.set(permissions.roleId, entries);
    }
    const arn = typeof fn.arn === 'string' ? fn.arn : typeof permissions.roleArn === 'string' ? permissions.roleArn : null;
    const parts = arn === null ? null : splitArn(arn);
    const concrete = (v: string | undefined, fallback: string) => (v === undefined || v === '' || v.includes('*') ? fallback : v);
    return {
      fn,
      roleId: permissions.roleId,
      permissions,
      entries,
      open: permissions.policies.some((p) => !p.resolved),
      partition: concrete(parts?.[1], 'aws'),
      region: concrete(parts?.[2] === 'iam' ? undefined : parts?.[3], DEFAULT_REGION),
      account: concrete(parts?.[4], DEFAULT_ACCOUNT),
    };
  }

  #evaluate(risk: RiskDefinition, scope: FunctionScope, undecided: string[], adminStatements: ReadonlySet<string>): RiskMatch[] {
    switch (risk.match.kind) {
      case 'combination':
        return this.#combination(risk, risk.match.requires, risk.match.also ?? [], scope, undecided);
      case 'admin-equivalent': {
        const steps: RiskRequirement[] = risk.match.sentinels.map((a) => ({ label: a, anyOf: [{ action: a, on: { kind: 'any' } }] }));
        const m = this.#combination(risk, steps, [], scope, undecided);
        for (const x of m) {
          x.steps = [{ ...x.steps[0]!, label: 'every action on every resource', actions: ['*'] }];
          x.related = [];
          x.detail = `* on * (${risk.match.sentinels.length} sentinel actions across services all allowed)`;
        }
        return m;
      }
      case 'managed-policy': {
        const name = risk.match.policy;
        const attached = scope.permissions.policies.some((p) => p.source === 'aws-managed' && (p.name === name || p.name.endsWith(`/${name}`)));
        if (!attached) return [];
        const m = this.#combination(risk, [{ label: `act through ${name}`, anyOf: [{ action: risk.match.sentinel, on: { kind: 'any' } }] }], [], scope, undecided);
        const out: RiskMatch[] = [];
        for (const x of m) {
          const through = x.steps[0]!.statements.filter((r) => r.policy === name || r.policy.endsWith(`/${name}`));
          if (through.length === 0) continue; // the policy's grants are all taken away
          x.steps = [{ ...x.steps[0]!, statements: through, actions: [`${name}`] }];
          x.location = through[0]!.location;
          x.related = [];
          x.key = `${risk.id}::${through.map(refKey).join(',')}`;
          x.detail = `${name} is attached and still effective (${risk.match.sentinel} is allowed on any resource)`;
          out.push(x);
        }
        return out;
      }
      case 'wildcard-write':
        return this.#wildcardWrite(risk, scope, adminStatements);
      case 'public-trust':
        return []; // per role, see publicTrust()
    }
  }

  #combination(risk: RiskDefinition, requires: RiskRequirement[], also: RiskRequirement[], scope: FunctionScope, undecided: string[]): RiskMatch[] {
    const outcomes: Outcome[] = [];
    const steps: RiskStepMatch[] = [];
    for (const req of requires) {
      const best = this.#requirement(req, scope, outcomes, undecided);
      if (best === null) return [];
      outcomes.push(best.outcome);
      steps.push(best.step);
    }
    const alsoSteps: RiskStepMatch[] = [];
    for (const req of also) {
      const best = this.#requirement(req, scope, outcomes, []);
      if (best !== null) alsoSteps.push(best.step);
    }
    const certainty = steps.reduce<RiskCertainty>((acc, s) => (RANK[s.certainty] < RANK[acc] ? s.certainty : acc), 'allowed');
    const primary = steps[0]!.statements[0]!;
    const related: RiskRelated[] = [];
    const seen = new Set<string>([`${primary.location.file}:${primary.location.line}:${primary.location.column}`]);
    for (const s of [...steps, ...alsoSteps]) {
      for (const r of s.statements) {
        const k = `${r.location.file}:${r.location.line}:${r.location.column}`;
        if (seen.has(k)) continue;
        seen.add(k);
        related.push({ location: r.location, message: `${s.label}: ${s.actions.join(' / ')} on ${s.on} (${r.policy}${r.sid ? ` ${r.sid}` : ''})` });
      }
    }
    const detail = [...steps, ...alsoSteps].map((s) => `${s.actions.join(' / ')} on ${s.on}`).join('; ');
    const statementKeys = [...new Set(steps.flatMap((s) => s.statements.slice(0, 1).map(refKey)))];
    return [
      {
        riskId: risk.id,
        class: risk.class,
        category: risk.category,
        title: risk.title,
        description: risk.description,
        severity: certainty === 'allowed' ? risk.severity : lowerSeverity(risk.severity),
        certainty,
        functionId: scope.fn.id,
        roleId: scope.roleId,
        steps,
        also: alsoSteps,
        location: primary.location,
        related,
        detail,
        key: `${risk.id}::${statementKeys.join(',')}`,
      },
    ];
  }

  /** The best alternative of a requirement (all alternatives tied at the best certainty are merged). */
  #requirement(req: RiskRequirement, scope: FunctionScope, previous: Outcome[], undecided: string[]): { step: RiskStepMatch; outcome: Outcome } | null {
    let best: { alternatives: RiskAlternative[]; outcome: Outcome } | null = null;
    for (const alt of req.anyOf) {
      const o = this.#alternative(alt, scope, previous);
      if (o === null) continue;
      undecided.push(...o.undecided);
      if (o.resources.length === 0) continue;
      if (best === null || RANK[o.certainty] > RANK[best.outcome.certainty]) best = { alternatives: [alt], outcome: o };
      else if (RANK[o.certainty] === RANK[best.outcome.certainty]) {
        best.alternatives.push(alt);
        for (const s of o.statements) if (!best.outcome.statements.some((x) => refKey(x) === refKey(s))) best.outcome.statements.push(s);
      }
    }
    if (best === null) return null;
    const o = best.outcome;
    return {
      outcome: o,
      step: {
        label: req.label,
        actions: best.alternatives.map((a) => a.action),
        on: this.#describe(o.resources, best.alternatives[0]!),
        certainty: o.certainty,
        statements: o.statements,
        unknownKeys: [...o.unknownKeys].sort(),
        unresolved: [...o.unresolved].sort(),
      },
    };
  }

  #describe(resources: string[], alt: RiskAlternative): string {
    const probe = resources.find((r) => this.#isProbe(r));
    if (probe !== undefined) {
      if (probe === '*') return '*';
      const target = alt.on.kind;
      const noun =
        target === 'functions' || target === 'other-functions'
          ? 'function'
          : target === 'passable-roles' || target === 'roles'
            ? 'role'
            : this.#catalog.lookup(alt.action).resourceTypes.find((t) => t.required)?.name ?? this.#catalog.lookup(alt.action).resourceTypes[0]?.name ?? 'resource';
      return `any ${noun}`;
    }
    const names = resources.map((r) => this.#functionArns.find((f) => f.arn === r)?.id ?? this.#roleArns.find((x) => x.arn === r)?.id ?? r.split(PICK).join('*'));
    return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  }

  /** Evaluates one alternative on the resources its target stands for. */
  #alternative(alt: RiskAlternative, scope: FunctionScope, previous: Outcome[]): Outcome | null {
    const entry = scope.entries.get(alt.action.toLowerCase());
    if (entry === undefined && !scope.open) return null;
    const lazy = this.#candidates(alt, scope, entry, previous);
    if (lazy.first.length === 0) return null;
    const context: RequestContext = { values: { ...BASE_CONTEXT, ...(alt.context ?? {}) } };
    const outcome: Outcome = { certainty: 'unresolved', resources: [], statements: [], unknownKeys: new Set(), unresolved: new Set(), undecided: [] };
    let bestRank = 0;
    const many = alt.on.kind === 'other-functions' ? alt.on.many : undefined;
    let unscoped = false;
    const consider = (resource: string, d: AccessDecision): void => {
      const c = CERTAINTY_OF[d.decision];
      if (c === undefined) return;
      const statements = grantingStatements(d);
      if (statements.length === 0) {
        // Only wholly unknown policies might allow it: not a finding, but not safe either.
        outcome.undecided.push(...d.unresolved.map((u) => `${alt.action}: ${u}`));
        return;
      }
      const rank = RANK[c];
      if (rank < bestRank) return;
      if (rank > bestRank) {
        bestRank = rank;
        outcome.certainty = c;
        outcome.resources = [];
        outcome.statements = [];
        outcome.unknownKeys.clear();
        outcome.unresolved.clear();
      }
      if (outcome.resources.length < SAME_LIMIT) outcome.resources.push(resource);
      for (const s of statements) if (!outcome.statements.some((x) => refKey(x) === refKey(s))) outcome.statements.push(s);
      for (const k of d.unknownKeys) outcome.unknownKeys.add(k);
      for (const u of d.unresolved) outcome.unresolved.add(u);
      // An unscoped grant (the probe) answers for every resource of the kind.
      if (rank === RANK.allowed && this.#isProbe(resource)) unscoped = true;
    };
    for (const resource of lazy.first) consider(resource, this.#iam.isAllowed(scope.fn.id, alt.action, resource, context));
    if (!unscoped) {
      // The candidates are many (every function, every passable role): decided together, so that
      // those the role's statements cannot tell apart are decided once.
      const rest = lazy.rest();
      const decisions = this.#iam.isAllowedEach(scope.fn.id, alt.action, rest, context);
      rest.forEach((resource, i) => consider(resource, decisions[i]!));
    }
    if (many !== undefined && outcome.resources.length > 0 && !outcome.resources.some((r) => this.#isProbe(r)) && outcome.resources.length < many) {
      outcome.resources = [];
    }
    return outcome;
  }

  #isProbe(resource: string): boolean {
    return resource === '*' || resource.includes(PROBE);
  }

  /**
   * The resources an alternative is evaluated on: the probe first, then (only when the probe is not
   * certainly allowed) the model's resources its grants may name.
   */
  #candidates(alt: RiskAlternative, scope: FunctionScope, entry: PermissionEntry | undefined, previous: Outcome[]): { first: string[]; rest: () => string[] } {
    const none = (): string[] => [];
    const on = alt.on;
    if (on.kind === 'same') return { first: previous[on.step]?.resources ?? [], rest: none };
    const probe = this.#probe(alt.action, scope, alt.type);
    if (on.kind === 'any') return { first: [probe], rest: none };
    // No known statement grants the action (the role is open: unknown policies only). Every
    // resource would get the probe's answer ("only unknown policies might allow it"), so the probe
    // alone decides: 1,000 functions whose roles are ARNs only stay linear, not 1,000 × 1,000.
    if (entry === undefined) return { first: on.kind === 'functions' || on.kind === 'other-functions' ? [this.#probeOf('lambda', `function:${PROBE}`, scope)] : on.kind === 'some' ? [probe] : [`arn:${scope.partition}:iam::${scope.account}:role/${PROBE}`], rest: none };
    if (on.kind === 'some') {
      return {
        first: [probe],
        rest: () => {
          const out: string[] = [];
          for (const pattern of entry?.resources ?? []) {
            const instance = this.#instance(pattern, scope);
            if (instance !== null && instance !== probe && !out.includes(instance)) out.push(instance);
          }
          return out;
        },
      };
    }
    if (on.kind === 'functions' || on.kind === 'other-functions') {
      return {
        first: [this.#probeOf('lambda', `function:${PROBE}`, scope)],
        rest: () => this.#named(this.#functionArns, entry.grants).filter((f) => !(on.kind === 'other-functions' && f.id === scope.fn.id)).map((f) => f.arn),
      };
    }
    const roleProbe = `arn:${scope.partition}:iam::${scope.account}:role/${PROBE}`;
    return {
      first: [roleProbe],
      rest: () => {
        const pool = on.kind === 'passable-roles' ? this.#passableRoles(on.service) : this.#roleArns;
        // Passing its own role gains nothing.
        return this.#named(pool, entry.grants).filter((r) => !(on.kind === 'passable-roles' && r.id === scope.roleId)).map((r) => r.arn);
      },
    };
  }

  /**
   * The members of a pool (functions, roles) that some grant of a list may name. Kept per grant
   * list: the entries of one statement share theirs (an `Action: *` role's ~22,000), and its
   * functions and roles are asked about for every action of the catalog that targets them.
   */
  #named(pool: readonly { id: string; arn: string }[], grants: readonly Grant[]): readonly { id: string; arn: string }[] {
    let byPool = this.#namedCache.get(grants);
    if (byPool === undefined) this.#namedCache.set(grants, (byPool = new Map()));
    let named = byPool.get(pool);
    if (named === undefined) {
      named = pool.filter((x) => grants.some((g) => g.notResources !== undefined || g.resources.some((p) => arnMatches(p, x.arn))));
      byPool.set(pool, named);
    }
    return named;
  }

  #passableRoles(service: string): { id: string; arn: string }[] {
    let list = this.#rolesByService.get(service);
    if (list === undefined) {
      const ids = new Set(
        this.#model.roles
          .filter((r) => r.trust !== null && !isUnresolved(r.trust) && r.trust.statements.some((s) => trustsService(s, service)))
          .map((r) => r.id),
      );
      list = this.#roleArns.filter((r) => ids.has(r.id));
      this.#rolesByService.set(service, list);
    }
    return list;
  }

  /** An arbitrary resource of the action's (first) resource type, or `*` for wildcard-only actions. */
  #probe(action: string, scope: FunctionScope, type?: string): string {
    const key = `${action}\u0000${type ?? ''}\u0000${scope.partition}:${scope.region}:${scope.account}`;
    let probe = this.#probeCache.get(key);
    if (probe !== undefined) return probe;
    const a = this.#catalog.lookup(action);
    probe = '*';
    if (a.known && !a.wildcardOnly) {
      // The named type, else a required one, else the plainest (access points and indexes last).
      const score = (t: { name: string; required: boolean }) =>
        (type !== undefined && t.name.toLowerCase() === type.toLowerCase() ? 4 : 0) + (t.required ? 2 : 0) + (/^accesspoint|index$/i.test(t.name) ? 0 : 1);
      const types = [...a.resourceTypes].sort((x, y) => score(y) - score(x));
      for (const t of types) {
        const template = t.arn;
        if (template === null) continue;
        probe = template.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
          name === 'Partition' ? scope.partition : name === 'Region' ? scope.region : name === 'Account' ? scope.account : PROBE,
        );
        break;
      }
    }
    this.#probeCache.set(key, probe);
    return probe;
  }

  #probeOf(service: string, resource: string, scope: FunctionScope): string {
    return `arn:${scope.partition}:${service}:${scope.region}:${scope.account}:${resource}`;
  }

  /** A concrete resource that a grant pattern names (its wildcards filled in). */
  #instance(pattern: string, scope: FunctionScope): string | null {
    if (pattern === '*') return null;
    const parts = splitArn(pattern);
    if (parts === null || parts.length < 6) return null;
    const fill = (segment: string, value: string) => (segment.includes('*') || segment.includes('?') ? value : segment);
    const resource = parts[5]!.replace(/\*/g, PICK).replace(/\?/g, 'x');
    return ['arn', fill(parts[1]!, scope.partition), parts[2]!, fill(parts[3]!, parts[3] === '' ? '' : scope.region), fill(parts[4]!, parts[4] === '' ? '' : scope.account), resource].join(':');
  }

  #wildcardWrite(risk: RiskDefinition, scope: FunctionScope, adminStatements: ReadonlySet<string>): RiskMatch[] {
    // Independent of the function: computed once per role (and probe account/region).
    const cacheKey = `${scope.roleId}\u0000${scope.partition}:${scope.region}:${scope.account}`;
    let groups = this.#writeCache.get(cacheKey);
    if (groups === undefined) {
      groups = this.#wildcardWriteGroups(scope, adminStatements);
      this.#writeCache.set(cacheKey, groups);
    }
    return groups.map((g): RiskMatch => {
      const actions = g.actions;
      const sample = actions.slice(0, 4).join(', ') + (actions.length > 4 ? `, … (${actions.length} actions)` : '');
      return {
        riskId: risk.id,
        class: risk.class,
        category: risk.category,
        title: risk.title,
        description: risk.description,
        severity: risk.severity,
        certainty: 'allowed',
        functionId: scope.fn.id,
        roleId: scope.roleId,
        steps: [{ label: 'write on every resource', actions, on: '*', certainty: 'allowed', statements: [g.ref], unknownKeys: [], unresolved: [] }],
        also: [],
        location: g.ref.location,
        related: [],
        detail: `${sample} on *`,
        key: `${risk.id}::${refKey(g.ref)}`,
      };
    });
  }

  #wildcardWriteGroups(scope: FunctionScope, adminStatements: ReadonlySet<string>): { ref: StatementRef; actions: string[] }[] {
    const byStatement = new Map<string, { ref: StatementRef; actions: string[] }>();
    // Entries of one statement share their grant list (an `Action: *` role has ~22,000 entries).
    const certainOf = new Map<readonly Grant[], Grant[]>();
    scope.entries.forEach((entry, shape) => {
      if (entry.wildcardOnly || (entry.accessLevel !== 'Write' && entry.accessLevel !== 'Permissions management')) return;
      if (EXEMPT.has(entry.action)) return;
      let certain = certainOf.get(shape.grants);
      if (certain === undefined) {
        certain = shape.grants.filter((g) => !g.conditional && g.unresolved.length === 0 && !isLambdaExecutionPolicy(g.statement) && (adminStatements.size === 0 || !adminStatements.has(refKey(g.statement))));
        certainOf.set(shape.grants, certain);
      }
      if (certain.length === 0) return;
      let probe: string | null = null;
      const unscoped = certain.filter(
        (g) => g.notResources !== undefined || g.resources.some((p) => p === '*' || (p.includes('*') && arnMatches(p, (probe ??= this.#probe(entry.action, scope))))),
      );
      if (unscoped.length === 0) return;
      probe ??= this.#probe(entry.action, scope);
      const d = this.#iam.isAllowed(scope.fn.id, entry.action, probe, { values: BASE_CONTEXT });
      if (d.decision !== 'allowed') return;
      const keys = new Set(unscoped.map((g) => refKey(g.statement)));
      const ref = grantingStatements(d).find((r) => keys.has(refKey(r))) ?? unscoped[0]!.statement;
      const k = refKey(ref);
      let group = byStatement.get(k);
      if (group === undefined) byStatement.set(k, (group = { ref, actions: [] }));
      group.actions.push(entry.action);
    });
    return [...byStatement.entries()].sort(([a], [b]) => compare(a, b)).map(([, g]) => ({ ref: g.ref, actions: g.actions.sort() }));
  }
}

/**
 * AWS's execution-role policies for Lambda event sources and runtimes (SAM attaches them for SQS,
 * Kinesis, DynamoDB, MSK and VPC functions, and the durable-execution baseline for durable
 * functions): their `*` grants are what the Lambda service polls with, the
 * tool's default rather than a statement the user wrote. Not reported as wildcard writes; the
 * least-privilege suggestion still narrows them.
 */
function isLambdaExecutionPolicy(ref: StatementRef): boolean {
  return ref.source === 'aws-managed' && /service-role\/AWSLambda(SQSQueue|Kinesis|DynamoDB|MSK|VPCAccess|Basic|ENIManagement)ExecutionRole$|service-role\/AWSLambdaENIManagementAccess$|AWSLambdaBasicDurableExecutionRolePolicy$/.test(ref.policy);
}

/** Why a trust statement is open to anyone, or null. */
export function publicTrustReason(s: PolicyStatement): string | null {
  if (s.effect !== 'Allow') return null;
  const actions = s.action ?? [];
  const assumes = s.notAction !== undefined || actions.some((a) => typeof a === 'string' && (actionMatches(a, 'sts:AssumeRole') || actionMatches(a, 'sts:AssumeRoleWithWebIdentity') || actionMatches(a, 'sts:AssumeRoleWithSAML')));
  if (!assumes) return null;
  let reason: string | null = null;
  if (s.notPrincipal !== undefined) reason = 'every principal but those in NotPrincipal';
  else if (s.principal?.any === true) reason = 'Principal "*"';
  else if ((s.principal?.aws ?? []).some((a) => a === '*')) reason = 'Principal AWS "*"';
  if (reason === null) return null;
  // A condition naming accounts, organizations, principals or sources narrows it.
  for (const [operator, block] of Object.entries(s.condition ?? {})) {
    const op = operator.toLowerCase();
    if (op.includes('not') || op.startsWith('null')) continue;
    if (Object.keys(block).some((k) => NARROWING_TRUST_KEYS.includes(k.toLowerCase()))) return null;
  }
  return reason;
}

const evaluators = new WeakMap<IamAnalysis, RiskEvaluator>();

function evaluatorFor(iam: IamAnalysis, model: AppModel): RiskEvaluator {
  let e = evaluators.get(iam);
  if (e === undefined) evaluators.set(iam, (e = new RiskEvaluator(iam, model)));
  return e;
}

/** The risks a function's role admits, with the statements that grant them. */
export function risksFor(iam: IamAnalysis, model: AppModel, functionId: string): RiskMatch[] {
  return evaluatorFor(iam, model).risksFor(functionId);
}

/** Every function's risks, computed once per run (exposed as `analyses.iamRisks`). */
export function analyzeIamRisks(model: AppModel, iam: IamAnalysis): IamRisks {
  return evaluatorFor(iam, model).analyze();
}
