/**
 * A SAM function's events, as the translator generates them: permissions, event source mappings
 * with the role statements they need (queues, streams, brokers, MSK, DocumentDB), API routes,
 * schedules and rules with their dead-letter queues, S3/SNS/Cognito/IoT/Alexa triggers, with the
 * translator's logical ids.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import {
  addResource,
  asList,
  type Ctx,
  getAtt,
  inherit,
  invalid,
  isObject,
  mapOrigin,
  ref,
  refTarget,
  type SamResource,
  sha1,
} from './context.js';
import { type BuiltRole, managedPolicyArn } from './iam.js';

export const FUNCTION_EVENT_TYPES = [
  'S3', 'SNS', 'SQS', 'Kinesis', 'DynamoDB', 'MSK', 'MQ', 'SelfManagedKafka', 'DocumentDB', 'Api', 'HttpApi',
  'Schedule', 'ScheduleV2', 'CloudWatchEvent', 'EventBridgeRule', 'CloudWatchLogs', 'IoTRule', 'AlexaSkill', 'Cognito',
] as const;

export interface FunctionTarget {
  id: string;
  /** For Lambda::Permission and EventSourceMapping FunctionName. */
  name: JsonObject;
  /** For ARNs: SNS endpoint, S3 notification, rule target. */
  arn: JsonObject;
  /** `${...}` for Fn::Sub strings (API integration URIs). */
  subArn: string;
  role: BuiltRole | null;
}

function permission(ctx: Ctx, r: SamResource, id: string, t: FunctionTarget, principal: JsonValue, source: DocPath, extra: JsonObject = {}): void {
  addResource(ctx, id, inherit(r, {
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: t.name, Principal: principal, ...extra },
  }), source);
}

/** Properties of pull event sources that SAM renames or consumes; the rest go to the mapping unchanged. */
const ESM_SOURCE_KEY: Record<string, string> = { SQS: 'Queue', Kinesis: 'Stream', DynamoDB: 'Stream', MSK: 'Stream', MQ: 'Broker', DocumentDB: 'Cluster' };
const ESM_MANAGED: Record<string, string> = {
  SQS: 'service-role/AWSLambdaSQSQueueExecutionRole',
  Kinesis: 'service-role/AWSLambdaKinesisExecutionRole',
  DynamoDB: 'service-role/AWSLambdaDynamoDBExecutionRole',
  MSK: 'service-role/AWSLambdaMSKExecutionRole',
};
const VPC_ACTIONS = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'];

function eventProps(ev: JsonObject): JsonObject {
  return isObject(ev['Properties']) ? ev['Properties'] : {};
}

export function translateEvent(ctx: Ctx, r: SamResource, t: FunctionTarget, name: string, ev: JsonObject, evPath: DocPath): void {
  const type = ev['Type'];
  const ep = eventProps(ev);
  const pp = [...evPath, 'Properties'];
  const gid = `${t.id}${name}`;
  if (typeof type !== 'string' || !(FUNCTION_EVENT_TYPES as readonly string[]).includes(type)) {
    throw invalid(r, `Event with id [${name}] is invalid. Event Type is not supported: ${JSON.stringify(type ?? null)}.`, [...evPath, 'Type']);
  }
  if (ev['Properties'] !== undefined && ev['Properties'] !== null && !isObject(ev['Properties'])) throw invalid(r, `Event with id [${name}] is invalid. Properties must be a map.`, pp);
  const need = (k: string): JsonValue => {
    const v = ep[k];
    if (v === undefined || v === null) throw invalid(r, `Event with id [${name}] is invalid. Missing required property '${k}'.`, evPath);
    return v;
  };
  const condition = (res: JsonObject): JsonObject => inherit(r, res);
  switch (type) {
    case 'SQS': case 'Kinesis': case 'DynamoDB': case 'MSK': case 'MQ': case 'DocumentDB': case 'SelfManagedKafka': {
      const props: JsonObject = {};
      const sourceKey = ESM_SOURCE_KEY[type];
      if (sourceKey) props['EventSourceArn'] = structuredClone(need(sourceKey));
      props['FunctionName'] = t.name;
      if ((type === 'Kinesis' || type === 'DynamoDB' || type === 'MSK') && ep['StartingPosition'] === undefined && type !== 'MSK') need('StartingPosition');
      if (type === 'SelfManagedKafka') {
        const servers = need('KafkaBootstrapServers');
        props['SelfManagedEventSource'] = { Endpoints: { KafkaBootstrapServers: structuredClone(servers) } };
        need('Topics');
        need('SourceAccessConfigurations');
      }
      if (type === 'MQ') { need('Queues'); need('SourceAccessConfigurations'); }
      if (type === 'DocumentDB') { need('DatabaseName'); need('SourceAccessConfigurations'); }
      if (type === 'MSK') need('Topics');
      const consumed = new Set([sourceKey, 'KafkaBootstrapServers', 'ConsumerGroupId', 'DatabaseName', 'CollectionName', 'FullDocument', 'SecretsManagerKmsKeyId', 'DynamicPolicyName', 'SchemaRegistryConfig']);
      for (const [k, v] of Object.entries(ep)) {
        if (consumed.has(k)) continue;
        if (k === 'DestinationConfig' && isObject(v) && isObject(v['OnFailure'])) {
          const of = structuredClone(v['OnFailure']);
          const destType = of['Type'];
          delete of['Type'];
          props[k] = { OnFailure: of };
          if (t.role && typeof destType === 'string' && of['Destination'] !== undefined) {
            const action = destType === 'SQS' ? 'sqs:SendMessage' : destType === 'SNS' ? 'sns:publish' : null;
            if (destType === 'S3') {
              // Objects go under the bucket; the bucket itself is listed.
              const bucket = of['Destination']!;
              t.role.addPolicy(`${gid}S3Policy`, { Statement: [
                { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['/', [structuredClone(bucket), '*']] } },
                { Action: 's3:ListBucket', Effect: 'Allow', Resource: structuredClone(bucket) },
              ] }, [...pp, k]);
            } else if (action) t.role.addPolicy(`${gid}DestinationPolicy`, { Statement: [{ Action: action, Effect: 'Allow', Resource: structuredClone(of['Destination']!) }] }, [...pp, k]);
          }
          continue;
        }
        props[k] = structuredClone(v);
      }
      if (ep['ConsumerGroupId'] !== undefined) {
        props[type === 'MSK' ? 'AmazonManagedKafkaEventSourceConfig' : 'SelfManagedKafkaEventSourceConfig'] = { ConsumerGroupId: structuredClone(ep['ConsumerGroupId']!) };
      }
      if (ep['SchemaRegistryConfig'] !== undefined) {
        const cfgKey = type === 'MSK' ? 'AmazonManagedKafkaEventSourceConfig' : 'SelfManagedKafkaEventSourceConfig';
        const cur = (props[cfgKey] as JsonObject | undefined) ?? {};
        cur['SchemaRegistryConfig'] = structuredClone(ep['SchemaRegistryConfig']!);
        props[cfgKey] = cur;
      }
      if (type === 'DocumentDB') {
        const cfg: JsonObject = { DatabaseName: structuredClone(ep['DatabaseName']!) };
        if (ep['CollectionName'] !== undefined) cfg['CollectionName'] = structuredClone(ep['CollectionName']!);
        if (ep['FullDocument'] !== undefined) cfg['FullDocument'] = structuredClone(ep['FullDocument']!);
        props['DocumentDBEventSourceConfig'] = cfg;
      }
      addResource(ctx, gid, condition({ Type: 'AWS::Lambda::EventSourceMapping', Properties: props }), evPath);
      if (sourceKey) mapOrigin(ctx, ['Resources', gid, 'Properties', 'EventSourceArn'], [...pp, sourceKey]);
      if (t.role) {
        const managed = ESM_MANAGED[type];
        if (managed) t.role.addManaged(managedPolicyArn(managed), evPath);
        if (type === 'MSK') mskPolicy(t.role, ep, evPath);
        else if (!managed) pullPolicy(ctx, r, t.role, type, name, ep, evPath, props);
      }
      return;
    }
    case 'SNS': {
      const topic = need('Topic');
      const sqs = ep['SqsSubscription'];
      const subProps: JsonObject = {};
      if (sqs === true || isObject(sqs)) {
        let queueArn: JsonValue;
        let queueUrl: JsonValue;
        const cfg = isObject(sqs) ? sqs : {};
        if (cfg['QueueArn'] !== undefined) {
          queueArn = structuredClone(cfg['QueueArn']!);
          if (cfg['QueueUrl'] === undefined) throw invalid(r, `Event with id [${name}] is invalid. No QueueUrl is specified.`, [...pp, 'SqsSubscription']);
          queueUrl = structuredClone(cfg['QueueUrl']!);
        } else {
          const qid = `${gid}Queue`;
          addResource(ctx, qid, condition({ Type: 'AWS::SQS::Queue', Properties: {} }), [...pp, 'SqsSubscription']);
          queueArn = getAtt(qid, 'Arn');
          queueUrl = ref(qid);
        }
        const policyId = typeof cfg['QueuePolicyLogicalId'] === 'string' ? cfg['QueuePolicyLogicalId'] : `${gid}QueuePolicy`;
        addResource(ctx, policyId, condition({
          Type: 'AWS::SQS::QueuePolicy',
          Properties: {
            Queues: [queueUrl],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Action: 'sqs:SendMessage', Effect: 'Allow', Principal: '*', Resource: structuredClone(queueArn), Condition: { ArnEquals: { 'aws:SourceArn': structuredClone(topic) } } }],
            },
          },
        }), [...pp, 'SqsSubscription']);
        Object.assign(subProps, { Protocol: 'sqs', Endpoint: structuredClone(queueArn), TopicArn: structuredClone(topic) });
        const esm: JsonObject = { BatchSize: cfg['BatchSize'] !== undefined ? structuredClone(cfg['BatchSize']!) : 10, Enabled: cfg['Enabled'] !== undefined ? structuredClone(cfg['Enabled']!) : true, EventSourceArn: structuredClone(queueArn), FunctionName: t.name };
        addResource(ctx, `${gid}EventSourceMapping`, condition({ Type: 'AWS::Lambda::EventSourceMapping', Properties: esm }), evPath);
        if (t.role) t.role.addManaged(managedPolicyArn('service-role/AWSLambdaSQSQueueExecutionRole'), evPath);
      } else {
        permission(ctx, r, `${gid}Permission`, t, 'sns.amazonaws.com', evPath, { SourceArn: structuredClone(topic) });
        Object.assign(subProps, { Protocol: 'lambda', Endpoint: t.arn, TopicArn: structuredClone(topic) });
      }
      for (const k of ['Region', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy']) if (ep[k] !== undefined) subProps[k] = structuredClone(ep[k]!);
      addResource(ctx, gid, condition({ Type: 'AWS::SNS::Subscription', Properties: subProps }), evPath);
      mapOrigin(ctx, ['Resources', gid, 'Properties', 'TopicArn'], [...pp, 'Topic']);
      return;
    }
    case 'S3': {
      const bucket = need('Bucket');
      need('Events');
      const bucketId = refTarget(bucket);
      const b = bucketId !== undefined && isObject(bucket) && 'Ref' in bucket ? ctx.resources[bucketId] : undefined;
      if (!isObject(b) || b['Type'] !== 'AWS::S3::Bucket') {
        throw invalid(r, `Event with id [${name}] is invalid. S3 events must reference an S3 bucket in the same template.`, [...pp, 'Bucket']);
      }
      const permId = `${gid}Permission`;
      permission(ctx, r, permId, t, 's3.amazonaws.com', evPath, { SourceAccount: ref('AWS::AccountId') });
      const bprops = isObject(b['Properties']) ? b['Properties'] : (b['Properties'] = {});
      const nc = isObject(bprops['NotificationConfiguration']) ? bprops['NotificationConfiguration'] : (bprops['NotificationConfiguration'] = {});
      const lcs = Array.isArray(nc['LambdaConfigurations']) ? nc['LambdaConfigurations'] : (nc['LambdaConfigurations'] = []);
      for (const e of asList(ep['Events'])) {
        const lc: JsonObject = { Event: structuredClone(e), Function: t.arn };
        if (ep['Filter'] !== undefined) lc['Filter'] = structuredClone(ep['Filter']!);
        mapOrigin(ctx, ['Resources', bucketId!, 'Properties', 'NotificationConfiguration', 'LambdaConfigurations', lcs.length], evPath);
        // The bucket outlives a conditional function: its notification exists only under the condition.
        const cond = r.raw['Condition'];
        lcs.push(typeof cond === 'string' ? { 'Fn::If': [cond, lc, { Ref: 'AWS::NoValue' }] } : lc);
      }
      const deps = b['DependsOn'];
      b['DependsOn'] = [...asList(deps), permId];
      return;
    }
    case 'Schedule': case 'CloudWatchEvent': case 'EventBridgeRule': {
      const ruleProps: JsonObject = {};
      if (type === 'Schedule') ruleProps['ScheduleExpression'] = structuredClone(need('Schedule'));
      else {
        ruleProps['EventPattern'] = structuredClone(need('Pattern'));
        if (ep['EventBusName'] !== undefined) ruleProps['EventBusName'] = structuredClone(ep['EventBusName']!);
      }
      if (ep['Enabled'] !== undefined && ep['State'] !== undefined) throw invalid(r, `Event with id [${name}] is invalid. State and Enabled Properties cannot both be specified.`, pp);
      if (ep['Enabled'] !== undefined) ruleProps['State'] = ep['Enabled'] === true ? 'ENABLED' : ep['Enabled'] === false ? 'DISABLED' : { 'Fn::If': [ep['Enabled'], 'ENABLED', 'DISABLED'] };
      if (ep['State'] !== undefined) ruleProps['State'] = structuredClone(ep['State']!);
      if (ep['Name'] !== undefined) ruleProps['Name'] = structuredClone(ep['Name']!);
      if (ep['RuleName'] !== undefined) ruleProps['Name'] = structuredClone(ep['RuleName']!);
      if (ep['Description'] !== undefined) ruleProps['Description'] = structuredClone(ep['Description']!);
      const targetCfg = ep['Target'];
      const targetId = isObject(targetCfg) && targetCfg['Id'] !== undefined ? structuredClone(targetCfg['Id']!) : `${gid}LambdaTarget`;
      const target: JsonObject = { Arn: t.arn, Id: targetId };
      for (const k of ['Input', 'InputPath', 'InputTransformer', 'RetryPolicy']) if (ep[k] !== undefined) target[k] = structuredClone(ep[k]!);
      const dlq = ep['DeadLetterConfig'];
      if (dlq !== undefined) target['DeadLetterConfig'] = ruleDlq(ctx, r, gid, name, dlq, [...pp, 'DeadLetterConfig']);
      ruleProps['Targets'] = [target];
      addResource(ctx, gid, condition({ Type: 'AWS::Events::Rule', Properties: ruleProps }), evPath);
      permission(ctx, r, `${gid}Permission`, t, 'events.amazonaws.com', evPath, { SourceArn: getAtt(gid, 'Arn') });
      return;
    }
    case 'ScheduleV2': {
      const props: JsonObject = {};
      if (ep['ScheduleExpression'] === undefined) need('ScheduleExpression');
      for (const [k, v] of Object.entries(ep)) {
        if (['RoleArn', 'Input', 'DeadLetterConfig', 'RetryPolicy', 'OmitName', 'PermissionsBoundary'].includes(k)) continue;
        props[k] = structuredClone(v);
      }
      if (props['FlexibleTimeWindow'] === undefined) props['FlexibleTimeWindow'] = { Mode: 'OFF' };
      if (props['Name'] === undefined && ep['OmitName'] !== true) props['Name'] = gid;
      const roleArn = ep['RoleArn'] !== undefined ? structuredClone(ep['RoleArn']!) : getAtt(`${gid}Role`, 'Arn');
      const target: JsonObject = { Arn: t.arn, RoleArn: roleArn };
      if (ep['Input'] !== undefined) target['Input'] = structuredClone(ep['Input']!);
      if (ep['RetryPolicy'] !== undefined) target['RetryPolicy'] = structuredClone(ep['RetryPolicy']!);
      if (ep['DeadLetterConfig'] !== undefined) target['DeadLetterConfig'] = ruleDlq(ctx, r, gid, name, ep['DeadLetterConfig']!, [...pp, 'DeadLetterConfig']);
      props['Target'] = target;
      addResource(ctx, gid, condition({ Type: 'AWS::Scheduler::Schedule', Properties: props }), evPath);
      if (ep['RoleArn'] === undefined) {
        const roleProps: JsonObject = {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['scheduler.amazonaws.com'] } }] },
          Policies: [{ PolicyName: `${gid}LambdaPolicy`, PolicyDocument: { Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: t.arn }] } }],
        };
        if (ep['PermissionsBoundary'] !== undefined) roleProps['PermissionsBoundary'] = structuredClone(ep['PermissionsBoundary']!);
        addResource(ctx, `${gid}Role`, condition({ Type: 'AWS::IAM::Role', Properties: roleProps }), evPath);
      }
      return;
    }
    case 'CloudWatchLogs': {
      const group = need('LogGroupName');
      const filter = need('FilterPattern');
      const permId = `${gid}Permission`;
      permission(ctx, r, permId, t, 'logs.amazonaws.com', evPath, {
        SourceArn: { 'Fn::Sub': ['arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*', { __LogGroupName__: structuredClone(group) }] },
      });
      addResource(ctx, gid, condition({
        Type: 'AWS::Logs::SubscriptionFilter',
        DependsOn: [permId],
        Properties: { DestinationArn: t.arn, FilterPattern: structuredClone(filter), LogGroupName: structuredClone(group) },
      }), evPath);
      return;
    }
    case 'IoTRule': {
      const payload: JsonObject = { Sql: structuredClone(need('Sql')), RuleDisabled: false, Actions: [{ Lambda: { FunctionArn: t.arn } }] };
      if (ep['AwsIotSqlVersion'] !== undefined) payload['AwsIotSqlVersion'] = structuredClone(ep['AwsIotSqlVersion']!);
      addResource(ctx, gid, condition({ Type: 'AWS::IoT::TopicRule', Properties: { TopicRulePayload: payload } }), evPath);
      permission(ctx, r, `${gid}Permission`, t, 'iot.amazonaws.com', evPath, {
        SourceAccount: { 'Fn::Sub': '${AWS::AccountId}' },
        SourceArn: { 'Fn::Sub': ['arn:aws:iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}', { RuleName: ref(gid) }] },
      });
      return;
    }
    case 'AlexaSkill': {
      const extra: JsonObject = {};
      if (ep['SkillId'] !== undefined) extra['EventSourceToken'] = structuredClone(ep['SkillId']!);
      permission(ctx, r, `${gid}Permission`, t, 'alexa-appkit.amazon.com', evPath, extra);
      return;
    }
    case 'Cognito': {
      const pool = need('UserPool');
      const trigger = need('Trigger');
      const poolId = refTarget(pool);
      const up = poolId !== undefined ? ctx.resources[poolId] : undefined;
      if (!isObject(up) || up['Type'] !== 'AWS::Cognito::UserPool') {
        throw invalid(r, `Event with id [${name}] is invalid. Cognito events must reference a Cognito UserPool in the same template.`, [...pp, 'UserPool']);
      }
      permission(ctx, r, `${t.id}CognitoPermission`, t, 'cognito-idp.amazonaws.com', evPath, { SourceArn: getAtt(poolId!, 'Arn') });
      const upProps = isObject(up['Properties']) ? up['Properties'] : (up['Properties'] = {});
      const lc = isObject(upProps['LambdaConfig']) ? upProps['LambdaConfig'] : (upProps['LambdaConfig'] = {});
      for (const tr of asList(trigger)) {
        if (typeof tr !== 'string') continue;
        if (lc[tr] !== undefined && JSON.stringify(lc[tr]) !== JSON.stringify(t.arn)) {
          throw invalid(r, `Event with id [${name}] is invalid. Cognito trigger "${tr}" defined multiple times.`, [...pp, 'Trigger']);
        }
        lc[tr] = t.arn;
        mapOrigin(ctx, ['Resources', poolId!, 'Properties', 'LambdaConfig', tr], evPath);
      }
      return;
    }
    case 'Api': {
      const suffix = apiPermissionSuffix(ctx, ep);
      const route = routeFor(ctx, r.id, name);
      if (!route) return;
      const method = route.method === 'any' ? '*' : route.method.toUpperCase();
      const path = route.path.replace(/\{[^}]*\}/g, '*');
      permission(ctx, r, `${gid}Permission${suffix}`, t, 'apigateway.amazonaws.com', evPath, {
        SourceArn: { 'Fn::Sub': [`arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${method}${path}`, { __ApiId__: structuredClone(route.apiRef), __Stage__: '*' }] },
      });
      return;
    }
    case 'HttpApi': {
      const route = routeFor(ctx, r.id, name);
      if (!route) return;
      const method = route.method === 'any' ? '*' : route.method.toUpperCase();
      const tail = route.path === '$default' ? '*' : `${method}${route.path.replace(/\{[^}]*\}/g, '*')}`;
      permission(ctx, r, `${gid}Permission`, t, 'apigateway.amazonaws.com', evPath, {
        SourceArn: { 'Fn::Sub': [`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${tail}`, { __ApiId__: structuredClone(route.apiRef), __Stage__: '*' }] },
      });
      return;
    }
  }
}

function routeFor(ctx: Ctx, owner: string, eventName: string): { apiId: string; apiRef: JsonValue; path: string; method: string } | undefined {
  for (const routes of ctx.routes.values()) for (const rt of routes) if (rt.owner.id === owner && rt.eventName === eventName) return rt;
  return undefined;
}

/**
 * The translator suffixes API permissions with the explicit API's stage name (`Prod` for the implicit
 * API), a hash of it when it is not alphanumeric, or `Stage` when it is computed.
 */
function apiPermissionSuffix(ctx: Ctx, ep: JsonObject): string {
  const apiId = refTarget(ep['RestApiId']) ?? (typeof ep['RestApiId'] === 'string' ? ep['RestApiId'] : undefined);
  if (apiId === undefined) return 'Prod';
  const api = ctx.sam.get(apiId);
  const stage = api?.props['StageName'];
  if (stage === undefined) return 'Prod';
  if (typeof stage !== 'string') return 'Stage';
  return /^[A-Za-z0-9]+$/.test(stage) ? stage : sha1(stage).slice(0, 10);
}

/** DeadLetterConfig of a rule target: `Arn` as given, or `Type: SQS` for a generated queue. */
export function ruleDlq(ctx: Ctx, r: SamResource, gid: string, name: string, dlq: JsonValue, src: DocPath): JsonObject {
  if (!isObject(dlq)) throw invalid(r, `Event with id [${name}] is invalid. DeadLetterConfig must be a map.`, src);
  if (dlq['Arn'] !== undefined && dlq['Type'] !== undefined) throw invalid(r, `Event with id [${name}] is invalid. You can either define 'Arn' or 'Type' property of DeadLetterConfig`, src);
  if (dlq['Arn'] !== undefined) return { Arn: structuredClone(dlq['Arn']!) };
  if (dlq['Type'] !== 'SQS') throw invalid(r, `Event with id [${name}] is invalid. The only valid value for 'Type' property of DeadLetterConfig is 'SQS'`, src);
  const qid = typeof dlq['QueueLogicalId'] === 'string' ? dlq['QueueLogicalId'] : `${gid}Queue`;
  if (dlq['QueueLogicalId'] !== undefined && typeof dlq['QueueLogicalId'] !== 'string') throw invalid(r, `Event with id [${name}] is invalid. QueueLogicalId must be a string.`, src);
  addResource(ctx, qid, inherit(r, { Type: 'AWS::SQS::Queue' }), src);
  addResource(ctx, `${qid}Policy`, inherit(r, {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [ref(qid)],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'sqs:SendMessage', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Resource: getAtt(qid, 'Arn'), Condition: { ArnEquals: { 'aws:SourceArn': getAtt(gid, 'Arn') } } }],
      },
    },
  }), src);
  return { Arn: getAtt(qid, 'Arn') };
}

/** Inline policies SAM writes for MQ, self-managed Kafka and DocumentDB sources. */
function pullPolicy(ctx: Ctx, r: SamResource, role: BuiltRole, type: string, name: string, ep: JsonObject, evPath: DocPath, esm: JsonObject): void {
  const sac = asList(ep['SourceAccessConfigurations']).filter(isObject);
  const statements: JsonValue[] = [];
  const secretTypes = ['BASIC_AUTH', 'SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH', 'SERVER_ROOT_CA_CERTIFICATE', 'VIRTUAL_HOST'];
  const hasVpc = sac.some((s) => s['Type'] === 'VPC_SUBNET' || s['Type'] === 'VPC_SECURITY_GROUP');
  if (type === 'SelfManagedKafka') {
    // The translator grants the root CA certificate's statement on the auth mechanism's secret when there is one.
    const mechanism = sac.find((s) => typeof s['Type'] === 'string' && secretTypes.includes(s['Type']) && s['Type'] !== 'VIRTUAL_HOST' && s['Type'] !== 'SERVER_ROOT_CA_CERTIFICATE');
    for (const s of sac) {
      if (typeof s['Type'] === 'string' && secretTypes.includes(s['Type']) && s['Type'] !== 'VIRTUAL_HOST') {
        const secret = s['Type'] === 'SERVER_ROOT_CA_CERTIFICATE' && mechanism ? mechanism : s;
        statements.push({ Action: ['secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: structuredClone(secret['URI'] ?? null) });
      }
    }
    if (ep['SecretsManagerKmsKeyId'] !== undefined) {
      statements.push({ Action: ['kms:Decrypt'], Effect: 'Allow', Resource: kmsKeyArn(ep['SecretsManagerKmsKeyId']!) });
    }
    if (hasVpc) statements.push({ Action: VPC_ACTIONS, Effect: 'Allow', Resource: '*' });
    statements.push(...schemaRegistryStatements(ep));
    if (statements.length > 0) role.addPolicy('SelfManagedKafkaExecutionRolePolicy', { Version: '2012-10-17', Statement: statements }, evPath);
    return;
  }
  const secret = sac.find((s) => s['Type'] === 'BASIC_AUTH');
  if (secret) statements.push({ Action: ['secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: structuredClone(secret['URI'] ?? null) });
  if (ep['SecretsManagerKmsKeyId'] !== undefined) {
    statements.push({ Action: ['kms:Decrypt'], Effect: 'Allow', Resource: kmsKeyArn(ep['SecretsManagerKmsKeyId']!) });
  }
  const source = structuredClone(esm['EventSourceArn'] ?? null);
  if (type === 'MQ') {
    statements.push({ Action: ['mq:DescribeBroker'], Effect: 'Allow', Resource: source });
    const policyName = ep['DynamicPolicyName'] === true ? `${r.id}${name}AMQPolicy` : 'SamAutoGeneratedAMQPolicy';
    role.addPolicy(policyName, { Statement: statements }, evPath);
  } else {
    statements.push(
      { Action: ['rds:DescribeDBClusterParameters'], Effect: 'Allow', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*' } },
      { Action: ['rds:DescribeDBSubnetGroups'], Effect: 'Allow', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*' } },
      { Action: ['rds:DescribeDBClusters'], Effect: 'Allow', Resource: source },
      { Action: VPC_ACTIONS, Effect: 'Allow', Resource: '*' },
    );
    role.addPolicy('SamAutoGeneratedDocumentDBPolicy', { Statement: statements }, evPath);
  }
  void ctx;
}

/** MSK beyond its managed policy: the mTLS client certificate's secret and the schema registry. */
function mskPolicy(role: BuiltRole, ep: JsonObject, evPath: DocPath): void {
  const statements: JsonValue[] = [];
  for (const s of asList(ep['SourceAccessConfigurations']).filter(isObject)) {
    if (s['Type'] === 'CLIENT_CERTIFICATE_TLS_AUTH') statements.push({ Action: ['secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: structuredClone(s['URI'] ?? null) });
  }
  statements.push(...schemaRegistryStatements(ep));
  if (statements.length > 0) role.addPolicy('MSKExecutionRolePolicy', { Statement: statements }, evPath);
}

/** A Kafka source's schema registry: the secrets it authenticates with and, for AWS Glue, the registry and its schemas. */
function schemaRegistryStatements(ep: JsonObject): JsonValue[] {
  const cfg = ep['SchemaRegistryConfig'];
  if (!isObject(cfg)) return [];
  const out: JsonValue[] = [];
  for (const a of asList(cfg['AccessConfigs']).filter(isObject)) {
    if (a['URI'] !== undefined && ['BASIC_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH', 'SERVER_ROOT_CA_CERTIFICATE'].includes(String(a['Type']))) {
      out.push({ Action: ['secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: structuredClone(a['URI']!) });
    }
  }
  const uri = cfg['SchemaRegistryURI'];
  const text = typeof uri === 'string' ? uri : isObject(uri) && typeof uri['Fn::Sub'] === 'string' ? uri['Fn::Sub'] : undefined;
  const registry = text !== undefined && /^arn:(\$\{AWS::Partition\}|[^:$]+):glue:/.test(text) ? /:registry\/([^/]+)/.exec(text)?.[1] : undefined;
  if (registry !== undefined) {
    out.push(
      { Action: ['glue:GetRegistry'], Effect: 'Allow', Resource: structuredClone(uri!) },
      { Action: ['glue:GetSchemaVersion'], Effect: 'Allow', Resource: [{ 'Fn::Sub': `arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:schema/${registry}/*` }] },
    );
  }
  return out;
}

/** A plain key id goes straight into the ARN; a computed one through Fn::Sub variables, as the translator writes it. */
function kmsKeyArn(keyId: JsonValue): JsonObject {
  if (typeof keyId === 'string') return { 'Fn::Sub': `arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${keyId}` };
  return { 'Fn::Sub': ['arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${__SecretsManagerKmsKeyId__}', { __SecretsManagerKmsKeyId__: structuredClone(keyId) }] };
}
