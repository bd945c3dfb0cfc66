/**
 * Event-source entry points: mappings, notifications, subscriptions, rules, state machines, user-pool
 * and IoT triggers, load balancers, custom resources, and Lambda permissions no source explains.
 */
import type { EntryPointKind, FunctionNode, Maybe, PollerBounds, Principal, ResourceNode, DocPath } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import { principalFromPermission, principalFromResourcePolicy, weakest } from './policy.js';
import { maybeNumber, type ModelBuilder, type Stack, type StackResource } from './builder.js';
import { SERVICE_AUTH, type Draft } from './entries-draft.js';
import { findApi } from './entries-apis.js';
import { targetGroupAccess } from './load-balancers.js';

const SERVICE_KINDS: Record<string, EntryPointKind[]> = {
  'apigateway.amazonaws.com': ['rest-api-method', 'http-api-route', 'websocket-route'],
  's3.amazonaws.com': ['s3-notification'],
  'sns.amazonaws.com': ['sns-subscription'],
  'events.amazonaws.com': ['eventbridge-rule', 'schedule'],
  'logs.amazonaws.com': ['cloudwatch-logs'],
  'iot.amazonaws.com': ['iot-rule'],
  'cognito-idp.amazonaws.com': ['cognito-trigger'],
  'elasticloadbalancing.amazonaws.com': ['alb-target'],
};
// --- Event sources ---------------------------------------------------------------------------

function writerPrincipal(b: ModelBuilder, node: ResourceNode | null, actions: string[], ref: RValue | undefined): Principal {
  if (!node) {
    if (isUnresolved(ref)) return { kind: 'unresolved', detail: ref.reason };
    return { kind: 'unresolved', detail: `${typeof ref === 'string' ? ref : 'source'} is outside the scanned templates` };
  }
  let p = principalFromResourcePolicy(node.policy, actions, b.accountId);
  if (node.kind === 'bucket' && typeof node.acl === 'string' && /PublicReadWrite/i.test(node.acl)) p = weakest(p, { kind: 'public', detail: `bucket ACL ${node.acl}` });
  if (node.kind === 'bucket' && isUnresolved(node.acl)) p = weakest(p, { kind: 'unresolved', detail: node.acl.reason });
  return p;
}

export function eventSourceMappings(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::Lambda::EventSourceMapping')) {
    const fn = b.findFunction(r.props['FunctionName'], s, r.logicalId);
    if (!fn) continue;
    const srcRef = r.props['EventSourceArn'];
    const node = b.findResource(srcRef, s, r.logicalId);
    const arn = typeof srcRef === 'string' ? srcRef : '';
    let kind: EntryPointKind = 'other';
    let actions: string[] = [];
    if (node?.kind === 'queue' || arn.includes(':sqs:')) {
      kind = 'sqs-queue';
      actions = ['sqs:SendMessage'];
    } else if (arn.includes(':dynamodb:') || node?.kind === 'table') kind = 'dynamodb-stream';
    else if (arn.includes(':kinesis:') || node?.kind === 'stream') kind = 'kinesis-stream';
    else if (arn.includes(':kafka:') || r.props['SelfManagedEventSource'] !== undefined) kind = 'kafka';
    else if (arn.includes(':mq:')) kind = 'mq';
    else if (arn.includes(':rds:') || arn.includes(':docdb')) kind = 'documentdb-stream';
    let principal: Principal;
    if (kind === 'sqs-queue') principal = writerPrincipal(b, node, actions, srcRef);
    else if (node) principal = { kind: 'same-account', detail: 'writers of the source' };
    else if (kind === 'kafka' || kind === 'mq') principal = { kind: 'same-account', detail: 'clients of the broker' };
    else if ((kind !== 'other' || r.props['StartingPosition'] !== undefined)) {
      // A stream (Kinesis, DynamoDB, DocumentDB) outside the templates: no resource policy makes a
      // stream writable by anyone, so its writers are IAM identities of its owner's account. (An
      // unresolved queue stays unresolved: a queue policy can admit anyone.)
      principal = { kind: 'same-account', detail: `writers of ${typeof srcRef === 'string' ? srcRef : 'the stream'} (outside the scanned templates; writing needs IAM in its owner's account)` };
    } else principal = writerPrincipal(b, null, actions, srcRef);
    const srcLabel = node?.id ?? (typeof srcRef === 'string' ? srcRef : r.props['SelfManagedEventSource'] !== undefined ? 'self-managed source' : 'source (unresolved ARN)');
    const pollers = pollerBounds(b, kind, node, r.props);
    out.push({ kind, source: node?.id ?? null, label: `${ESM_LABEL[kind] ?? kind} ${srcLabel}`, principal, auth: SERVICE_AUTH, target: fn, location: b.locate(s, ['Resources', r.logicalId]), ...(pollers ? { pollers } : {}) });
  }
}

/** AWS processes at most this many batches at once per SQS event-source mapping (Lambda developer guide, "Configuring scaling behavior for SQS event source mappings"). */
const SQS_MAX_BATCHES = 1000;
/**
 * Written once, its digits grouped by hand: `toLocaleString` builds an ICU number formatter on every
 * call, and its first call in a process loads ICU's number formatting (~20 ms and ~8 MB; at module
 * load that would be every command's start-up, `--version` included).
 */
const SQS_DEFAULT_DETAIL = `no ScalingConfig.MaximumConcurrency: AWS processes at most ${String(SQS_MAX_BATCHES).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} batches at once per SQS mapping`;

/**
 * How many invocations an event-source mapping runs at once (`PollerBounds`). Only what AWS
 * documents is assumed: an SQS mapping processes at most 1,000 batches, `ParallelizationFactor`
 * defaults to 1. A count the definition does not give (shards of a DynamoDB stream or of an
 * on-demand Kinesis stream, Kafka partitions) is unresolved.
 */
function pollerBounds(b: ModelBuilder, kind: EntryPointKind, node: ResourceNode | null, props: RObject): PollerBounds | undefined {
  const scaling = asObject(props['ScalingConfig'] as never) as RObject;
  const max = scaling['MaximumConcurrency'];
  if (kind === 'sqs-queue') {
    if (max !== undefined && max !== null) {
      const n = maybeNumber(max, 0);
      if (isUnresolved(n)) return { concurrency: n, detail: `ScalingConfig.MaximumConcurrency unresolved (${n.reason})`, explicit: true };
      return { concurrency: n, detail: `ScalingConfig.MaximumConcurrency ${n}`, explicit: true };
    }
    return { concurrency: SQS_MAX_BATCHES, detail: SQS_DEFAULT_DETAIL, explicit: false };
  }
  if (kind === 'kinesis-stream' || kind === 'dynamodb-stream') {
    const pfRaw = props['ParallelizationFactor'];
    const pf = maybeNumber(pfRaw, 1);
    const pfText = pfRaw === undefined || pfRaw === null ? 'ParallelizationFactor 1 (the default)' : isUnresolved(pf) ? `ParallelizationFactor unresolved (${pf.reason})` : `ParallelizationFactor ${pf}`;
    const shards = kind === 'kinesis-stream' ? kinesisShards(b, node) : unresolved('DynamoDB manages the number of shards of a table stream');
    if (isUnresolved(shards)) return { concurrency: unresolved(`shards unknown: ${shards.reason}`), detail: `shards unknown (${shards.reason}) × ${pfText}`, explicit: false };
    if (isUnresolved(pf)) return { concurrency: pf, detail: `${shards} shard(s) × ${pfText}`, explicit: false };
    return { concurrency: shards * pf, detail: `${shards} shard(s) × ${pfText}`, explicit: false };
  }
  if (kind === 'kafka') return { concurrency: unresolved('one concurrent invocation per topic partition, and the partitions are not in the definition'), detail: 'one invocation per partition (partitions unknown)', explicit: false };
  return undefined;
}

/** The shard count of a provisioned Kinesis stream of the scan; unresolved otherwise. */
function kinesisShards(b: ModelBuilder, node: ResourceNode | null): Maybe<number> {
  if (node === null) return unresolved('the stream is outside the scanned templates');
  const r = b.stacks.find((st) => st.template.file === node.stack)?.resources.get(node.logicalId);
  if (!r) return unresolved('the stream definition is not readable');
  const mode = (asObject(r.props['StreamModeDetails'] as never) as RObject)['StreamMode'];
  if (mode === 'ON_DEMAND') return unresolved('an on-demand stream adds shards as it is written to');
  if (isUnresolved(mode)) return unresolved(`StreamMode unresolved (${mode.reason})`);
  const count = r.props['ShardCount'];
  if (count === undefined || count === null) return unresolved('ShardCount is not set');
  return maybeNumber(count, 0);
}

export function s3Notifications(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::S3::Bucket')) {
    const nc = asObject(r.props['NotificationConfiguration'] as never) as RObject;
    const configs = nc['LambdaConfigurations'];
    if (!Array.isArray(configs)) continue;
    const node = b.resourceByLogical(s, r.logicalId);
    configs.forEach((c, i) => {
      const o = asObject(c as never) as RObject;
      const fn = b.findFunction(o['Function'], s, r.logicalId);
      if (!fn) return;
      const ev = typeof o['Event'] === 'string' ? (o['Event'] as string) : 's3:*';
      out.push({
        kind: 's3-notification',
        source: node?.id ?? r.logicalId,
        label: `${ev} on ${node?.id ?? r.logicalId}`,
        principal: writerPrincipal(b, node, ['s3:PutObject'], null),
        auth: SERVICE_AUTH,
        target: fn,
        location: b.locate(s, [...r.path, 'NotificationConfiguration', 'LambdaConfigurations', i]),
      });
    });
  }
}

export function snsSubscriptions(b: ModelBuilder, out: Draft[]): void {
  const add = (s: Stack, topicRef: RValue | undefined, endpoint: RValue | undefined, path: DocPath) => {
    const fn = b.findFunction(endpoint, s);
    if (!fn) return;
    const node = b.findResource(topicRef, s);
    out.push({
      kind: 'sns-subscription',
      source: node?.id ?? null,
      label: `${fn.cloud === 'google' ? 'Pub/Sub' : 'SNS'} ${node?.id ?? (typeof topicRef === 'string' ? topicRef : 'topic')}`,
      principal: writerPrincipal(b, node, ['sns:Publish'], topicRef),
      auth: SERVICE_AUTH,
      target: fn,
      location: b.locate(s, path),
    });
  };
  for (const [s, r] of b.ofType('AWS::SNS::Subscription')) {
    if (r.props['Protocol'] !== 'lambda') continue;
    add(s, r.props['TopicArn'], r.props['Endpoint'], ['Resources', r.logicalId]);
  }
  for (const [s, r] of b.ofType('AWS::SNS::Topic')) {
    const subs = r.props['Subscription'];
    if (!Array.isArray(subs)) continue;
    subs.forEach((sub, i) => {
      const o = asObject(sub as never) as RObject;
      if (o['Protocol'] === 'lambda') add(s, s.resolver.arnOf(r.logicalId), o['Endpoint'], [...r.path, 'Subscription', i]);
    });
  }
  // SNS → SQS subscriptions connect resources (used by reachability).
  for (const [s, r] of b.ofType('AWS::SNS::Subscription')) {
    if (r.props['Protocol'] !== 'sqs') continue;
    const topic = b.findResource(r.props['TopicArn'], s, r.logicalId);
    const queue = b.findResource(r.props['Endpoint'], s, r.logicalId);
    if (topic && queue) b.edges.push({ kind: 'publishes', from: topic.id, to: queue.id, location: b.locate(s, ['Resources', r.logicalId]) });
  }
}

export function eventRules(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::Events::Rule')) {
    const targets = r.props['Targets'];
    if (!Array.isArray(targets)) continue;
    const schedule = r.props['ScheduleExpression'] !== undefined;
    const busRef = r.props['EventBusName'];
    const bus = busRef === undefined || busRef === 'default' ? null : (b.findResource(busRef, s, r.logicalId) ?? b.resourceNodes.find((n) => n.kind === 'event-bus' && n.name === busRef && n.stack === s.template.file) ?? null);
    const node = b.resourceByLogical(s, r.logicalId);
    let principal: Principal;
    if (schedule) principal = { kind: 'aws-service', detail: 'EventBridge schedule', scopedBySource: true };
    else if (bus) principal = writerPrincipal(b, bus, ['events:PutEvents'], busRef);
    else if (busRef !== undefined && busRef !== 'default') principal = writerPrincipal(b, null, ['events:PutEvents'], busRef);
    else principal = { kind: 'same-account', detail: 'default event bus' };
    targets.forEach((t, i) => {
      const o = asObject(t as never) as RObject;
      const fn = b.findFunction(o['Arn'], s, r.logicalId);
      if (fn) {
        out.push({ kind: schedule ? 'schedule' : 'eventbridge-rule', source: node?.id ?? r.logicalId, label: `${schedule ? 'schedule' : 'rule'} ${node?.id ?? r.logicalId}`, principal, auth: SERVICE_AUTH, target: fn, location: b.locate(s, [...r.path, 'Targets', i]) });
        return;
      }
      const res = b.findResource(o['Arn'], s, r.logicalId);
      if (res && node) b.edges.push({ kind: 'publishes', from: node.id, to: res.id, location: b.locate(s, [...r.path, 'Targets', i]) });
    });
    if (bus && node) b.edges.push({ kind: 'publishes', from: bus.id, to: node.id, location: b.locate(s, ['Resources', r.logicalId]) });
  }
  for (const [s, r] of b.ofType('AWS::Scheduler::Schedule')) {
    const t = asObject(r.props['Target'] as never) as RObject;
    const fn = b.findFunction(t['Arn'], s, r.logicalId);
    if (fn) out.push({ kind: 'schedule', source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId, label: `schedule ${r.logicalId}`, principal: { kind: 'aws-service', detail: 'EventBridge Scheduler', scopedBySource: true }, auth: SERVICE_AUTH, target: fn, location: b.locate(s, [...r.path, 'Target']) });
  }
}

/**
 * A state machine runs the functions its definition names (a task's `Resource` or
 * `Parameters.FunctionName`, a `DefinitionSubstitutions` value, an ARN inside `DefinitionString`):
 * `can-invoke` edges from the state machine to them.
 */
export function stateMachines(b: ModelBuilder): void {
  const LAMBDA_ARN = /arn:aws[\w-]*:lambda:[^"\s]*?:function:[A-Za-z0-9_-]+/g;
  for (const [s, r] of b.ofType('AWS::StepFunctions::StateMachine')) {
    const node = b.resourceByLogical(s, r.logicalId);
    if (!node) continue;
    const found = new Map<string, FunctionNode>();
    const visit = (v: RValue | undefined, depth: number): void => {
      if (v === undefined || v === null || depth > 32) return;
      if (isUnresolved(v)) {
        const fn = v.ref !== undefined ? b.findFunction(v, s, r.logicalId) : null;
        if (fn) found.set(fn.id, fn);
        return;
      }
      if (typeof v === 'string') {
        for (const m of v.match(LAMBDA_ARN) ?? []) {
          const fn = b.findFunction(m, s, r.logicalId);
          if (fn) found.set(fn.id, fn);
        }
        return;
      }
      if (Array.isArray(v)) for (const x of v) visit(x as RValue, depth + 1);
      else if (typeof v === 'object') for (const x of Object.values(v as RObject)) visit(x, depth + 1);
    };
    for (const k of ['Definition', 'DefinitionString', 'DefinitionSubstitutions']) visit(r.props[k], 0);
    const at = b.locate(s, ['Resources', r.logicalId]);
    for (const id of [...found.keys()].sort()) b.edges.push({ kind: 'can-invoke', from: node.id, to: id, location: at });
  }
}

export function misc(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::Logs::SubscriptionFilter')) {
    const fn = b.findFunction(r.props['DestinationArn'], s, r.logicalId);
    if (fn) out.push({ kind: 'cloudwatch-logs', source: b.findResource(r.props['LogGroupName'], s, r.logicalId)?.id ?? null, label: `logs ${String(r.props['LogGroupName'] ?? '')}`, principal: { kind: 'same-account', detail: 'log writers' }, auth: SERVICE_AUTH, target: fn, location: b.locate(s, ['Resources', r.logicalId]) });
  }
  for (const [s, r] of b.ofType('AWS::IoT::TopicRule')) {
    const payload = asObject(r.props['TopicRulePayload'] as never) as RObject;
    const actions = Array.isArray(payload['Actions']) ? (payload['Actions'] as RValue[]) : [];
    actions.forEach((a, i) => {
      const fn = b.findFunction((asObject((asObject(a as never) as RObject)['Lambda'] as never) as RObject)['FunctionArn'], s, r.logicalId);
      if (fn) out.push({ kind: 'iot-rule', source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId, label: `IoT rule ${r.logicalId}`, principal: { kind: 'authenticated-users', detail: 'IoT clients allowed to publish to the topic' }, auth: SERVICE_AUTH, target: fn, location: b.locate(s, [...r.path, 'TopicRulePayload', 'Actions', i]) });
    });
  }
  for (const [s, r] of b.ofType('AWS::Cognito::UserPool')) {
    const cfg = asObject(r.props['LambdaConfig'] as never) as RObject;
    const admin = asObject(r.props['AdminCreateUserConfig'] as never) as RObject;
    const selfSignUp = !(admin['AllowAdminCreateUserOnly'] === true || admin['AllowAdminCreateUserOnly'] === 'true');
    for (const [trigger, v] of Object.entries(cfg)) {
      const fnRef = v && typeof v === 'object' && !Array.isArray(v) && !isUnresolved(v) ? (v as RObject)['LambdaArn'] : v;
      const fn = b.findFunction(fnRef, s, r.logicalId);
      if (!fn) continue;
      out.push({
        kind: 'cognito-trigger',
        source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId,
        label: `${trigger} of ${r.logicalId}`,
        principal: selfSignUp ? { kind: 'public', detail: 'user pool allows self sign-up' } : { kind: 'aws-service', detail: 'Cognito (admin-created users only)', scopedBySource: true },
        auth: SERVICE_AUTH,
        target: fn,
        location: b.locate(s, [...r.path, 'LambdaConfig', trigger]),
      });
    }
  }
  for (const [s, r] of b.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    if (r.props['TargetType'] !== 'lambda') continue;
    const targets = Array.isArray(r.props['Targets']) ? (r.props['Targets'] as RValue[]) : [];
    const { principal, auth } = targetGroupAccess(s, r.logicalId, (id) => b.ids.id(s, id));
    targets.forEach((t, i) => {
      const fn = b.findFunction((asObject(t as never) as RObject)['Id'], s, r.logicalId);
      if (fn) out.push({ kind: 'alb-target', source: r.logicalId, label: `ALB target group ${r.logicalId}`, principal, auth, target: fn, location: b.locate(s, [...r.path, 'Targets', i]) });
    });
  }
}

/**
 * Custom resources (`AWS::CloudFormation::CustomResource`, `Custom::*`): CloudFormation invokes the
 * function their `ServiceToken` names when the stack is created, updated or deleted, with the
 * properties the template writes. The frameworks generate such functions to do deploy-time work
 * (the Serverless Framework's existing-bucket, user-pool and API Gateway log-role helpers; CDK's
 * provider frameworks, log retention, bucket notifications and `AwsCustomResource`). Its caller is
 * the deployment: whoever can make CloudFormation send it other input can already change the stack.
 * A function with any other way in is as exposed as that way in (the surface analysis keeps the
 * most exposed caller).
 */
export function customResources(b: ModelBuilder, out: Draft[]): void {
  for (const s of b.stacks) {
    for (const r of s.resources.values()) {
      if (r.type !== 'AWS::CloudFormation::CustomResource' && !r.type.startsWith('Custom::')) continue;
      const fn = b.findFunction(r.props['ServiceToken'], s, r.logicalId);
      if (!fn) continue;
      out.push({
        kind: 'custom-resource',
        source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId,
        label: `custom resource ${r.logicalId} (${r.type})`,
        principal: { kind: 'deployment', detail: 'CloudFormation, when the stack is deployed' },
        auth: SERVICE_AUTH,
        target: fn,
        location: b.locate(s, [...r.path, 'ServiceToken']),
      });
    }
  }
}

/** Functions that an API Gateway authorizer of the scan calls (its AuthorizerUri), with the API's id. */
function authorizerFunctions(b: ModelBuilder): Map<FunctionNode, string | null> {
  const out = new Map<FunctionNode, string | null>();
  for (const type of ['AWS::ApiGateway::Authorizer', 'AWS::ApiGatewayV2::Authorizer']) {
    for (const [s, r] of b.ofType(type)) {
      const fn = b.findFunction(r.props['AuthorizerUri'], s, r.logicalId);
      if (fn && !out.has(fn)) out.set(fn, b.findResource(r.props['RestApiId'] ?? r.props['ApiId'], s, r.logicalId)?.id ?? null);
    }
  }
  return out;
}

export function unexplainedPermissions(b: ModelBuilder, out: Draft[]): void {
  // Routes derived below from permissions explain nothing else: each permission gives its own route.
  const derived = new Set<Draft>();
  const authorizers = authorizerFunctions(b);
  for (const fn of b.fns) {
    for (const perm of fn.permissions) {
      // URL grants belong to the function URL entry point.
      if (perm.invokedViaFunctionUrl || (!isUnresolved(perm.action) && /InvokeFunctionUrl$/i.test(perm.action))) continue;
      const principalStr = isUnresolved(perm.principal) ? null : perm.principal;
      // An API Gateway authorizer: API Gateway calls it for every request to the API, before any
      // authentication, so it is an entry point of its own and not a route of the API. It is one
      // when the permission's SourceArn says so (`/authorizers/`) or when an authorizer of the scan
      // calls the function (the Serverless Framework grants `<api>/*/*`).
      if (principalStr === 'apigateway.amazonaws.com') {
        const az = typeof perm.sourceArn === 'string' ? /^arn:[^:]+:execute-api:[^:]*:[^:]*:([^/]+)\/authorizers\//.exec(perm.sourceArn) : null;
        if (az || authorizers.has(fn)) {
          const source = (az ? findApi(b, b.stackOf(fn), az[1])?.id : undefined) ?? authorizers.get(fn) ?? az?.[1] ?? 'API';
          out.push({ kind: 'lambda-permission', source, label: `authorizer of ${source} (${perm.resourceId})`, principal: { kind: 'aws-service', detail: `API Gateway authorizer of ${source}`, scopedBySource: true }, auth: SERVICE_AUTH, target: fn, location: perm.location });
          continue;
        }
      }
      const kinds = principalStr ? SERVICE_KINDS[principalStr] : undefined;
      if (kinds && out.some((d) => d.target === fn && kinds.includes(d.kind) && !derived.has(d))) continue;
      const principal = principalFromPermission(perm.principal, perm.sourceArn, perm.sourceAccount, perm.principalOrgId, b.accountId);
      // An API Gateway permission without a visible API: derive the route from its SourceArn.
      if (principalStr === 'apigateway.amazonaws.com' && typeof perm.sourceArn === 'string') {
        const m = /^arn:[^:]+:execute-api:[^:]*:[^:]*:([^/]+)\/[^/]*\/([^/]+)(\/.*)?$/.exec(perm.sourceArn);
        // An API of the scan whose routes are visible has none to this function: the permission
        // alone does not make one (it stays a scoped service permission below). Routes are derived
        // only for an API out of sight (another stack, AWS::Include, an external body).
        const api = m ? findApi(b, b.stackOf(fn), m[1]) : null;
        const visible = api !== null && out.some((d) => d.source === api.id && !derived.has(d) && (SERVICE_KINDS['apigateway.amazonaws.com'] ?? []).includes(d.kind));
        if (m && !visible) {
          const method = m[2] === '*' ? 'ANY' : m[2]!;
          const path = m[3] ?? '/';
          if (out.some((d) => derived.has(d) && d.target === fn && d.source === m[1] && d.method === method && d.path === path)) continue;
          const draft: Draft = { kind: 'rest-api-method', source: m[1]!, label: `${method} ${path}`, method, path, principal: { kind: 'unresolved', detail: 'the API definition is not visible' }, auth: { kind: 'unresolved', reason: 'the API definition is not visible (AWS::Include, external body or another stack)' }, target: fn, location: perm.location };
          derived.add(draft);
          out.push(draft);
          continue;
        }
      }
      const kind: EntryPointKind = principalStr === 'alexa-appkit.amazon.com' ? 'alexa-skill' : 'lambda-permission';
      out.push({ kind, source: null, label: `${perm.resourceId} (${principalStr ?? 'unresolved principal'})`, principal, auth: principal.kind === 'aws-service' ? SERVICE_AUTH : { kind: principal.kind === 'public' ? 'none' : 'iam' }, target: fn, location: perm.location });
    }
  }
}

const ESM_LABEL: Partial<Record<EntryPointKind, string>> = {
  'sqs-queue': 'SQS',
  'dynamodb-stream': 'DynamoDB stream',
  'kinesis-stream': 'Kinesis',
  kafka: 'Kafka',
  mq: 'MQ',
  'documentdb-stream': 'DocumentDB stream',
};
