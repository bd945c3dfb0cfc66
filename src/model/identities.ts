/**
 * IAM principals other than function roles: users, groups, customer managed policies and what
 * they are attached to, instance profiles. Roles themselves are built by `build.ts`; this pass adds
 * the identities around them so that the IAM analysis can evaluate every principal of the
 * configuration, not only the roles functions run with.
 *
 * Links are made by identity first (a `Ref` / `Fn::GetAtt` to a resource of the same template, as
 * Terraform references are mapped), then by resolved name or ARN, so an unknown name part
 * (`"user-${var.suffix}"`) does not lose the attachment.
 */
import type { AttachedPolicy, DocPath, IdentityNode, JsonValue, ManagedPolicyNode, Maybe, PolicyDocument, RoleNode, SourceLocation } from './types.js';
import { dict, isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import { toPolicyDocument } from './policy.js';
import type { ModelBuilder, Stack, StackResource } from './builder.js';

export interface Identities {
  identities: IdentityNode[];
  managedPolicies: ManagedPolicyNode[];
  instanceProfiles: Record<string, string[]>;
}

interface Located<T> {
  node: T;
  stack: Stack;
  logicalId: string;
}

/** The logical id a raw (unresolved) template value references by `Ref` or `Fn::GetAtt`. */
function referenced(raw: JsonValue | undefined): string | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const ref = raw['Ref'];
  if (typeof ref === 'string' && !ref.startsWith('AWS::')) return ref;
  const att = raw['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0]!;
  return null;
}

function rawProps(stack: Stack, logicalId: string): Record<string, JsonValue> {
  return asObject(asObject(asObject(stack.template.body['Resources'])[logicalId] as never)['Properties'] as never) as Record<string, JsonValue>;
}

function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** Name of the last path segment of an IAM ARN (`arn:aws:iam::1:user/path/name` → `name`). */
function iamName(v: string): string {
  return v.replace(/^arn:[^:]+:iam::[^:]*:[a-z-]+\/(?:.*\/)?/, '');
}

export function buildIdentities(b: ModelBuilder): Identities {
  const policies: Located<ManagedPolicyNode>[] = [];
  const users: Located<IdentityNode>[] = [];
  const groups: Located<IdentityNode>[] = [];
  const locate = (stack: Stack, path: DocPath): SourceLocation => stack.template.locate(path);

  for (const [stack, r] of b.ofType('AWS::IAM::ManagedPolicy')) {
    const node: ManagedPolicyNode = {
      id: b.ids.id(stack, r.logicalId),
      logicalId: r.logicalId,
      arn: stack.resolver.arnOf(r.logicalId),
      document: toPolicyDocument(r.props['PolicyDocument'], [...r.path, 'PolicyDocument'], (x) => locate(stack, x)),
      attachedTo: [],
      location: locate(stack, ['Resources', r.logicalId]),
    };
    policies.push({ node, stack, logicalId: r.logicalId });
  }

  /** The managed policy a raw/resolved reference points at. */
  const findPolicy = (stack: Stack, raw: JsonValue | undefined, resolved: RValue | undefined): Located<ManagedPolicyNode> | null => {
    const id = referenced(raw);
    if (id !== null) {
      const hit = policies.find((p) => p.stack === stack && p.logicalId === id);
      if (hit) return hit;
    }
    if (typeof resolved === 'string') return policies.find((p) => p.node.arn === resolved) ?? null;
    return null;
  };

  /** Inline and attached policies of a user or group resource. */
  const readPolicies = (stack: Stack, r: StackResource, owner: string): AttachedPolicy[] => {
    const out: AttachedPolicy[] = [];
    const inline = r.props['Policies'];
    if (Array.isArray(inline)) {
      inline.forEach((pol, i) => {
        const o = asObject(pol as never) as RObject;
        const path = [...r.path, 'Policies', i];
        out.push({
          name: typeof o['PolicyName'] === 'string' ? (o['PolicyName'] as string) : `${r.logicalId}Policy${i}`,
          source: 'inline',
          document: toPolicyDocument(o['PolicyDocument'], [...path, 'PolicyDocument'], (x) => locate(stack, x)),
          location: locate(stack, path),
        });
      });
    } else if (isUnresolved(inline)) out.push({ name: `${r.logicalId}Policies`, source: 'inline', document: inline, location: locate(stack, [...r.path, 'Policies']) });
    const raw = asList(rawProps(stack, r.logicalId)['ManagedPolicyArns']);
    asList(r.props['ManagedPolicyArns'] as RValue | RValue[] | undefined).forEach((m, i) => {
      const loc = locate(stack, [...r.path, 'ManagedPolicyArns', i]);
      const own = findPolicy(stack, raw[i], m);
      if (own) {
        own.node.attachedTo.push(owner);
        out.push({ name: own.node.id, source: 'customer-managed', document: own.node.document, location: loc });
      } else if (typeof m === 'string' && /^arn:[^:]+:iam::aws:policy\//.test(m)) {
        out.push({ name: m, source: 'aws-managed', document: unresolved(`AWS managed policy ${m} (its document comes from the IAM analysis's catalog)`), location: loc });
      } else {
        const name = typeof m === 'string' ? m : isUnresolved(m) ? m.pattern ?? 'unresolved' : 'unresolved';
        out.push({ name, source: 'external', document: isUnresolved(m) ? m : unresolved(`managed policy ${name} is not defined in the scanned templates`), location: loc });
      }
    });
    return out;
  };

  const boundaryOf = (stack: Stack, r: StackResource): Maybe<PolicyDocument> | null => {
    const v = r.props['PermissionsBoundary'];
    if (v === undefined) return null;
    const own = findPolicy(stack, rawProps(stack, r.logicalId)['PermissionsBoundary'], v);
    return own ? own.node.document : unresolved('the permissions boundary is not defined in the scanned templates');
  };

  for (const [stack, r] of b.ofType('AWS::IAM::Group')) {
    const id = b.ids.id(stack, r.logicalId);
    const node: IdentityNode = { id, kind: 'group', logicalId: r.logicalId, arn: stack.resolver.arnOf(r.logicalId), policies: readPolicies(stack, r, id), groups: [], externalGroups: [], permissionsBoundary: null, location: locate(stack, ['Resources', r.logicalId]) };
    groups.push({ node, stack, logicalId: r.logicalId });
  }

  /** A user or group by raw reference, physical name or ARN. */
  const find = (list: Located<IdentityNode>[], stack: Stack, raw: JsonValue | undefined, resolved: RValue | undefined): Located<IdentityNode> | null => {
    const id = referenced(raw);
    if (id !== null) {
      const hit = list.find((x) => x.stack === stack && x.logicalId === id);
      if (hit) return hit;
    }
    if (typeof resolved !== 'string') return null;
    return list.find((x) => x.node.arn === resolved || stack.resolver.physicalName(x.logicalId) === resolved || (x.stack.resolver.physicalName(x.logicalId) === iamName(resolved) && resolved.startsWith('arn:'))) ?? list.find((x) => x.stack.resolver.physicalName(x.logicalId) === resolved) ?? null;
  };

  for (const [stack, r] of b.ofType('AWS::IAM::User')) {
    const id = b.ids.id(stack, r.logicalId);
    const node: IdentityNode = { id, kind: 'user', logicalId: r.logicalId, arn: stack.resolver.arnOf(r.logicalId), policies: readPolicies(stack, r, id), groups: [], externalGroups: [], permissionsBoundary: boundaryOf(stack, r), location: locate(stack, ['Resources', r.logicalId]) };
    const raw = asList(rawProps(stack, r.logicalId)['Groups']);
    asList(r.props['Groups'] as RValue | RValue[] | undefined).forEach((g, i) => {
      const group = find(groups, stack, raw[i], g);
      if (group) node.groups.push(group.node.id);
      else node.externalGroups.push(typeof g === 'string' ? g : isUnresolved(g) ? g.pattern ?? g.reason : 'unresolved');
    });
    users.push({ node, stack, logicalId: r.logicalId });
  }

  for (const [stack, r] of b.ofType('AWS::IAM::UserToGroupAddition')) {
    const group = find(groups, stack, rawProps(stack, r.logicalId)['GroupName'], r.props['GroupName']);
    const raw = asList(rawProps(stack, r.logicalId)['Users']);
    asList(r.props['Users'] as RValue | RValue[] | undefined).forEach((u, i) => {
      const user = find(users, stack, raw[i], u);
      if (!user) return;
      if (group && !user.node.groups.includes(group.node.id)) user.node.groups.push(group.node.id);
    });
  }

  // Policies that name their users and groups (AWS::IAM::Policy, ManagedPolicy), and per-identity policies.
  for (const [stack, r] of b.ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy')) {
    const rp = rawProps(stack, r.logicalId);
    const targets: [Located<IdentityNode>[], JsonValue[], RValue[]][] =
      r.type === 'AWS::IAM::UserPolicy'
        ? [[users, [rp['UserName'] ?? null], [r.props['UserName'] ?? null]]]
        : r.type === 'AWS::IAM::GroupPolicy'
          ? [[groups, [rp['GroupName'] ?? null], [r.props['GroupName'] ?? null]]]
          : [
              [users, asList(rp['Users']), asList(r.props['Users'] as RValue | RValue[] | undefined)],
              [groups, asList(rp['Groups']), asList(r.props['Groups'] as RValue | RValue[] | undefined)],
            ];
    const own = r.type === 'AWS::IAM::ManagedPolicy' ? policies.find((p) => p.stack === stack && p.logicalId === r.logicalId) ?? null : null;
    const document = own ? own.node.document : toPolicyDocument(r.props['PolicyDocument'], [...r.path, 'PolicyDocument'], (x) => locate(stack, x));
    const name = own ? own.node.id : typeof r.props['PolicyName'] === 'string' ? (r.props['PolicyName'] as string) : r.logicalId;
    for (const [list, raws, values] of targets) {
      values.forEach((v, i) => {
        const target = find(list, stack, raws[i], v);
        if (!target) return;
        if (own) own.node.attachedTo.push(target.node.id);
        target.node.policies.push({ name, source: own ? 'customer-managed' : 'inline', document, location: locate(stack, ['Resources', r.logicalId]) });
      });
    }
  }

  for (const [stack, r] of b.ofType('AWS::IAM::AccessKey')) {
    const user = find(users, stack, rawProps(stack, r.logicalId)['UserName'], r.props['UserName']);
    if (user && r.props['Status'] !== 'Inactive') user.node.accessKey = locate(stack, ['Resources', r.logicalId]);
  }

  // A role's attachment the role builder could not link because the policy's ARN has an unknown
  // part (`"policy-${var.suffix}"`): linked here by identity, so the role keeps the policy's statements.
  for (const [stack, r] of b.ofType('AWS::IAM::Role')) {
    const role = b.roleNodes.find((x) => x.id === b.ids.id(stack, r.logicalId));
    if (!role) continue;
    asList(rawProps(stack, r.logicalId)['ManagedPolicyArns']).forEach((raw, i) => {
      const own = findPolicy(stack, raw, undefined);
      if (!own) return;
      const loc = locate(stack, [...r.path, 'ManagedPolicyArns', i]);
      const entry = role.policies.find((x) => x.source === 'external' && x.location.file === loc.file && x.location.line === loc.line && x.location.column === loc.column);
      if (entry) Object.assign(entry, { name: own.node.id, source: 'customer-managed', document: own.node.document });
    });
  }

  // Roles a managed policy reaches: the role builder attached its document (same statements, same place).
  const sameDocument = (a: Maybe<PolicyDocument>, d: Maybe<PolicyDocument>): boolean =>
    !isUnresolved(a) && !isUnresolved(d) && a.location.file === d.location.file && a.location.line === d.location.line && a.location.column === d.location.column;
  for (const p of policies) {
    for (const role of b.roleNodes) if (role.policies.some((x) => x.source === 'customer-managed' && sameDocument(x.document, p.node.document))) p.node.attachedTo.push(role.id);
  }

  const instanceProfiles: Record<string, string[]> = dict();
  for (const [stack, r] of b.ofType('AWS::IAM::InstanceProfile')) {
    const raw = asList(rawProps(stack, r.logicalId)['Roles']);
    asList(r.props['Roles'] as RValue | RValue[] | undefined).forEach((v, i) => {
      const role = roleByRef(b, stack, raw[i], v);
      if (role) (instanceProfiles[role.id] ??= []).push(b.ids.id(stack, r.logicalId));
    });
  }

  const byId = <T extends { id: string }>(x: T, y: T) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  for (const p of policies) p.node.attachedTo = [...new Set(p.node.attachedTo)].sort();
  for (const u of users) u.node.groups.sort();
  return {
    identities: [...users, ...groups].map((x) => x.node).sort(byId),
    managedPolicies: policies.map((x) => x.node).sort(byId),
    instanceProfiles,
  };
}

function roleByRef(b: ModelBuilder, stack: Stack, raw: JsonValue | undefined, resolved: RValue | undefined): RoleNode | null {
  const id = referenced(raw);
  if (id !== null && stack.resources.get(id)?.type === 'AWS::IAM::Role') {
    const roleId = b.ids.id(stack, id);
    const hit = b.roleNodes.find((r) => r.id === roleId);
    if (hit) return hit;
  }
  if (typeof resolved !== 'string') return null;
  // By name or ARN: the stack's own role first, another stack's only when exactly one declares it.
  return b.findRole(resolved, stack);
}
