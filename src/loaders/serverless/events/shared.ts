/** What the event families of `../events.ts` share: naming from ARNs, permissions, integration URIs, the compilation state. */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { Compilation, isIntrinsic, isObject, join, ref, type FunctionInfo } from '../context.js';
import { upperFirst } from '../naming.js';
import { hasUnresolvedMarker } from '../variables.js';

export const CORS_DEFAULT_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'];

export const lambdaUri = (fnArn: JsonValue): JsonObject =>
  join('', ['arn:', ref('AWS::Partition'), ':apigateway:', ref('AWS::Region'), ':lambda:path/2015-03-31/functions/', fnArn, '/invocations']);

export function permission(functionName: JsonValue, principal: JsonValue, extra: JsonObject = {}): JsonObject {
  return { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: functionName, Action: 'lambda:InvokeFunction', Principal: principal, ...extra } };
}

/** A readable name for the thing an ARN (string or intrinsic) points at, as the framework derives it. */
export function nameFromArn(arn: JsonValue | undefined, kind: 'sqs' | 'sns' | 'kinesis' | 'dynamodb' | 'msk' | 'generic'): string {
  if (typeof arn === 'string') {
    if (kind === 'kinesis') {
      const m = /stream\/([^/]+)/.exec(arn);
      if (m) return m[1]!;
    }
    if (kind === 'dynamodb') {
      const m = /table\/([^/]+)/.exec(arn);
      if (m) return m[1]!;
    }
    if (kind === 'msk') {
      const m = /cluster\/([^/]+)/.exec(arn);
      if (m) return m[1]!;
    }
    return arn.split(':').pop()!.split('/').pop() ?? arn;
  }
  if (isObject(arn)) {
    const ga = arn['Fn::GetAtt'];
    if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
    if (typeof ga === 'string') return ga.split('.')[0]!;
    if (typeof arn['Ref'] === 'string') return arn['Ref'];
    const iv = arn['Fn::ImportValue'];
    if (typeof iv === 'string') return iv;
    if (isObject(iv)) return nameFromArn(iv, kind);
    const j = arn['Fn::Join'];
    if (Array.isArray(j) && Array.isArray(j[1]) && j[1].length > 0) {
      const last = j[1][j[1].length - 1];
      return nameFromArn(typeof last === 'string' ? last : last ?? '', kind);
    }
    const s = arn['Fn::Sub'];
    if (typeof s === 'string') return nameFromArn(s, kind);
    if (Array.isArray(s) && typeof s[0] === 'string') return nameFromArn(s[0], kind);
  }
  return 'Unknown';
}

export interface RestState {
  apiId: JsonValue;
  rootId: JsonValue;
  existingResources: Map<string, JsonValue>;
  methods: string[];
  corsPaths: Map<string, { methods: Set<string>; cors: JsonObject; src: DocPath }>;
  permissions: Set<string>;
  authorizers: Set<string>;
  firstSrc: DocPath;
}

export interface HttpState {
  apiId: JsonValue;
  integrations: Set<string>;
  permissions: Set<string>;
  authorizers: Set<string>;
  methods: Set<string>;
}

export interface WsState {
  routes: string[];
  integrations: Set<string>;
  permissions: Set<string>;
  authorizers: Set<string>;
}

/** What Lambda needs to reach a broker or cluster inside a VPC (the framework adds it for MQ, MSK and Kafka events). */
export function vpcAccessStatement(): JsonObject {
  return {
    Effect: 'Allow',
    Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
    Resource: '*',
  };
}

/** provider.s3 bucket settings use camelCase keys for the CloudFormation PascalCase properties. */
export function pascalKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(pascalKeys);
  if (isObject(v) && !isIntrinsic(v)) {
    const o: JsonObject = {};
    for (const [k, x] of Object.entries(v as JsonObject)) o[upperFirst(k)] = pascalKeys(x);
    return o;
  }
  return v;
}

export function isMarker(v: JsonValue | undefined): boolean {
  return typeof v === 'string' && hasUnresolvedMarker(v);
}

/** What every event family reads and writes: the compilation and the resources shared between events. */
export interface EventContext {
  readonly c: Compilation;
  readonly provider: JsonObject;
  rest: RestState | null;
  http: HttpState | null;
  ws: WsState | null;
  readonly buckets: Map<string, { id: string; resource: JsonObject }>;
  readonly topics: Map<string, string>;
  readonly pools: Map<string, string>;
  readonly buses: Set<string>;
  readonly existingS3: Map<string, string>;
  cloudFront: JsonObject | null;
  readonly scheduleIndex: Map<string, number>;
  readonly existingPools: Map<string, { id: string; configs: JsonValue[] }>;
}

/** `"POST /items"` (an http or httpApi event as a string) → its method and path, with the event's defaults for a missing part. */
export function methodAndPath(text: string, method: string, path: string): { method: string; path: string } {
  const [m, ...rest] = text.trim().split(/\s+/);
  return { method: m ?? method, path: rest.join(' ') || path };
}

/**
 * An `http` or `httpApi` event: `"POST /items"` (a missing path is `textPath`) or `{ method, path, … }`,
 * with the family's defaults; null, after a warning, for anything else.
 */
export function routeEvent(ec: EventContext, family: 'http' | 'httpApi', fn: FunctionInfo, value: JsonValue, esrc: DocPath, method: string, path: string, textPath = path): { method: string; path: string; ev: JsonObject } | null {
  if (typeof value === 'string') return { ...methodAndPath(value, method, textPath), ev: {} };
  if (isObject(value)) return { method: String(value['method'] ?? method), path: String(value['path'] ?? path), ev: value };
  ec.c.diag('warning', 'sls-event-invalid', `${family} event of function '${fn.key}' has no method and path; ignored`, esrc);
  return null;
}

/** Adds a resource that several events share (an integration, a permission, an authorizer) when the first of them needs it; `seen` holds the ids added. True when it was added now. */
export function addOnce(ec: EventContext, seen: Set<string>, id: string, resource: JsonObject, src: DocPath): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  ec.c.add(id, resource, src);
  return true;
}
