/**
 * Live reading of the event sources and other services a function meets: SQS queues, SNS topics, S3
 * buckets, EventBridge buses and rules, DynamoDB tables, Kinesis streams, Step Functions state
 * machines, Cognito user and identity pools.
 */
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
import { clientConfig, type AwsAccess, type Caller } from './aws.js';
import { unknown, policyDocument, lastSegment, clean, type LiveResource, type RegionRead, type RegionReadOptions } from './read-shared.js';

// --- SQS, SNS, S3, EventBridge, DynamoDB ------------------------------------------------------------------

export async function readQueues(sqs: SQSClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
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

export async function readTopics(sns: SNSClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
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

export async function readBuckets(s3: S3Client, o: RegionReadOptions, out: RegionRead): Promise<void> {
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

export async function readEventBridge(eb: EventBridgeClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
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

export async function readTables(ddb: DynamoDBClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
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

export async function readStreams(kinesis: KinesisClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
  const list = await o.caller.pages('kinesis:ListStreams', o.region, (NextToken) => kinesis.send(new o.sdk.kinesis.ListStreamsCommand({ NextToken })), (p) => (p.HasMoreStreams ? p.NextToken : undefined));
  for (const st of list.pages.flatMap((p) => p.StreamSummaries ?? []).sort((a, b) => ((a.StreamName ?? '') < (b.StreamName ?? '') ? -1 : 1))) {
    if (!st.StreamName) continue;
    const arn = st.StreamARN ?? `arn:aws:kinesis:${o.region}:${o.accountId}:stream/${st.StreamName}`;
    out.resources.push({ type: 'AWS::Kinesis::Stream', physicalIds: [st.StreamName, arn], suffix: st.StreamName, props: { Name: st.StreamName }, deployed: { name: st.StreamName, arn } });
  }
}

export async function readStateMachines(sfn: SFNClient, o: RegionReadOptions, out: RegionRead, roleArns: Set<string>): Promise<void> {
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

export async function readUserPools(idp: CognitoIdentityProviderClient, o: RegionReadOptions, out: RegionRead): Promise<void> {
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

export async function readIdentityPools(ci: CognitoIdentityClient, o: RegionReadOptions, out: RegionRead, roleArns: Set<string>): Promise<void> {
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
