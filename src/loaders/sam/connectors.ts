/**
 * AWS::Serverless::Connector (and `Connectors:` embedded in a resource) → the IAM managed policy,
 * Lambda permission, queue policy or topic policy that the translator generates for a
 * source → destination pair and the Read/Write permissions asked for.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import { addResource, type Ctx, getAtt, invalid, isObject, ref, refTarget } from './context.js';

/** The one vocabulary of types the profiles are written in. */
const CANONICAL: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::GraphQLApi': 'AWS::AppSync::GraphQLApi',
};

/** A connector end: what the profiles need to know about it. */
interface End {
  type: string;
  /** Logical id when given by `Id`. */
  id: string | null;
  arn: JsonValue | null;
  name: JsonValue | null;
  /** `Ref` value (ARN for topics and state machines, URL for queues, name for tables). */
  refValue: JsonValue | null;
  /** The IAM role name the end runs as (functions, state machines), when known. */
  role: JsonValue | null;
  qualifier: JsonValue | null;
}

type Stmts = (src: End, dst: End) => JsonObject[];
interface Profile {
  /** Where the grant goes: the source's role, the destination's role, or a resource policy / permission on the destination. */
  kind: 'source-role' | 'destination-role' | 'permission' | 'queue-policy' | 'topic-policy';
  Read?: Stmts;
  Write?: Stmts;
  /** For `permission`: service principal and source ARN. */
  principal?: string;
  sourceArn?: (src: End) => JsonValue;
  sourceAccount?: boolean;
}

const allow = (actions: string[], resources: (JsonValue | null)[]): JsonObject => ({ Effect: 'Allow', Action: actions, Resource: resources.filter((x): x is JsonValue => x !== null) });
const sub = (tpl: string, vars: Record<string, JsonValue | null>): JsonValue => ({ 'Fn::Sub': [tpl, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v ?? '']))] });
const execution = (e: End): JsonValue => sub('arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${DestinationName}:*', { DestinationName: e.name });

const S3_READ = ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectTorrent', 's3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTorrent', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions', 's3:ListMultipartUploadParts'];
const S3_WRITE = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:RestoreObject'];
const DDB_READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PartiQLSelect'];
const DDB_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'];
const SQS_READ = ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'];
const SQS_WRITE = ['sqs:DeleteMessage', 'sqs:SendMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'];
const INVOKE = ['lambda:InvokeAsync', 'lambda:InvokeFunction'];
const GEO_READ = ['geo:DescribePlaceIndex', 'geo:GetPlace', 'geo:SearchPlaceIndexForPosition', 'geo:SearchPlaceIndexForSuggestions', 'geo:SearchPlaceIndexForText'];

const tableRes = (d: End) => [d.arn, sub('${DestinationArn}/index/*', { DestinationArn: d.arn })];
const bucketRes = (d: End) => [d.arn, sub('${DestinationArn}/*', { DestinationArn: d.arn })];

/** Policies an identity (function, state machine) gets for each destination type. */
const IDENTITY_TO: Record<string, Pick<Profile, 'Read' | 'Write'>> = {
  'AWS::SQS::Queue': { Read: (_, d) => [allow(SQS_READ, [d.arn])], Write: (_, d) => [allow(SQS_WRITE, [d.arn])] },
  'AWS::DynamoDB::Table': { Read: (_, d) => [allow(DDB_READ, tableRes(d))], Write: (_, d) => [allow(DDB_WRITE, tableRes(d))] },
  'AWS::S3::Bucket': { Read: (_, d) => [allow(S3_READ, bucketRes(d))], Write: (_, d) => [allow(S3_WRITE, bucketRes(d))] },
  'AWS::SNS::Topic': { Write: (_, d) => [allow(['sns:Publish'], [d.refValue])] },
  'AWS::Lambda::Function': { Write: (_, d) => [allow(INVOKE, [d.arn])] },
  'AWS::Events::EventBus': { Write: (_, d) => [allow(['events:PutEvents'], [d.arn])] },
  'AWS::Location::PlaceIndex': { Read: (_, d) => [allow(GEO_READ, [d.arn])] },
  'AWS::StepFunctions::StateMachine': {
    Read: (_, d) => [allow(['states:DescribeStateMachine', 'states:ListExecutions'], [d.refValue]), allow(['states:DescribeExecution', 'states:DescribeStateMachineForExecution', 'states:GetExecutionHistory'], [execution(d)])],
    Write: (_, d) => [allow(['states:StartExecution', 'states:StartSyncExecution'], [d.refValue]), allow(['states:StopExecution'], [execution(d)])],
  },
};

function profile(src: string, dst: string): Profile | null {
  if (dst === 'AWS::Lambda::Function') {
    const permission = (principal: string, sourceArn: (s: End) => JsonValue, sourceAccount = false): Profile => ({ kind: 'permission', principal, sourceArn, sourceAccount, Write: () => [] });
    const api = (s: End) => sub('arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${SourceResourceId}/${SourceQualifier}', { SourceQualifier: s.qualifier ?? '*', SourceResourceId: s.refValue });
    switch (src) {
      case 'AWS::SNS::Topic': return permission('sns.amazonaws.com', (s) => s.refValue ?? '');
      case 'AWS::S3::Bucket': return permission('s3.amazonaws.com', (s) => s.arn ?? '', true);
      case 'AWS::Events::Rule': return permission('events.amazonaws.com', (s) => s.arn ?? '');
      case 'AWS::ApiGateway::RestApi': case 'AWS::ApiGatewayV2::Api': return permission('apigateway.amazonaws.com', api);
      case 'AWS::AppSync::GraphQLApi': return permission('appsync.amazonaws.com', (s) => sub('arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${SourceResourceId}', { SourceResourceId: s.id ? getAtt(s.id, 'ApiId') : s.refValue }));
      case 'AWS::SQS::Queue':
        return { kind: 'destination-role', Read: (s) => [allow(SQS_READ, [s.arn])], Write: (s) => [allow(['sqs:DeleteMessage'], [s.arn])] };
      case 'AWS::DynamoDB::Table':
        return { kind: 'destination-role', Read: (s) => [allow(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], [sub('${SourceArn}/stream/*', { SourceArn: s.arn })])] };
      case 'AWS::Kinesis::Stream':
        return { kind: 'destination-role', Read: (s) => [allow(['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard'], [s.arn])] };
    }
  }
  if (dst === 'AWS::SQS::Queue' && (src === 'AWS::SNS::Topic' || src === 'AWS::Events::Rule')) {
    return { kind: 'queue-policy', Write: (s, d) => [{ Effect: 'Allow', Principal: { Service: src === 'AWS::SNS::Topic' ? 'sns.amazonaws.com' : 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: d.arn ?? '', Condition: { ArnEquals: { 'aws:SourceArn': (src === 'AWS::SNS::Topic' ? s.refValue : s.arn) ?? '' } } }] };
  }
  if (dst === 'AWS::SNS::Topic' && (src === 'AWS::Events::Rule' || src === 'AWS::S3::Bucket')) {
    return { kind: 'topic-policy', Write: (s, d) => [{ Effect: 'Allow', Principal: { Service: src === 'AWS::Events::Rule' ? 'events.amazonaws.com' : 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: d.refValue ?? '', Condition: { ArnEquals: { 'aws:SourceArn': s.arn ?? '' } } }] };
  }
  // An AppSync data source may invoke any version or alias of its function.
  if (src === 'AWS::AppSync::DataSource' && dst === 'AWS::Lambda::Function') return { kind: 'source-role', Write: (_, d) => [allow(INVOKE, [d.arn, sub('${DestinationArn}:*', { DestinationArn: d.arn })])] };
  if (['AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine', 'AWS::Events::Rule', 'AWS::AppSync::DataSource'].includes(src)) {
    const t = IDENTITY_TO[dst];
    if (t) return { kind: 'source-role', ...t };
  }
  return null;
}

/** Reads one connector end (`Source` or `Destination`). */
function readEnd(ctx: Ctx, v: JsonObject, cid: string, which: string, at: DocPath): End {
  const resources = isObject(ctx.src.body['Resources']) ? ctx.src.body['Resources'] : {};
  const id = typeof v['Id'] === 'string' ? v['Id'] : null;
  if (id !== null) {
    if (Object.keys(v).some((k) => k !== 'Id' && k !== 'Qualifier')) throw invalid({ id: cid, path: at }, "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties.", at);
    const res = resources[id];
    if (!isObject(res) || typeof res['Type'] !== 'string') throw invalid({ id: cid, path: at }, `Unable to find resource with logical ID '${id}' given as ${which}.`, at);
    const rawType = res['Type'];
    const type = CANONICAL[rawType] ?? rawType;
    const props = isObject(res['Properties']) ? res['Properties'] : {};
    let role: JsonValue | null = null;
    if (rawType === 'AWS::Serverless::Function' || rawType === 'AWS::Serverless::StateMachine') {
      const r = props['Role'];
      role = r === undefined ? ref(`${id}Role`) : refTarget(r) ? ref(refTarget(r)!) : null;
    } else if (rawType === 'AWS::Lambda::Function' || rawType === 'AWS::StepFunctions::StateMachine') {
      const t = refTarget(props[rawType === 'AWS::Lambda::Function' ? 'Role' : 'RoleArn']);
      role = t ? ref(t) : null;
    } else if (rawType === 'AWS::Events::Rule') {
      const t = refTarget(props['RoleArn']);
      role = t ? ref(t) : null;
    } else if (rawType === 'AWS::AppSync::DataSource') {
      const t = refTarget(props['ServiceRoleArn']);
      role = t ? ref(t) : null;
    }
    const refIsArn = ['AWS::SNS::Topic', 'AWS::StepFunctions::StateMachine'].includes(type);
    const arn = refIsArn ? ref(id) : rawType === 'AWS::ApiGateway::RestApi' || rawType === 'AWS::Serverless::Api' || rawType === 'AWS::ApiGatewayV2::Api' || rawType === 'AWS::Serverless::HttpApi' ? null : getAtt(id, 'Arn');
    return { type, id, arn, name: type === 'AWS::StepFunctions::StateMachine' ? getAtt(id, 'Name') : ref(id), refValue: ref(id), role, qualifier: v['Qualifier'] ?? null };
  }
  const type = typeof v['Type'] === 'string' ? (CANONICAL[v['Type']] ?? v['Type']) : null;
  if (type === null) throw invalid({ id: cid, path: at }, "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties.", at);
  const arn = v['Arn'] ?? null;
  const refIsArn = ['AWS::SNS::Topic', 'AWS::StepFunctions::StateMachine'].includes(type);
  return {
    type,
    id: null,
    arn,
    name: v['Name'] ?? null,
    refValue: refIsArn ? arn : (v['QueueUrl'] ?? v['ResourceId'] ?? v['Name'] ?? arn),
    role: v['RoleName'] ?? null,
    qualifier: v['Qualifier'] ?? null,
  };
}

/** Translates one connector (`cid`, with its properties at `at`). */
export function translateConnector(ctx: Ctx, cid: string, props: JsonObject, at: DocPath, raw: JsonObject): void {
  const owner = { id: cid, path: at };
  const propPath = (k: string): DocPath => [...at, 'Properties', k];
  for (const req of ['Source', 'Destination', 'Permissions']) if (props[req] === undefined) throw invalid(owner, `Missing required property '${req}'.`, at);
  if (!isObject(props['Source'])) throw invalid(owner, "Property 'Source' should be a map.", propPath('Source'));
  const dests = Array.isArray(props['Destination']) ? props['Destination'] : [props['Destination']];
  if (dests.length === 0) throw invalid(owner, "'Destination' is an empty list", propPath('Destination'));
  const perms = props['Permissions'];
  if (!Array.isArray(perms) || perms.length === 0) throw invalid(owner, "'Permissions' cannot be empty; valid values are: Read, Write.", propPath('Permissions'));
  for (const p of perms) if (p !== 'Read' && p !== 'Write') throw invalid(owner, `Unsupported 'Permissions' provided for connector; valid values are: Read, Write.`, propPath('Permissions'));
  const src = readEnd(ctx, props['Source'], cid, 'Source', propPath('Source'));
  dests.forEach((d, i) => {
    const dAt = Array.isArray(props['Destination']) ? [...propPath('Destination'), i] : propPath('Destination');
    if (!isObject(d)) throw invalid(owner, "Property 'Destination' should be a map.", dAt);
    const dst = readEnd(ctx, d, cid, 'Destination', dAt);
    const prof = profile(src.type, dst.type);
    if (!prof) throw invalid(owner, `Unable to create connector from ${src.type} to ${dst.type}; it's not supported or the template is invalid.`, at);
    for (const p of perms as string[]) if (!prof[p as 'Read' | 'Write']) throw invalid(owner, `Unsupported 'Permissions' provided for connector from ${src.type} to ${dst.type}; valid values are: ${['Read', 'Write'].filter((x) => prof[x as 'Read' | 'Write']).join(', ')}.`, propPath('Permissions'));
    const rid = dests.length > 1 ? `${cid}Destination${i}` : cid;
    const meta = { 'aws:sam:connectors': { [cid]: { Source: { Type: src.type }, Destination: { Type: dst.type } } } };
    const attrs: JsonObject = {};
    for (const a of ['Condition', 'DependsOn']) if (raw[a] !== undefined) attrs[a] = structuredClone(raw[a]!);
    if (src.role === null && src.id !== null && src.type === 'AWS::Events::Rule') {
      // A rule acts through the role of the target that points at the destination.
      const rule = (ctx.src.body['Resources'] as JsonObject)[src.id] as JsonObject;
      const targets = isObject(rule['Properties']) && Array.isArray(rule['Properties']['Targets']) ? rule['Properties']['Targets'] : [];
      const t = targets.find((x) => isObject(x) && (dst.id !== null ? refTarget(x['Arn']) === dst.id : JSON.stringify(x['Arn']) === JSON.stringify(dst.arn)));
      const roleId = isObject(t) ? refTarget(t['RoleArn']) : undefined;
      if (roleId) src.role = ref(roleId);
    }
    const statements = (perms as string[]).flatMap((p) => prof[p as 'Read' | 'Write']!(src, dst));
    switch (prof.kind) {
      case 'source-role':
      case 'destination-role': {
        const role = prof.kind === 'source-role' ? src.role : dst.role;
        if (role === null) throw invalid(owner, `Unable to get IAM role name from '${prof.kind === 'source-role' ? 'Source' : 'Destination'}' resource.`, at);
        addResource(ctx, `${rid}Policy`, { Type: 'AWS::IAM::ManagedPolicy', ...attrs, Metadata: meta, Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements }, Roles: [role] } }, at);
        break;
      }
      case 'permission': {
        const p: JsonObject = { Action: 'lambda:InvokeFunction', FunctionName: dst.arn ?? '', Principal: prof.principal!, SourceArn: prof.sourceArn!(src) };
        if (prof.sourceAccount) p['SourceAccount'] = { 'Fn::Sub': '${AWS::AccountId}' };
        addResource(ctx, `${rid}WriteLambdaPermission`, { Type: 'AWS::Lambda::Permission', ...attrs, Metadata: meta, Properties: p }, at);
        break;
      }
      case 'queue-policy':
        addResource(ctx, `${rid}QueuePolicy`, { Type: 'AWS::SQS::QueuePolicy', ...attrs, Metadata: meta, Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements }, Queues: [dst.refValue ?? ''] } }, at);
        break;
      case 'topic-policy':
        addResource(ctx, `${rid}TopicPolicy`, { Type: 'AWS::SNS::TopicPolicy', ...attrs, Metadata: meta, Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements }, Topics: [dst.refValue ?? ''] } }, at);
        break;
    }
  });
}
