/**
 * The risk catalog (`risks.ts`) for every IAM principal of the configuration that is not a
 * function's execution role: roles no function runs with (identity-pool roles, roles for EC2,
 * for users, for other accounts), IAM users (with their groups' policies), groups, and customer
 * managed policies attached to nothing the scan sees ("whoever it is attached to").
 *
 * Each principal is evaluated exactly as a function role is: a stand-in function that runs with
 * the principal's policies is added to a copy of the model, and the same evaluator decides which
 * risks its policies admit on the model's functions, roles and resources. The stand-ins have no
 * ARN of a function, so they are never the target of another principal's risk.
 */
import type { AppModel, AttachedPolicy, FunctionNode, IdentityNode, ManagedPolicyNode, Maybe, PolicyDocument, PolicyStatement, RoleNode, SourceLocation } from '../../model/types.js';
import { isUnresolved, unresolved } from '../../model/types.js';
import type { Reach } from '../../model/findings.js';
import { severityRank, widestReach } from '../../model/findings.js';
import { analyzeIam } from './analyze.js';
import type { RiskMatch } from './risk-eval.js';
import { publicTrustReason, RiskEvaluator } from './risk-eval.js';

export type PrincipalKind = 'role' | 'user' | 'group' | 'policy';

/** Who can act as a principal, as far as the configuration says. */
export interface PrincipalUsers {
  /** The most exposed caller (severity model, docs/severity.md): `none` for a policy attached to nothing. */
  reach: Reach;
  /** In words: `any Lambda function it is passed to, EC2 instances (instance profile P)`. */
  text: string;
}

export interface PrincipalRisks {
  id: string;
  kind: PrincipalKind;
  location: SourceLocation;
  users: PrincipalUsers;
  /** Matched risks, most severe first. */
  matches: RiskMatch[];
}

/**
 * The classes evaluated for principals. A public trust policy is its own finding
 * (iam/no-public-role-trust); broad writes are what operators, pipelines and service roles are for, and
 * are reported only for function roles.
 */
const REPORTED = new Set<RiskMatch['class']>(['admin', 'privilege-escalation', 'code-tampering', 'credentials-exposure', 'code-exposure', 'data-exfiltration', 'invoke-any']);
/** At equal severity, the capability that says most about the principal leads. */
const CLASS_ORDER: RiskMatch['class'][] = ['admin', 'privilege-escalation', 'code-tampering', 'credentials-exposure', 'code-exposure', 'data-exfiltration', 'invoke-any', 'wildcard-write', 'public-role-trust'];
const STAND_IN = 'nightlight-principal:';

function standIn(id: string, roleId: string, location: SourceLocation): FunctionNode {
  return {
    id: `${STAND_IN}${id}`,
    logicalId: id,
    stack: location.file,
    name: unresolved('not a function'),
    arn: unresolved('not a function'),
    runtime: null,
    handler: { handler: unresolved('not a function'), codeUri: null, inline: false },
    memoryMb: 128,
    timeoutSeconds: 3,
    architecture: 'x86_64',
    reservedConcurrency: null,
    provisionedConcurrency: null,
    roleId,
    roleArn: unresolved('not a function'),
    environment: {},
    layers: [],
    url: null,
    recursiveLoop: 'Terminate',
    permissions: [],
    location,
  };
}

function pseudoRole(id: string, policies: AttachedPolicy[], boundary: Maybe<PolicyDocument> | null, location: SourceLocation): RoleNode {
  // The ARN stays unknown: a user's or a policy's grants are evaluated as a role's, but it is no role that others could pass or assume.
  return { id: `${STAND_IN}${id}`, logicalId: null, arn: unresolved('not a role'), defined: true, policies, trust: null, permissionsBoundary: boundary, location };
}

/** Who may assume a role, from its trust policy and the instance profiles that hold it. */
export function roleUsers(role: RoleNode, model: AppModel): PrincipalUsers {
  const parts = new Set<string>();
  const reaches: Reach[] = [];
  const trust = role.trust;
  if (trust === null) {
    parts.add('principals of the account');
    reaches.push('same-account');
  } else if (isUnresolved(trust)) {
    parts.add(`callers the scan cannot see (${trust.reason})`);
    reaches.push('unresolved');
  } else {
    for (const s of trust.statements) {
      if (s.effect !== 'Allow') continue;
      if (publicTrustReason(s) !== null) {
        parts.add('anyone');
        reaches.push('public');
        continue;
      }
      for (const svc of s.principal?.service ?? []) {
        if (typeof svc !== 'string') continue;
        parts.add(svc === 'lambda.amazonaws.com' ? 'any Lambda function it is passed to' : svc === 'ec2.amazonaws.com' ? 'EC2 instances' : svc);
        // EC2 instances serve traffic and hand their credentials to whatever reaches the metadata service: the account's own compute, not AWS acting for it.
        reaches.push(svc === 'ec2.amazonaws.com' ? 'same-account' : 'aws-service');
      }
      for (const f of s.principal?.federated ?? []) {
        if (typeof f !== 'string') continue;
        if (f === 'cognito-identity.amazonaws.com') {
          const anyone = identityPoolAnyone(s, role, model);
          parts.add(anyone ? 'unauthenticated identity-pool users (anyone)' : 'signed-in identity-pool users');
          reaches.push(anyone ? 'public' : 'authenticated-users');
        } else {
          parts.add(`users of ${f}`);
          reaches.push('authenticated-users');
        }
      }
      for (const a of s.principal?.aws ?? []) {
        if (isUnresolved(a)) {
          parts.add(a.pattern ?? 'an unresolved principal');
          reaches.push('unresolved');
          continue;
        }
        const account = /^(\d{12})$/.exec(a)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):/.exec(a)?.[1];
        const own = model.identities?.find((x) => x.arn === a);
        if (own) parts.add(`${own.kind} ${own.id}`);
        else if (account !== undefined && account !== accountOf(role)) parts.add(`account ${account}`);
        else parts.add(a.replace(/^arn:[^:]+:iam::\d*:/, ''));
        reaches.push(own === undefined && account !== undefined && account !== accountOf(role) ? 'cross-account' : 'same-account');
      }
    }
  }
  const profiles = model.instanceProfiles?.[role.id] ?? [];
  if (profiles.length) {
    parts.delete('EC2 instances');
    reaches.push('same-account');
  }
  for (const p of profiles) parts.add(`EC2 instances (instance profile ${p})`);
  return { reach: widestReach(reaches), text: parts.size ? [...parts].sort().join(', ') : 'no one the trust policy names' };
}

function accountOf(role: RoleNode): string | null {
  return typeof role.arn === 'string' ? /^arn:[^:]+:iam::(\d*):/.exec(role.arn)?.[1] ?? null : null;
}

/** Whether the identity pools that hand out this role give it to unauthenticated identities (anyone). */
function identityPoolAnyone(s: PolicyStatement, role: RoleNode, model: AppModel): boolean {
  const pools = model.resources.filter((r) => r.kind === 'identity-pool' && (r.attributes.authenticatedRoleId === role.id || r.attributes.unauthenticatedRoleId === role.id));
  const unauth = pools.some((p) => p.attributes.unauthenticatedRoleId === role.id && p.attributes.allowUnauthenticated !== false);
  return unauth || /"unauthenticated"/.test(JSON.stringify(s.condition ?? {}));
}

function userUsers(user: IdentityNode): PrincipalUsers {
  return { reach: 'same-account', text: user.accessKey ? `IAM user ${user.id} (an access key is created for it)` : `IAM user ${user.id}` };
}

/**
 * The principals to evaluate: roles without functions, users, groups, managed policies attached to
 * nothing. Each as a stand-in function with its policies.
 */
export interface Subject {
  id: string;
  kind: PrincipalKind;
  fn: FunctionNode;
  role: RoleNode | null;
  users: PrincipalUsers;
  location: SourceLocation;
  /** Statements (file:line:column) a user holds through its groups. */
  inherited?: Set<string>;
}

function where(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

export function principalSubjects(model: AppModel): Subject[] {
  const used = new Set(model.functions.map((f) => f.roleId).filter((x): x is string => x !== null));
  const out: Subject[] = [];
  for (const role of model.roles) {
    if (!role.defined || used.has(role.id)) continue;
    out.push({ id: role.id, kind: 'role', fn: standIn(role.id, role.id, role.location), role: null, users: roleUsers(role, model), location: role.location });
  }
  const identities = model.identities ?? [];
  const byId = new Map(identities.map((i) => [i.id, i]));
  for (const ident of identities) {
    const policies = [...ident.policies];
    for (const g of ident.groups) for (const p of byId.get(g)?.policies ?? []) policies.push(p);
    if (ident.externalGroups.length) policies.push({ name: `groups ${ident.externalGroups.join(', ')}`, source: 'external', document: unresolved(`groups ${ident.externalGroups.join(', ')} are not defined in the scanned templates`), location: ident.location });
    // What a user gets from its groups is reported on the group (one weakness, one finding).
    const inherited = new Set<string>();
    for (const p of policies.slice(ident.policies.length)) if (!isUnresolved(p.document)) for (const st of p.document.statements) inherited.add(where(st.location));
    const role = pseudoRole(ident.id, policies, ident.permissionsBoundary, ident.location);
    const members = identities.filter((u) => u.groups.includes(ident.id)).map((u) => u.id);
    const users: PrincipalUsers = ident.kind === 'user' ? userUsers(ident) : { reach: 'same-account', text: members.length ? `members of group ${ident.id} (${members.join(', ')})` : `members of group ${ident.id} (none in the configuration)` };
    out.push({ id: ident.id, kind: ident.kind, fn: standIn(ident.id, role.id, ident.location), role, users, location: ident.location, inherited });
  }
  for (const p of model.managedPolicies ?? []) {
    if (p.attachedTo.length > 0) continue;
    const role = pseudoRole(p.id, [policyAsAttached(p)], null, p.location);
    out.push({ id: p.id, kind: 'policy', fn: standIn(p.id, role.id, p.location), role, users: { reach: 'none', text: 'whoever it is attached to (nothing in the configuration)' }, location: p.location });
  }
  return out;
}

function policyAsAttached(p: ManagedPolicyNode): AttachedPolicy {
  return { name: p.id, source: 'customer-managed', document: p.document, location: p.location };
}

/** The risks each principal's policies admit. Principals without any are left out. */
export function analyzePrincipalRisks(model: AppModel): PrincipalRisks[] {
  const list = principalSubjects(model);
  if (list.length === 0) return [];
  const derived: AppModel = {
    ...model,
    functions: [...model.functions, ...list.map((s) => s.fn)],
    roles: [...model.roles, ...list.flatMap((s) => (s.role ? [s.role] : []))],
  };
  const evaluator = new RiskEvaluator(analyzeIam(derived), derived);
  const out: PrincipalRisks[] = [];
  for (const s of list) {
    const inherited = s.inherited;
    const matches = evaluator
      .risksFor(s.fn.id, [], REPORTED)
      .filter((m) => inherited === undefined || !m.steps.every((st) => st.statements.every((r) => inherited.has(where(r.location)))))
      // A role only an AWS service assumes, granted only by AWS's policy for that service (AWSBatchServiceRole, AWSGlueServiceRole): AWS's design, not the user's.
      .filter((m) => !(s.users.reach === 'aws-service' && m.steps.every((st) => st.statements.every((r) => r.source === 'aws-managed' && /:policy\/service-role\//.test(r.policy)))));
    if (matches.length === 0) continue;
    matches.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || CLASS_ORDER.indexOf(a.class) - CLASS_ORDER.indexOf(b.class) || (a.riskId < b.riskId ? -1 : a.riskId > b.riskId ? 1 : 0));
    out.push({ id: s.id, kind: s.kind, location: s.location, users: s.users, matches });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
