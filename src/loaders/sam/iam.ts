/**
 * Execution roles the SAM translator generates for functions and state machines: managed policy
 * names to ARNs, inline statements, policy templates, and the policies SAM adds on its own.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import { addResource, asList, type Ctx, inherit, invalid, isIntrinsic, isObject, mapOrigin, type SamResource } from './context.js';
import { managedPolicyPath } from '../../data/managed-policies.js';
import { expandPolicyTemplate } from './policy-templates.js';

/**
 * ARN of an AWS managed policy. Partition-neutral (`Fn::Sub` with `${AWS::Partition}`) because the
 * stack's partition is not known statically; the resolver turns it into `arn:aws:...`.
 */
export function managedPolicyArn(path: string): JsonObject {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${path}` };
}

/** Policies SAM adds to a role besides the user's `Policies`. */
export interface ExtraPolicy {
  name: string;
  document: JsonObject;
  source: DocPath;
}

export interface RoleSpec {
  /** Logical id of the role (`<Resource>Role`). */
  id: string;
  service: string;
  managed: { arn: JsonValue; source: DocPath }[];
  extra: ExtraPolicy[];
  tags: JsonObject[];
}

export interface BuiltRole {
  id: string;
  role: JsonObject;
  /** Adds a managed policy ARN unless already present (event sources do this). */
  addManaged(arn: JsonValue, source: DocPath): void;
  addPolicy(name: string, document: JsonObject, source: DocPath): void;
}

/** Builds `<id>` as the translator does and registers it in the output. */
export function buildRole(ctx: Ctx, r: SamResource, spec: RoleSpec): BuiltRole {
  const props: JsonObject = {
    AssumeRolePolicyDocument: r.props['AssumeRolePolicyDocument'] !== undefined
      ? structuredClone(r.props['AssumeRolePolicyDocument']!)
      : {
          Version: '2012-10-17',
          Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: [spec.service] } }],
        },
  };
  const managed: JsonValue[] = [];
  const policies: JsonValue[] = [];
  const role: JsonObject = inherit(r, { Type: 'AWS::IAM::Role', Properties: props }, ['Condition', 'DeletionPolicy', 'UpdateReplacePolicy']);
  addResource(ctx, spec.id, role, r.path);
  const base = ['Resources', spec.id, 'Properties'];
  if (r.props['AssumeRolePolicyDocument'] !== undefined) mapOrigin(ctx, [...base, 'AssumeRolePolicyDocument'], r.propPath('AssumeRolePolicyDocument'));

  const addManaged = (arn: JsonValue, source: DocPath): void => {
    const text = JSON.stringify(arn);
    if (managed.some((m) => JSON.stringify(m) === text)) return;
    mapOrigin(ctx, [...base, 'ManagedPolicyArns', managed.length], source);
    managed.push(arn);
  };
  const addPolicy = (name: string, document: JsonValue, source: DocPath, wrap?: (p: JsonObject) => JsonValue): void => {
    mapOrigin(ctx, [...base, 'Policies', policies.length], source);
    const p: JsonObject = { PolicyName: name, PolicyDocument: document };
    policies.push(wrap ? wrap(p) : p);
  };

  for (const m of spec.managed) addManaged(m.arn, m.source);
  for (const e of spec.extra) addPolicy(e.name, e.document, e.source);

  const userPolicies = r.props['Policies'];
  const policyList = userPolicies === undefined ? [] : Array.isArray(userPolicies) ? userPolicies : [userPolicies];
  const listed = Array.isArray(userPolicies);
  policyList.forEach((entry, i) => {
    const source = listed ? [...r.propPath('Policies'), i] : r.propPath('Policies');
    const name = `${spec.id}Policy${i}`;
    const kind = classify(ctx, entry);
    if (kind.kind === 'managed') addManaged(kind.arn, source);
    else if (kind.kind === 'document') {
      // The SAM entry is the policy document itself: its statements locate to the lines the user wrote.
      mapOrigin(ctx, [...base, 'Policies', policies.length, 'PolicyDocument'], source);
      addPolicy(name, kind.document, source);
    }
    else if (kind.kind === 'template') {
      const expanded = expandPolicyTemplate(ctx.templates, kind.name, kind.params);
      if (!expanded.ok) throw invalid(r, expanded.message, source);
      addPolicy(name, expanded.document, source);
    } else if (kind.kind === 'if') {
      // Fn::If over two policies of the same kind: keep the condition around the generated form.
      const [cond, a, b] = kind.args;
      const branch = (v: JsonValue): { managed?: JsonValue; doc?: JsonObject; none?: true } => {
        if (isObject(v) && v['Ref'] === 'AWS::NoValue') return { none: true };
        const k = classify(ctx, v);
        if (k.kind === 'managed') return { managed: k.arn };
        if (k.kind === 'document') return { doc: { PolicyName: name, PolicyDocument: k.document } };
        if (k.kind === 'template') {
          const expanded = expandPolicyTemplate(ctx.templates, k.name, k.params);
          if (!expanded.ok) throw invalid(r, expanded.message, source);
          return { doc: { PolicyName: name, PolicyDocument: expanded.document } };
        }
        return { managed: v };
      };
      const ba = branch(a!);
      const bb = branch(b!);
      const noValue = { Ref: 'AWS::NoValue' };
      if ((ba.doc || ba.none) && (bb.doc || bb.none) && !(ba.none && bb.none)) {
        mapOrigin(ctx, [...base, 'Policies', policies.length], source);
        policies.push({ 'Fn::If': [cond!, ba.doc ?? noValue, bb.doc ?? noValue] });
      } else {
        addManaged({ 'Fn::If': [cond!, ba.managed ?? ba.doc ?? noValue, bb.managed ?? bb.doc ?? noValue] }, source);
      }
    }
  });

  if (managed.length > 0) props['ManagedPolicyArns'] = managed;
  if (policies.length > 0) props['Policies'] = policies;
  if (r.props['RolePath'] !== undefined) {
    props['Path'] = structuredClone(r.props['RolePath']!);
    mapOrigin(ctx, [...base, 'Path'], r.propPath('RolePath'));
  }
  if (r.props['PermissionsBoundary'] !== undefined) {
    props['PermissionsBoundary'] = structuredClone(r.props['PermissionsBoundary']!);
    mapOrigin(ctx, [...base, 'PermissionsBoundary'], r.propPath('PermissionsBoundary'));
  }
  props['Tags'] = spec.tags;

  return {
    id: spec.id,
    role,
    addManaged: (arn, source) => {
      addManaged(arn, source);
      props['ManagedPolicyArns'] = managed;
    },
    addPolicy: (n, d, source) => {
      addPolicy(n, d, source);
      props['Policies'] = policies;
    },
  };
}

/**
 * The SAM translator turns a bare managed policy name it knows into the policy ARN, path included
 * (`AWSLambdaRole` → `arn:aws:iam::aws:policy/service-role/AWSLambdaRole`), and passes any other
 * string through unchanged. Service-linked role policies (`aws-service-role/`) are never attached to
 * an execution role, so they are not names it maps.
 */
function samManagedPolicyPath(name: string): string | null {
  const path = managedPolicyPath(name);
  return path === null || path.startsWith('aws-service-role/') ? null : path;
}

type PolicyKind =
  | { kind: 'managed'; arn: JsonValue }
  | { kind: 'document'; document: JsonObject }
  | { kind: 'template'; name: string; params: JsonValue }
  | { kind: 'if'; args: JsonValue[] };

function classify(ctx: Ctx, entry: JsonValue): PolicyKind {
  if (typeof entry === 'string') {
    const path = samManagedPolicyPath(entry);
    return { kind: 'managed', arn: path !== null ? managedPolicyArn(path) : entry };
  }
  if (isObject(entry)) {
    if (isObject(entry) && Array.isArray(entry['Fn::If']) && Object.keys(entry).length === 1 && entry['Fn::If'].length === 3) {
      const [, a, b] = entry['Fn::If'];
      const isPolicyLike = (v: JsonValue | undefined): boolean =>
        isObject(v) && !isIntrinsic(v) && ('Statement' in v || Object.keys(v).length === 1);
      if (isPolicyLike(a) || isPolicyLike(b)) return { kind: 'if', args: entry['Fn::If'] };
      // Managed policy names are turned into ARNs inside the condition too.
      const [cond] = entry['Fn::If'];
      const arnOf = (v: JsonValue): JsonValue => {
        const k = classify(ctx, v);
        return k.kind === 'managed' ? k.arn : v;
      };
      return { kind: 'managed', arn: { 'Fn::If': [cond!, arnOf(a!), arnOf(b!)] } };
    }
    if (isIntrinsic(entry)) return { kind: 'managed', arn: entry };
    if ('Statement' in entry) return { kind: 'document', document: entry };
    const keys = Object.keys(entry);
    if (keys.length === 1 && ctx.templates.Templates[keys[0]!] !== undefined) return { kind: 'template', name: keys[0]!, params: entry[keys[0]!] ?? {} };
    if (keys.length === 1) return { kind: 'template', name: keys[0]!, params: entry[keys[0]!] ?? {} };
    return { kind: 'document', document: entry };
  }
  return { kind: 'managed', arn: entry };
}

/** Tags as a CloudFormation list, SAM's own tag first as the translator writes it. */
export function tagList(own: [string, string], tags: JsonValue | undefined): JsonObject[] {
  const out: JsonObject[] = [{ Key: own[0], Value: own[1] }];
  if (isObject(tags) && !isIntrinsic(tags)) for (const [k, v] of Object.entries(tags)) out.push({ Key: k, Value: v });
  return out;
}

export { asList };
