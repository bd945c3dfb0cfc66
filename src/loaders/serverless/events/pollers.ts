/**
 * Queues, streams and brokers (`sqs`, `stream`, `kafka`, `msk`, `activemq`, `rabbitmq` events):
 * event source mappings and the role statements the framework adds for them.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asArray, asObject, asString, isIntrinsic, isObject, present, ref, type FunctionInfo } from '../context.js';
import { names } from '../naming.js';
import { nameFromArn, vpcAccessStatement, type EventContext } from './shared.js';

function mappingDependsOn(ec: EventContext, fn: FunctionInfo): JsonValue[] {
  const deps: JsonValue[] = [];
  if (fn.roleId) deps.push(fn.roleId);
  if (fn.provisioned) deps.push(names.alias(fn.key));
  return deps;
}

export function compileSqs(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev: JsonObject = typeof value === 'string' || isIntrinsic(value) ? { arn: value } : isObject(value) ? value : {};
  const arn = ev['arn'];
  if (!present(arn)) {
    ec.c.diag('warning', 'sls-event-invalid', `sqs event of function '${fn.key}' has no queue ARN; ignored`, esrc);
    return;
  }
  const id = names.sqsMapping(fn.key, nameFromArn(arn, 'sqs'));
  const props: JsonObject = { BatchSize: ev['batchSize'] ?? 10, EventSourceArn: arn, FunctionName: fn.invokeArn, Enabled: ev['enabled'] ?? true };
  if (present(ev['maximumBatchingWindow'])) props['MaximumBatchingWindowInSeconds'] = ev['maximumBatchingWindow'];
  if (present(ev['functionResponseType'])) props['FunctionResponseTypes'] = [ev['functionResponseType']];
  if (present(ev['filterPatterns'])) props['FilterCriteria'] = { Filters: asArray(ev['filterPatterns']).map((p) => ({ Pattern: JSON.stringify(p) })) };
  if (present(ev['maximumConcurrency'])) props['ScalingConfig'] = { MaximumConcurrency: ev['maximumConcurrency'] };
  ec.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: mappingDependsOn(ec, fn), Properties: props }, esrc);
  ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: [arn] }, esrc);
  void vsrc;
}

export function compileStream(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev: JsonObject = typeof value === 'string' || isIntrinsic(value) ? { arn: value } : isObject(value) ? value : {};
  const arn = ev['arn'];
  if (!present(arn)) {
    ec.c.diag('warning', 'sls-event-invalid', `stream event of function '${fn.key}' has no stream ARN; ignored`, esrc);
    return;
  }
  let type = asString(ev['type']);
  if (!type && typeof arn === 'string') type = arn.includes(':kinesis:') ? 'kinesis' : arn.includes(':dynamodb:') ? 'dynamodb' : undefined;
  if (!type) {
    ec.c.diag('warning', 'sls-event-invalid', `stream event of function '${fn.key}' does not say whether it is kinesis or dynamodb; assumed dynamodb`, esrc);
    type = 'dynamodb';
  }
  const streamName = nameFromArn(arn, type === 'kinesis' ? 'kinesis' : 'dynamodb');
  const id = names.streamMapping(fn.key, type, streamName);
  const props: JsonObject = {
    BatchSize: ev['batchSize'] ?? 10,
    Enabled: ev['enabled'] ?? true,
    EventSourceArn: arn,
    FunctionName: fn.invokeArn,
    StartingPosition: ev['startingPosition'] ?? 'TRIM_HORIZON',
  };
  if (present(ev['batchWindow'])) props['MaximumBatchingWindowInSeconds'] = ev['batchWindow'];
  if (present(ev['parallelizationFactor'])) props['ParallelizationFactor'] = ev['parallelizationFactor'];
  if (present(ev['maximumRetryAttempts'])) props['MaximumRetryAttempts'] = ev['maximumRetryAttempts'];
  if (present(ev['bisectBatchOnFunctionError'])) props['BisectBatchOnFunctionError'] = ev['bisectBatchOnFunctionError'];
  if (present(ev['functionResponseType'])) props['FunctionResponseTypes'] = [ev['functionResponseType']];
  if (present(ev['filterPatterns'])) props['FilterCriteria'] = { Filters: asArray(ev['filterPatterns']).map((p) => ({ Pattern: JSON.stringify(p) })) };
  const dest = asObject(asObject(ev['destinations'])?.['onFailure']);
  const destArn = dest ? dest['arn'] : asObject(ev['destinations'])?.['onFailure'];
  if (present(destArn)) props['DestinationConfig'] = { OnFailure: { Destination: destArn } };
  let consumerArn: JsonValue | null = null;
  if (type === 'kinesis' && present(ev['consumer'])) {
    if (ev['consumer'] === true) {
      const consumerId = names.kinesisConsumer(fn.key, streamName);
      ec.c.add(consumerId, { Type: 'AWS::Kinesis::StreamConsumer', Properties: { StreamARN: arn, ConsumerName: `${fn.key}${streamName}Consumer` } }, esrc);
      consumerArn = ref(consumerId);
    } else consumerArn = ev['consumer'];
    props['EventSourceArn'] = consumerArn;
  }
  ec.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: mappingDependsOn(ec, fn), Properties: props }, esrc);
  const actions =
    type === 'kinesis'
      ? ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:ListStreams']
      : ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'];
  ec.c.addEventStatement(fn, { Effect: 'Allow', Action: actions, Resource: [arn] }, esrc);
  if (consumerArn !== null) ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['kinesis:SubscribeToShard'], Resource: [consumerArn] }, esrc);
  if (present(destArn)) {
    const action = typeof destArn === 'string' && destArn.includes(':sns:') ? 'sns:Publish' : 'sqs:SendMessage';
    ec.c.addEventStatement(fn, { Effect: 'Allow', Action: [action], Resource: [destArn] }, esrc);
  }
  void vsrc;
}

export function compileKafka(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev = asObject(value) ?? {};
  const topic = asString(ev['topic']) ?? 'topic';
  const id = names.kafkaMapping(fn.key, topic);
  const access = asObject(ev['accessConfigurations']) ?? {};
  const sac: JsonValue[] = [];
  const secrets: JsonValue[] = [];
  const kinds: Record<string, string> = {
    vpcSubnet: 'VPC_SUBNET',
    vpcSecurityGroup: 'VPC_SECURITY_GROUP',
    saslPlainAuth: 'BASIC_AUTH',
    saslScram256Auth: 'SASL_SCRAM_256_AUTH',
    saslScram512Auth: 'SASL_SCRAM_512_AUTH',
    clientCertificateTlsAuth: 'CLIENT_CERTIFICATE_TLS_AUTH',
    serverRootCaCertificate: 'SERVER_ROOT_CA_CERTIFICATE',
  };
  for (const [k, v] of Object.entries(access)) {
    const type = kinds[k];
    if (!type) continue;
    for (const item of asArray(v)) {
      sac.push({ Type: type, URI: type.startsWith('VPC_') ? `${type === 'VPC_SUBNET' ? 'subnet' : 'security_group'}:${String(item)}` : item });
      if (!type.startsWith('VPC_')) secrets.push(item);
    }
  }
  const props: JsonObject = {
    FunctionName: fn.invokeArn,
    StartingPosition: ev['startingPosition'] ?? 'TRIM_HORIZON',
    SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: asArray(ev['bootstrapServers']) } },
    Topics: [topic],
    SourceAccessConfigurations: sac,
    BatchSize: ev['batchSize'] ?? 100,
    Enabled: ev['enabled'] ?? true,
  };
  if (present(ev['consumerGroupId'])) props['SelfManagedKafkaEventSourceConfig'] = { ConsumerGroupId: ev['consumerGroupId'] };
  ec.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: mappingDependsOn(ec, fn), Properties: props }, esrc);
  if (secrets.length > 0) ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secrets }, esrc);
  if (sac.some((s) => isObject(s) && String(s['Type']).startsWith('VPC_'))) {
    ec.c.addEventStatement(fn, vpcAccessStatement(), esrc);
  }
  void vsrc;
}

export function compileMsk(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev = asObject(value) ?? {};
  const arn = ev['arn'];
  const topic = asString(ev['topic']) ?? 'topic';
  if (!present(arn)) {
    ec.c.diag('warning', 'sls-event-invalid', `msk event of function '${fn.key}' has no cluster ARN; ignored`, esrc);
    return;
  }
  const id = names.mskMapping(fn.key, nameFromArn(arn, 'msk'), topic);
  const props: JsonObject = {
    EventSourceArn: arn,
    FunctionName: fn.invokeArn,
    StartingPosition: ev['startingPosition'] ?? 'TRIM_HORIZON',
    Topics: [topic],
    BatchSize: ev['batchSize'] ?? 100,
    Enabled: ev['enabled'] ?? true,
  };
  const sac: JsonValue[] = [];
  if (present(ev['saslScram512'])) sac.push({ Type: 'SASL_SCRAM_512_AUTH', URI: ev['saslScram512'] });
  if (sac.length > 0) props['SourceAccessConfigurations'] = sac;
  ec.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: mappingDependsOn(ec, fn), Properties: props }, esrc);
  ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['kafka:DescribeCluster', 'kafka:GetBootstrapBrokers'], Resource: [arn] }, esrc);
  ec.c.addEventStatement(fn, vpcAccessStatement(), esrc);
  if (present(ev['saslScram512'])) ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [ev['saslScram512']] }, esrc);
  void vsrc;
}

export function compileMq(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, kind: 'ActiveMQ' | 'RabbitMQ'): void {
  const ev = asObject(value) ?? {};
  const arn = ev['arn'];
  const queue = asString(ev['queue']) ?? 'queue';
  if (!present(arn)) {
    ec.c.diag('warning', 'sls-event-invalid', `${kind.toLowerCase()} event of function '${fn.key}' has no broker ARN; ignored`, esrc);
    return;
  }
  const props: JsonObject = {
    EventSourceArn: arn,
    FunctionName: fn.invokeArn,
    Queues: [queue],
    SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: ev['basicAuthArn'] ?? null }],
    BatchSize: ev['batchSize'] ?? 100,
    Enabled: ev['enabled'] ?? true,
  };
  if (kind === 'RabbitMQ' && present(ev['virtualHost'])) (props['SourceAccessConfigurations'] as JsonValue[]).push({ Type: 'VIRTUAL_HOST', URI: ev['virtualHost'] });
  ec.c.add(names.mqMapping(fn.key, kind, queue), { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: mappingDependsOn(ec, fn), Properties: props }, esrc);
  ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['mq:DescribeBroker'], Resource: [arn] }, esrc);
  if (present(ev['basicAuthArn'])) ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [ev['basicAuthArn']] }, esrc);
  ec.c.addEventStatement(fn, vpcAccessStatement(), esrc);
  void vsrc;
}
