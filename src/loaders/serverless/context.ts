/**
 * State shared by the compilation steps: the CloudFormation being generated, and for every
 * generated path the serverless.yml path it came from (so findings point at what the user wrote).
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, DocPath, JsonObject, JsonValue, SourceLocation } from '../../model/types.js';
import { LocationTable } from '../cloudformation/parse.js';
import type { SourceMap } from './variables.js';

export interface FunctionInfo {
  key: string;
  config: JsonObject;
  /** ['functions', key], or ['functions', i, key] in a list of function mappings */
  src: DocPath;
  logicalId: string;
  name: JsonValue;
  /** Which execution role: the shared IamRoleLambdaExecution, a role of its own, or one given by ARN/logical id. */
  roleMode: 'shared' | 'own' | 'external';
  /** Logical id of the role generated for this function (shared or own). */
  roleId: string | null;
  /** What event sources reference: the function ARN, or the provisioned-concurrency alias. */
  invokeArn: JsonValue;
  provisioned: boolean;
  timeout: number | JsonValue;
}

export interface RoleStatement {
  statement: JsonObject;
  src: DocPath;
}

export class Compilation {
  readonly resources: JsonObject = {};
  readonly outputs: JsonObject = {};
  /** Template sections from `resources:` other than Resources/Outputs (Conditions, Mappings, ...). */
  readonly sections: JsonObject = {};
  readonly functions = new Map<string, FunctionInfo>();
  /** Statements that event sources add to a role (role logical id → statements). */
  readonly eventStatements = new Map<string, RoleStatement[]>();
  /** Statements the custom-resource role needs (existing S3 buckets, user pools, API Gateway logs). */
  readonly customResourceStatements: RoleStatement[] = [];
  readonly customResourceKinds = new Map<string, DocPath>();
  readonly managedPolicies = new Map<string, { arn: JsonValue; src: DocPath }[]>();
  /** Generated path → serverless.yml path. */
  private readonly mounts = new Map<string, DocPath>();
  private readonly reported = new Set<string>();
  /** Assume-role services for the shared role beyond lambda.amazonaws.com (edgelambda for CloudFront). */
  readonly extraAssumeServices = new Set<string>();

  constructor(
    readonly cfg: JsonObject,
    readonly file: string,
    readonly service: string,
    readonly stage: string,
    readonly region: string,
    readonly sourceMap: SourceMap,
    readonly diagnostics: Diagnostic[],
    readonly frameworkMajor: number,
  ) {}

  add(logicalId: string, resource: JsonObject, src: DocPath): JsonObject {
    this.resources[logicalId] = resource;
    this.mount(['Resources', logicalId], src);
    return resource;
  }

  mount(generated: DocPath, src: DocPath): void {
    const k = LocationTable.key(generated);
    if (!this.mounts.has(k)) this.mounts.set(k, src);
  }

  /** Re-points a generated path (e.g. an Authorization line) at a more precise source path. */
  remount(generated: DocPath, src: DocPath): void {
    this.mounts.set(LocationTable.key(generated), src);
  }

  /** The serverless.yml location of a generated path: longest mounted prefix, then the suffix. */
  locate(path: DocPath): SourceLocation {
    for (let n = path.length; n >= 0; n--) {
      const src = this.mounts.get(LocationTable.key(path.slice(0, n)));
      if (src) return this.sourceMap.locate([...src, ...path.slice(n)]);
    }
    return this.sourceMap.locate([]);
  }

  addEventStatement(fn: FunctionInfo, statement: JsonObject, src: DocPath): void {
    if (fn.roleMode === 'external' || fn.roleId === null) return;
    const list = this.eventStatements.get(fn.roleId) ?? [];
    list.push({ statement, src });
    this.eventStatements.set(fn.roleId, list);
  }

  addManagedPolicy(fn: FunctionInfo, arn: JsonValue, src: DocPath): void {
    if (fn.roleMode === 'external' || fn.roleId === null) return;
    const list = this.managedPolicies.get(fn.roleId) ?? [];
    if (!list.some((p) => JSON.stringify(p.arn) === JSON.stringify(arn))) list.push({ arn, src });
    this.managedPolicies.set(fn.roleId, list);
  }

  useCustomResource(kind: string, src: DocPath): void {
    if (!this.customResourceKinds.has(kind)) this.customResourceKinds.set(kind, src);
  }

  diag(level: Diagnostic['level'], code: string, message: string, src: DocPath): void {
    const location = this.sourceMap.locate(src);
    const key = `${code}\u0001${message}\u0001${location.line}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ level, code, message: `${location.file}:${location.line}: ${message}`, location });
  }

  /** `<service>-<stage>` */
  get prefix(): string {
    return `${this.service}-${this.stage}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Small value helpers
// ---------------------------------------------------------------------------------------------

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: JsonValue | undefined): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asString(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asArray(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

export function isIntrinsic(v: JsonValue | undefined): v is JsonObject {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition');
}

export function present(v: JsonValue | undefined): v is JsonValue {
  return v !== undefined && v !== null;
}

/** Metadata marking a resource the framework makes for itself, whose settings the user does not choose (posture rules leave it out). */
export const GENERATED = 'nightlight:generated';

export const ref = (id: string): JsonObject => ({ Ref: id });
export const getAtt = (id: string, attr: string): JsonObject => ({ 'Fn::GetAtt': [id, attr] });
export const join = (sep: string, parts: JsonValue[]): JsonObject => ({ 'Fn::Join': [sep, parts] });
export const sub = (s: string): JsonObject => ({ 'Fn::Sub': s });

/** arn:${Partition}:<service>:<region>:<account>:<rest> as the framework writes it with Fn::Join. */
export function arnJoin(service: string, rest: JsonValue[], regional = true): JsonObject {
  return join('', [
    'arn:',
    ref('AWS::Partition'),
    `:${service}:`,
    ...(regional ? [ref('AWS::Region'), ':', ref('AWS::AccountId'), ':'] : []),
    ...rest,
  ]);
}

/** A short deterministic hash for ids the framework derives from time or content. */
export function shortHash(value: unknown, length = 43): string {
  return createHash('sha256')
    .update(JSON.stringify(value) ?? '')
    .digest('base64')
    .replace(/[^0-9A-Za-z]/g, '')
    .slice(0, length);
}

export function deepMerge(target: JsonObject, source: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(source)) {
    const t = target[k];
    if (isObject(t) && isObject(v) && !isIntrinsic(v) && !isIntrinsic(t)) deepMerge(t, v);
    else target[k] = clone(v);
  }
  return target;
}

export function clone<T extends JsonValue>(v: T): T {
  return v === null || typeof v !== 'object' ? v : (JSON.parse(JSON.stringify(v)) as T);
}
