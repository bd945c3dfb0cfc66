/**
 * The policy evaluation engine: one request (principal, action, resource, context) against identity
 * policies, an optional permissions boundary and an optional resource-based policy, following the
 * AWS evaluation logic for a principal in one account: explicit Deny wins, then an Allow is needed
 * (identity, intersected with the boundary; or, in the same account, the resource policy), else the
 * request is implicitly denied.
 *
 * Everything is three-valued. A statement whose condition reads a key the context does not supply
 * "maybe" applies; so does one that mentions an unresolved value. A decision that hangs on such a
 * statement is `conditionally-allowed` (context keys only) or `unresolved` (unknown values) —
 * never denied.
 */
import type {
  Effect,
  Maybe,
  PolicyDocument,
  PolicyPrincipal,
  PolicySource,
  PolicyStatement,
  SourceLocation,
} from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import type { Doubt, NormalContext, RequestContext, Truth } from './conditions.js';
import { and, evaluateConditions, newDoubt, normaliseContext, not, or, substituteVariables } from './conditions.js';
import { actionMatches, actionPatterns, arnAccount, arnCovers, arnIntersects, arnMatches } from './glob.js';

export type Decision = 'allowed' | 'conditionally-allowed' | 'unresolved' | 'explicitly-denied' | 'implicitly-denied';

/** Where a policy sits in the evaluation. */
export type PolicyRole = 'identity' | 'boundary' | 'resource';

export interface NamedPolicy {
  /** Policy name, managed policy ARN, SAM template name, or the resource id for a resource policy. */
  name: string;
  source?: PolicySource;
  document: Maybe<PolicyDocument>;
  /** Where the policy is attached (used when the document itself is unresolved). */
  location?: SourceLocation;
}

/** A statement that took part in a decision. */
export interface StatementRef {
  policy: string;
  role: PolicyRole;
  source?: PolicySource;
  /** Index of the statement in its document (-1 for an unresolved document). */
  index: number;
  sid?: string;
  effect: Effect;
  location: SourceLocation;
  /** `maybe`: the statement applies only under conditions, or through unresolved values. */
  match: 'yes' | 'maybe';
}

export interface AccessRequest {
  /** `service:Action`. */
  action: string;
  /**
   * The resource ARN. A string with `*` is a pattern ("some resource like this"); the bare `*` is
   * the literal resource of wildcard-only actions. An Unresolved value uses its pattern when it has one.
   */
  resource: Maybe<string>;
  /** The calling role's ARN (for resource-policy principals and `aws:PrincipalArn`). */
  principalArn?: Maybe<string> | null;
  /** Accounts; when both are known and differ, the request is cross-account. */
  principalAccount?: string | null;
  resourceAccount?: string | null;
  context?: RequestContext;
}

export interface EvaluationInput {
  identityPolicies: readonly NamedPolicy[];
  permissionsBoundary?: NamedPolicy | null;
  resourcePolicy?: NamedPolicy | null;
  /**
   * `kms-key`: a key policy must allow the request itself, or delegate to the account (root
   * principal) so that identity policies can. Other resource policies are optional in the same account.
   */
  resourcePolicyKind?: 'default' | 'kms-key';
  request: AccessRequest;
}

export interface AccessDecision {
  decision: Decision;
  /** Allow statements that apply (identity and resource policy). */
  allowedBy: StatementRef[];
  /** Deny statements that apply or may apply. */
  deniedBy: StatementRef[];
  /** What the permissions boundary did: `none` when there is none. */
  boundary: 'none' | 'allows' | 'blocks' | 'maybe';
  /** Context keys the decision hangs on. */
  unknownKeys: string[];
  /** Reasons of unresolved values the decision hangs on. */
  unresolved: string[];
}

// ---------------------------------------------------------------------------------------------
// Request resource
// ---------------------------------------------------------------------------------------------

type RequestResource =
  | { kind: 'concrete'; value: string }
  | { kind: 'pattern'; value: string; reason: string }
  | { kind: 'unknown'; reason: string };

function requestResource(resource: Maybe<string>): RequestResource {
  if (isUnresolved(resource)) {
    if (resource.pattern !== undefined && resource.pattern !== '*') {
      return resource.pattern.includes('*')
        ? { kind: 'pattern', value: resource.pattern, reason: resource.reason }
        : { kind: 'concrete', value: resource.pattern };
    }
    return { kind: 'unknown', reason: resource.reason };
  }
  if (resource !== '*' && resource.includes('*')) {
    return { kind: 'pattern', value: resource, reason: `the request names resources by pattern ${resource}` };
  }
  return { kind: 'concrete', value: resource };
}

// ---------------------------------------------------------------------------------------------
// Statement matching
// ---------------------------------------------------------------------------------------------

export function matchActions(patterns: readonly Maybe<string>[], action: string, doubt: Doubt): Truth {
  let result: Truth = 'no';
  for (const p of patterns) {
    if (isUnresolved(p)) {
      if (p.pattern !== undefined && !actionMatches(p.pattern, action)) continue;
      doubt.unresolved.add(p.reason);
      result = or(result, 'maybe');
      continue;
    }
    if (actionMatches(p, action)) return 'yes';
  }
  return result;
}

/** Whether one policy resource value matches the request resource. */
function matchOneResource(value: Maybe<string>, req: RequestResource, context: NormalContext, doubt: Doubt): Truth {
  let pattern: string;
  let certain = true;
  if (isUnresolved(value)) {
    doubt.unresolved.add(value.reason);
    if (value.pattern === undefined) return 'maybe';
    pattern = value.pattern;
    certain = false;
  } else {
    const sub = substituteVariables(value, context, true);
    if (sub.absent) return 'no';
    pattern = sub.value.replace(/\u0000(.)/g, '$1');
    if (!sub.exact) {
      for (const k of sub.missing) doubt.unknownKeys.add(k);
      certain = false;
    }
  }
  switch (req.kind) {
    case 'unknown':
      doubt.unresolved.add(req.reason);
      return pattern === '*' && certain ? 'yes' : 'maybe';
    case 'concrete':
      if (certain) return arnMatches(pattern, req.value) ? 'yes' : 'no';
      return arnIntersects(pattern, req.value) ? 'maybe' : 'no';
    case 'pattern':
      if (certain && arnCovers(pattern, req.value)) return 'yes';
      if (arnIntersects(pattern, req.value)) {
        doubt.unresolved.add(req.reason);
        return 'maybe';
      }
      return 'no';
  }
}

function matchResources(values: readonly Maybe<string>[], req: RequestResource, context: NormalContext, doubt: Doubt): Truth {
  let result: Truth = 'no';
  for (const v of values) {
    result = or(result, matchOneResource(v, req, context, doubt));
    if (result === 'yes') return 'yes';
  }
  return result;
}

/** How a resource policy's Principal relates to the caller. */
interface PrincipalMatch {
  /** The statement names the caller itself (or everyone). */
  exact: Truth;
  /** The statement names the caller's account (delegates to the account's identity policies). */
  account: Truth;
  /** The statement names everyone (`*`), which includes the caller's role sessions. */
  wildcard: Truth;
}

function principalMatches(
  principal: PolicyPrincipal,
  callerArn: Maybe<string> | null | undefined,
  callerAccount: string | null | undefined,
  doubt: Doubt,
): PrincipalMatch {
  if (principal.any === true) return { exact: 'yes', account: 'no', wildcard: 'yes' };
  let exact: Truth = 'no';
  let account: Truth = 'no';
  for (const p of principal.aws ?? []) {
    if (isUnresolved(p)) {
      doubt.unresolved.add(p.reason);
      exact = or(exact, 'maybe');
      continue;
    }
    if (p === '*') return { exact: 'yes', account: 'no', wildcard: 'yes' };
    const accountOnly = /^\d{12}$/.test(p) ? p : /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(p)?.[1] ?? null;
    if (accountOnly !== null) {
      if (callerAccount === null || callerAccount === undefined) {
        doubt.unresolved.add('the caller account is not known');
        account = or(account, 'maybe');
      } else if (accountOnly === callerAccount) account = 'yes';
      continue;
    }
    if (callerArn === null || callerArn === undefined || isUnresolved(callerArn)) {
      doubt.unresolved.add(isUnresolved(callerArn) ? callerArn.reason : 'the caller ARN is not known');
      exact = or(exact, 'maybe');
    } else if (p === callerArn) exact = 'yes';
  }
  // Service, federated and canonical-user principals never name an IAM role.
  return { exact, account, wildcard: 'no' };
}

export interface StatementTruth {
  /** The statement applies to the request (for resource policies: to the caller, at any level). */
  applies: Truth;
  /** For resource policies: the statement names the caller or everyone (not only its account). */
  exact: Truth;
  /** For resource policies: the statement names everyone (`Principal: "*"`), role sessions included. */
  wildcard: Truth;
  doubt: Doubt;
}

const NO_MATCH: StatementTruth = Object.freeze({ applies: 'no', exact: 'no', wildcard: 'no', doubt: newDoubt() }) as StatementTruth;

/**
 * Whether a statement may take part in a request for `action`: false only when it names its
 * actions in a known list without it (matchStatement's first test). NotAction statements may.
 */
export function mayApplyToAction(statement: PolicyStatement, action: string): boolean {
  if (statement.action === undefined) return statement.notAction !== undefined;
  const compiled = actionPatterns(statement.action);
  return compiled === null || compiled.matches(action);
}

/**
 * Whether identity or boundary policies answer a request for `action` on a concrete resource (an
 * ARN without wildcards) the same way whatever the resource: every statement that may take part
 * names `Resource: "*"` (a `yes` without doubt for any such resource) or names no resource at all
 * (never applies), and unknown documents answer `maybe` whatever the resource.
 */
export function resourceBlind(policies: readonly (NamedPolicy | null)[], action: string): boolean {
  for (const policy of policies) {
    const doc = policy?.document;
    if (doc === undefined || isUnresolved(doc)) continue;
    for (const statement of doc.statements) {
      if (!mayApplyToAction(statement, action)) continue;
      if (statement.resource !== undefined ? !statement.resource.every((v) => v === '*') : statement.notResource !== undefined) return false;
    }
  }
  return true;
}

/**
 * Whether a resource-based policy takes no part in a request for `action` (outside KMS): a known
 * document none of whose statements may apply to the action is tallied as no policy at all (no
 * allow, no deny, no statement, no doubt), so the decision is what it would be without one.
 */
export function resourcePolicyInert(policy: NamedPolicy | null | undefined, kind: EvaluationInput['resourcePolicyKind'], action: string): boolean {
  if (kind === 'kms-key') return false;
  if (policy === null || policy === undefined) return true;
  const doc = policy.document;
  return !isUnresolved(doc) && !doc.statements.some((s) => mayApplyToAction(s, action));
}

/** Whether one statement applies to the request. */
export function matchStatement(
  statement: PolicyStatement,
  role: PolicyRole,
  request: AccessRequest,
  context: NormalContext,
): StatementTruth {
  // Most statements fail on the action: decide that before allocating anything.
  const patterns = statement.action ?? statement.notAction;
  if (patterns === undefined) return NO_MATCH;
  // A list of known names (nearly all) is compiled once and decides without a doubt.
  const compiled = actionPatterns(patterns);
  const named: Truth | null = compiled === null ? null : compiled.matches(request.action) ? 'yes' : 'no';
  if (statement.action !== undefined && named === 'no') return NO_MATCH;
  const doubt = newDoubt();
  const none: StatementTruth = { applies: 'no', exact: 'no', wildcard: 'no', doubt };

  let actionT: Truth;
  if (statement.action !== undefined) actionT = named ?? matchActions(statement.action, request.action, doubt);
  else if (statement.notAction !== undefined) actionT = not(named ?? matchActions(statement.notAction, request.action, doubt));
  else actionT = 'no';
  if (actionT === 'no') return none;

  const req = requestResource(request.resource);
  let resourceT: Truth;
  if (statement.resource !== undefined) resourceT = matchResources(statement.resource, req, context, doubt);
  else if (statement.notResource !== undefined) {
    // A NotResource statement applies to resources outside every listed pattern. For a request
    // pattern the statement surely applies only when no listed pattern can meet it.
    const listed = statement.notResource;
    if (req.kind === 'pattern') {
      const meets = listed.some((v) => isUnresolved(v) || arnIntersects(substituteVariables(v, context, false).value, req.value));
      resourceT = meets ? 'maybe' : 'yes';
      if (meets) doubt.unresolved.add(req.reason);
    } else resourceT = not(matchResources(listed, req, context, doubt));
  } else resourceT = role === 'resource' ? 'yes' : 'no';
  if (resourceT === 'no') return none;

  let exact: Truth = 'yes';
  let wildcard: Truth = 'no';
  let principalT: Truth = 'yes';
  if (role === 'resource') {
    if (statement.principal !== undefined) {
      const m = principalMatches(statement.principal, request.principalArn, request.principalAccount, doubt);
      exact = m.exact;
      wildcard = m.wildcard;
      principalT = or(m.exact, m.account);
    } else if (statement.notPrincipal !== undefined) {
      const m = principalMatches(statement.notPrincipal, request.principalArn, request.principalAccount, doubt);
      principalT = not(or(m.exact, m.account));
      exact = principalT;
    } else {
      principalT = 'no';
      exact = 'no';
    }
    if (principalT === 'no') return none;
  }

  const conditionT = evaluateConditions(statement.condition, context, doubt);
  const applies = and(and(actionT, resourceT), and(principalT, conditionT));
  return { applies, exact: and(applies, exact), wildcard: and(applies, wildcard), doubt };
}

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

interface Tally {
  allow: Truth;
  /** Resource policies: allows that name the caller itself. */
  allowExact: Truth;
  /** Resource policies: allows that name everyone (and so the caller's role session). */
  allowWildcard: Truth;
  deny: Truth;
  allowRefs: StatementRef[];
  denyRefs: StatementRef[];
  doubts: Doubt[];
}

function ref(policy: NamedPolicy, role: PolicyRole, index: number, statement: PolicyStatement | null, match: 'yes' | 'maybe', location: SourceLocation): StatementRef {
  const r: StatementRef = {
    policy: policy.name,
    role,
    index,
    effect: statement?.effect ?? 'Allow',
    location,
    match,
  };
  if (policy.source !== undefined) r.source = policy.source;
  if (statement?.sid !== undefined) r.sid = statement.sid;
  return r;
}

function tally(policies: readonly NamedPolicy[], role: PolicyRole, request: AccessRequest, context: NormalContext): Tally {
  const t: Tally = { allow: 'no', allowExact: 'no', allowWildcard: 'no', deny: 'no', allowRefs: [], denyRefs: [], doubts: [] };
  for (const policy of policies) {
    const doc = policy.document;
    if (isUnresolved(doc)) {
      // An unknown policy may grant anything; its possible denials are not assumed.
      t.allow = or(t.allow, 'maybe');
      t.allowExact = or(t.allowExact, 'maybe');
      const d = newDoubt();
      d.unresolved.add(`policy ${policy.name}: ${doc.reason}`);
      t.doubts.push(d);
      t.allowRefs.push(ref(policy, role, -1, null, 'maybe', policy.location ?? { file: '', line: 1, column: 1 }));
      continue;
    }
    doc.statements.forEach((statement, index) => {
      const m = matchStatement(statement, role, request, context);
      if (m.applies === 'no') return;
      const match = m.applies === 'yes' ? 'yes' : 'maybe';
      if (match === 'maybe') t.doubts.push(m.doubt);
      if (statement.effect === 'Deny') {
        t.deny = or(t.deny, m.applies);
        t.denyRefs.push(ref(policy, role, index, statement, match, statement.location));
      } else {
        t.allow = or(t.allow, m.applies);
        t.allowExact = or(t.allowExact, m.exact);
        t.allowWildcard = or(t.allowWildcard, m.wildcard);
        t.allowRefs.push(ref(policy, role, index, statement, match, statement.location));
      }
    });
  }
  return t;
}

/** Fills in what the engine knows about the caller when the context does not say it. */
function withPrincipalKeys(request: AccessRequest): NormalContext {
  const context = normaliseContext(request.context);
  const arn = request.principalArn;
  if (typeof arn === 'string' && !context.values.has('aws:principalarn')) context.values.set('aws:principalarn', [arn]);
  if (request.principalAccount && !context.values.has('aws:principalaccount')) {
    context.values.set('aws:principalaccount', [request.principalAccount]);
  }
  return context;
}

/** Evaluates one request. Pure: no I/O. */
export function evaluateAccess(input: EvaluationInput): AccessDecision {
  const request = input.request;
  const context = withPrincipalKeys(request);
  const identity = tally(input.identityPolicies, 'identity', request, context);
  const boundaryPolicy = input.permissionsBoundary ?? null;
  const boundary = boundaryPolicy === null ? null : tally([boundaryPolicy], 'boundary', request, context);
  const resource = input.resourcePolicy ? tally([input.resourcePolicy], 'resource', request, context) : null;

  const boundaryOk: Truth = boundary === null ? 'yes' : and(boundary.allow, not(boundary.deny));
  const crossAccount =
    !!request.principalAccount && !!request.resourceAccount && request.principalAccount !== request.resourceAccount;

  const identityAllow = and(identity.allow, boundaryOk);
  let allow: Truth;
  if (input.resourcePolicyKind === 'kms-key') {
    const keyPolicy = resource ?? { allow: 'no' as Truth, allowExact: 'no' as Truth };
    allow = or(and(keyPolicy.allowExact, boundaryOk), and(keyPolicy.allow, identityAllow));
  } else if (resource === null) allow = crossAccount ? 'no' : identityAllow;
  else if (crossAccount) allow = and(identityAllow, resource.allow);
  // Same account: a resource policy naming the role grants on its own, still within the boundary
  // (AWS limits grants to a role ARN by the boundary's implicit deny). `Principal: "*"` also names
  // the role session that actually signs the request, and grants to a session are not limited.
  else allow = or(identityAllow, or(and(resource.allowExact, boundaryOk), resource.allowWildcard));

  const deny = or(identity.deny, or(boundary?.deny ?? 'no', resource?.deny ?? 'no'));
  const final = and(allow, not(deny));

  const allowedBy = [...identity.allowRefs, ...(resource?.allowRefs ?? [])];
  const deniedBy = [...identity.denyRefs, ...(boundary?.denyRefs ?? []), ...(resource?.denyRefs ?? [])];
  const unknownKeys = new Set<string>();
  const unresolvedReasons = new Set<string>();
  if (final === 'maybe') {
    for (const d of [...identity.doubts, ...(boundary?.doubts ?? []), ...(resource?.doubts ?? [])]) {
      for (const k of d.unknownKeys) unknownKeys.add(k);
      for (const u of d.unresolved) unresolvedReasons.add(u);
    }
  }
  let decision: Decision;
  if (deny === 'yes') decision = 'explicitly-denied';
  else if (final === 'no') decision = 'implicitly-denied';
  else if (final === 'yes') decision = 'allowed';
  else decision = unresolvedReasons.size > 0 ? 'unresolved' : 'conditionally-allowed';

  const boundaryState: AccessDecision['boundary'] =
    boundary === null ? 'none' : boundaryOk === 'yes' ? 'allows' : boundaryOk === 'no' ? 'blocks' : 'maybe';
  return {
    decision,
    allowedBy,
    deniedBy,
    boundary: boundaryState,
    unknownKeys: [...unknownKeys].sort(),
    unresolved: [...unresolvedReasons].sort(),
  };
}

/** True for the decisions under which the request may succeed. */
export function mayBeAllowed(decision: Decision): boolean {
  return decision === 'allowed' || decision === 'conditionally-allowed' || decision === 'unresolved';
}

/** The account of an ARN (null for S3-style ARNs without one, or when it is a pattern). */
export function accountOf(arn: Maybe<string> | null | undefined): string | null {
  if (arn === null || arn === undefined || isUnresolved(arn)) return null;
  return arnAccount(arn);
}
