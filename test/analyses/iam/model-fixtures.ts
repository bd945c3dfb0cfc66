/**
 * Hand-built AppModel pieces for the IAM tests (the template model builder is not used here).
 */
import type {
  AppModel,
  AttachedPolicy,
  FunctionNode,
  Maybe,
  PolicyDocument,
  ResourceNode,
  RoleNode,
  SourceLocation,
} from '../../../src/model/types.js';
import { policyFromJson } from '../../../src/analyses/iam/policy-json.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export function at(line: number, file = 'template.yaml'): SourceLocation {
  return { file, line, column: 1 };
}

/** A policy document from raw JSON statements, each statement located at its own line. */
export function doc(statements: Record<string, unknown>[], line = 10): PolicyDocument {
  const d = policyFromJson({ Version: '2012-10-17', Statement: statements }, at(line));
  d.statements.forEach((s, i) => (s.location = at(line + 1 + i)));
  return d;
}

export function inline(name: string, statements: Record<string, unknown>[], line = 10): AttachedPolicy {
  return { name, source: 'inline', document: doc(statements, line), location: at(line) };
}

export function awsManaged(arn: string, document: Maybe<PolicyDocument>, line = 5): AttachedPolicy {
  return { name: arn, source: 'aws-managed', document, location: at(line) };
}

export function roleArn(name: string): string {
  return `arn:aws:iam::${ACCOUNT}:role/${name}`;
}

export function functionArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

export function role(id: string, policies: AttachedPolicy[], extra: Partial<RoleNode> = {}): RoleNode {
  return {
    id,
    logicalId: id,
    arn: roleArn(id),
    defined: true,
    policies,
    trust: doc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }], 90),
    permissionsBoundary: null,
    location: at(1),
    ...extra,
  };
}

export function fn(id: string, roleId: string | null, extra: Partial<FunctionNode> = {}): FunctionNode {
  return {
    id,
    logicalId: id,
    stack: 'template.yaml',
    name: id,
    arn: functionArn(id),
    runtime: 'nodejs20.x',
    handler: { handler: 'index.handler', codeUri: 'src/', inline: false },
    memoryMb: 128,
    timeoutSeconds: 3,
    architecture: 'x86_64',
    reservedConcurrency: null,
    provisionedConcurrency: null,
    roleId,
    roleArn: roleId === null ? null : roleArn(roleId),
    environment: {},
    layers: [],
    url: null,
    recursiveLoop: 'Terminate',
    permissions: [],
    location: at(50),
    ...extra,
  };
}

export function resource(id: string, type: string, kind: ResourceNode['kind'], arn: string, policy: PolicyDocument | null = null): ResourceNode {
  return {
    id,
    logicalId: id,
    stack: 'template.yaml',
    type,
    kind,
    name: id,
    arn,
    policy,
    attributes: {},
    location: at(70),
  };
}

export function model(parts: Partial<AppModel>): AppModel {
  return {
    inputs: [{ file: 'template.yaml', format: 'sam' }],
    functions: [],
    roles: [],
    resources: [],
    entryPoints: [],
    edges: [],
    diagnostics: [],
    ...parts,
  };
}
