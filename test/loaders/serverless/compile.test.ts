import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/model/types.js';
import { loadFixture, props } from './helpers.js';

const events = loadFixture('events');
const R = events.resources;
const typeOf = (id: string) => (R[id] as JsonObject | undefined)?.['Type'];

test('loads as format serverless with provider defaults', () => {
  assert.ok(events.t);
  assert.equal(events.t.format, 'serverless');
  const p = props(R, 'UsersLambdaFunction');
  assert.equal(p['MemorySize'], 1024);
  assert.equal(p['Timeout'], 6);
  assert.equal(p['Runtime'], 'nodejs20.x');
  assert.deepEqual(p['Architectures'], ['arm64']);
  assert.equal(p['FunctionName'], 'shop-dev-users');
  assert.equal(p['ReservedConcurrentExecutions'], 5);
  assert.equal(p['Description'], 'extended'); // resources.extensions
});

test('REST API: methods, authorizers, private, IAM auth, CORS, permission, API key plan, resource policy', () => {
  assert.equal(typeOf('ApiGatewayRestApi'), 'AWS::ApiGateway::RestApi');
  const get = props(R, 'ApiGatewayMethodUsersGet');
  assert.equal(get['AuthorizationType'], 'CUSTOM');
  assert.deepEqual(get['AuthorizerId'], { Ref: 'AuthorizerApiGatewayAuthorizer' });
  assert.equal(props(R, 'AuthorizerApiGatewayAuthorizer')['Type'], 'TOKEN');
  const del = props(R, 'ApiGatewayMethodUsersIdVarDelete');
  assert.equal(del['ApiKeyRequired'], true);
  assert.equal(del['AuthorizationType'], 'NONE');
  assert.equal(props(R, 'ApiGatewayMethodAdminPost')['AuthorizationType'], 'AWS_IAM');
  assert.equal(typeOf('ApiGatewayMethodUsersIdVarOptions'), 'AWS::ApiGateway::Method');
  assert.equal(props(R, 'UsersLambdaPermissionApiGateway')['Principal'], 'apigateway.amazonaws.com');
  assert.equal(typeOf('AuthorizerLambdaPermissionApiGateway'), 'AWS::Lambda::Permission');
  assert.deepEqual((props(R, 'ApiGatewayUsagePlan')['Throttle'] as JsonObject), { BurstLimit: 20, RateLimit: 10 });
  assert.equal(typeOf('ApiGatewayApiKey1'), 'AWS::ApiGateway::ApiKey');
  const policy = props(R, 'ApiGatewayRestApi')['Policy'] as JsonObject;
  assert.equal(((policy['Statement'] as JsonObject[])[0]!)['Principal'], '*');
});

test('HTTP API: JWT, aws_iam and request authorizers, CORS', () => {
  const get = props(R, 'HttpApiRouteGetOrders');
  assert.equal(get['RouteKey'], 'GET /orders');
  assert.equal(get['AuthorizationType'], 'JWT');
  assert.deepEqual(get['AuthorizationScopes'], ['orders/read']);
  assert.equal(props(R, 'HttpApiAuthorizerJwtAuth')['AuthorizerType'], 'JWT');
  assert.equal(props(R, 'HttpApiRoutePostOrders')['AuthorizationType'], 'AWS_IAM');
  assert.equal(props(R, 'HttpApiRouteDeleteOrdersIdVar')['AuthorizationType'], 'CUSTOM');
  assert.equal(props(R, 'HttpApiAuthorizerCustomAuth')['AuthorizerType'], 'REQUEST');
  assert.ok(props(R, 'HttpApi')['CorsConfiguration']);
  // provisioned concurrency: the integration targets the alias
  assert.deepEqual(props(R, 'HttpApiIntegrationOrders')['IntegrationUri'], { 'Fn::Join': [':', [{ 'Fn::GetAtt': ['OrdersLambdaFunction', 'Arn'] }, 'provisioned']] });
  assert.equal(typeOf('OrdersProvConcLambdaAlias'), 'AWS::Lambda::Alias');
});

test('function URLs: true is public (NONE + permission), aws_iam is IAM', () => {
  assert.equal(props(R, 'OrdersLambdaFunctionUrl')['AuthType'], 'NONE');
  const perm = props(R, 'OrdersLambdaPermissionFnUrl');
  assert.equal(perm['Principal'], '*');
  assert.equal(perm['FunctionUrlAuthType'], 'NONE');
  assert.equal(props(R, 'InternalLambdaFunctionUrl')['AuthType'], 'AWS_IAM');
  assert.equal(R['InternalLambdaPermissionFnUrl'], undefined);
});

test('websocket routes with an authorizer on $connect', () => {
  assert.equal(props(R, 'SconnectWebsocketsRoute')['AuthorizationType'], 'CUSTOM');
  assert.equal(props(R, 'SdefaultWebsocketsRoute')['AuthorizationType'], 'NONE');
  assert.equal(typeOf('AuthorizerWebsocketsAuthorizer'), 'AWS::ApiGatewayV2::Authorizer');
  assert.equal(typeOf('WsLambdaPermissionWebsockets'), 'AWS::Lambda::Permission');
});

test('event sources: queues, topics, streams, buckets, rules, pools, IoT, Alexa, ALB, brokers', () => {
  assert.equal(props(R, 'WorkerEventSourceMappingSQSJobs')['BatchSize'], 5);
  assert.equal(typeOf('SNSTopicOrderevents'), 'AWS::SNS::Topic');
  assert.equal(props(R, 'WorkerLambdaPermissionOrdereventsSNS')['Principal'], 'sns.amazonaws.com');
  assert.equal(typeOf('WorkerEventSourceMappingDynamodbOrders'), 'AWS::Lambda::EventSourceMapping');
  assert.equal(typeOf('WorkerEventSourceMappingKinesisClicks'), 'AWS::Lambda::EventSourceMapping');
  const bucket = props(R, 'S3BucketShopuploads');
  assert.equal(bucket['BucketName'], 'shop-uploads');
  assert.deepEqual(bucket['VersioningConfiguration'], { Status: 'Enabled' }); // merged from resources
  assert.equal(typeOf('WorkerCustomS31'), 'Custom::S3');
  assert.equal(typeOf('CustomDashresourceDashexistingDashs3LambdaFunction'), 'AWS::Lambda::Function');
  assert.equal(props(R, 'WorkerEventsRuleSchedule1')['ScheduleExpression'], 'rate(5 minutes)');
  assert.equal(typeOf('ShopDashbusEventBridgeEventBus'), 'AWS::Events::EventBus');
  assert.equal(props(R, 'Shopdevworkerrule1EventBridgeRule')['EventBusName'], 'shop-bus');
  assert.equal(typeOf('WorkerEventsRuleCloudWatchEvent1'), 'AWS::Events::Rule');
  assert.equal(typeOf('WorkerLogsSubscriptionFilterCloudWatchLog1'), 'AWS::Logs::SubscriptionFilter');
  assert.equal(typeOf('CognitoUserPoolShopUsers'), 'AWS::Cognito::UserPool');
  assert.equal(props(R, 'WorkerLambdaPermissionIotTopicRule1')['Principal'], 'iot.amazonaws.com');
  assert.equal(props(R, 'WorkerLambdaPermissionAlexaSkill1')['EventSourceToken'], 'amzn1.ask.skill.123');
  assert.equal(props(R, 'WorkerLambdaPermissionAlb')['Principal'], 'elasticloadbalancing.amazonaws.com');
  assert.equal(typeOf('WorkerEventSourceMappingKafkaOrders'), 'AWS::Lambda::EventSourceMapping');
  assert.equal(typeOf('WorkerEventSourceMappingMSKShopclusterOrders'), 'AWS::Lambda::EventSourceMapping');
  assert.equal(typeOf('WorkerEventSourceMappingActiveMQJobs'), 'AWS::Lambda::EventSourceMapping');
  assert.equal(typeOf('WorkerEventSourceMappingRabbitMQTasks'), 'AWS::Lambda::EventSourceMapping');
  assert.ok(events.diagnostics.some((d) => d.code === 'sls-event-unknown' && d.message.includes('somethingNew')));
});

test('event sources add their permissions to the shared role', () => {
  const st = ((((props(R, 'IamRoleLambdaExecution')['Policies'] as JsonObject[])[0]!['PolicyDocument'] as JsonObject)['Statement']) as JsonObject[]);
  const actions = st.flatMap((s) => (Array.isArray(s['Action']) ? s['Action'] : [s['Action']]));
  for (const a of ['sqs:ReceiveMessage', 'dynamodb:GetRecords', 'kinesis:GetRecords', 'kafka:DescribeCluster', 'mq:DescribeBroker', 'secretsmanager:GetSecretValue', 'execute-api:ManageConnections']) {
    assert.ok(actions.includes(a), `missing ${a}`);
  }
});

test('unknown plugins are named in a warning; harmless ones are not', () => {
  const d = events.diagnostics.find((x) => x.code === 'sls-plugin-unknown');
  assert.ok(d);
  assert.match(d.message, /serverless-plugin-warmup/);
  assert.doesNotMatch(d.message, /serverless-offline/);
});

test('locate() points generated resources at the serverless.yml lines the user wrote', () => {
  const t = events.t!;
  const line = (path: (string | number)[]) => t.locate(path).line;
  assert.equal(t.locate(['Resources', 'UsersLambdaFunction']).file, 'serverless.yml');
  assert.equal(line(['Resources', 'UsersLambdaFunction']), 40); // `users:` key
  assert.equal(line(['Resources', 'ApiGatewayMethodUsersGet']), 44); // the http event entry
  assert.equal(line(['Resources', 'ApiGatewayMethodUsersGet', 'Properties', 'AuthorizationType']), 47); // authorizer:
  assert.equal(line(['Resources', 'ApiGatewayMethodUsersIdVarDelete', 'Properties', 'ApiKeyRequired']), 51); // private: true
  assert.equal(line(['Resources', 'UsersLambdaFunction', 'Properties', 'ReservedConcurrentExecutions']), 42);
  assert.equal(line(['Resources', 'OrdersLambdaFunctionUrl', 'Properties', 'AuthType']), 60); // url: true
  assert.equal(line(['Resources', 'InternalLambdaFunctionUrl', 'Properties', 'AuthType']), 80); // authorizer: aws_iam
  assert.equal(line(['Resources', 'WorkerEventSourceMappingSQSJobs']), 91);
  assert.equal(line(['Resources', 'HttpApiAuthorizerJwtAuth']), 27);
  assert.equal(line(['Resources', 'ApiGatewayRestApi', 'Properties', 'Policy', 'Statement', 0]), 20);
  assert.equal(line(['Resources', 'Clicks', 'Properties', 'ShardCount']), 152);
  assert.equal(line(['Outputs', 'ClicksArn']), 162);
});

test('IAM: shared role with legacy statements and managed policies, per-function roles, roles by ARN and logical id', () => {
  const { t, resources, diagnostics } = loadFixture('iam');
  assert.ok(t);
  const shared = props(resources, 'IamRoleLambdaExecution');
  assert.deepEqual(shared['ManagedPolicyArns'], ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  const sharedSt = (((shared['Policies'] as JsonObject[])[0]!['PolicyDocument'] as JsonObject)['Statement']) as JsonObject[];
  assert.ok(sharedSt.some((s) => s['Action'] === 's3:GetObject'));
  assert.deepEqual(props(resources, 'SharedLambdaFunction')['Role'], { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
  // serverless-iam-roles-per-function
  assert.deepEqual(props(resources, 'PluginRoleLambdaFunction')['Role'], { 'Fn::GetAtt': ['PluginRoleIamRoleLambdaExecution', 'Arn'] });
  const pluginSt = ((((props(resources, 'PluginRoleIamRoleLambdaExecution')['Policies'] as JsonObject[])[0]!['PolicyDocument'] as JsonObject)['Statement']) as JsonObject[]);
  const pluginActions = pluginSt.flatMap((s) => (Array.isArray(s['Action']) ? s['Action'] : [s['Action']]));
  assert.ok(pluginActions.includes('dynamodb:PutItem'));
  assert.ok(pluginActions.includes('s3:GetObject')); // iamRoleStatementsInherit
  assert.ok(pluginActions.includes('sqs:ReceiveMessage')); // its own event source
  assert.ok(!sharedSt.some((s) => JSON.stringify(s['Action']).includes('sqs:')));
  // v4 built-in function iam
  assert.deepEqual(props(resources, 'V4RoleLambdaFunction')['Role'], { 'Fn::GetAtt': ['V4RoleIamRoleLambdaExecution', 'Arn'] });
  assert.equal(props(resources, 'ByArnLambdaFunction')['Role'], 'arn:aws:iam::123456789012:role/existing');
  assert.deepEqual(props(resources, 'ByLogicalIdLambdaFunction')['Role'], { 'Fn::GetAtt': ['CustomRole', 'Arn'] });
  // statement locations: the per-function statement line, the inherited provider statement line
  const roleLine = (i: number) => t.locate(['Resources', 'PluginRoleIamRoleLambdaExecution', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', i]).line;
  const idx = pluginSt.findIndex((s) => JSON.stringify(s['Action']).includes('dynamodb:PutItem'));
  assert.equal(roleLine(idx), 24);
  const inh = pluginSt.findIndex((s) => s['Action'] === 's3:GetObject');
  assert.equal(roleLine(inh), 13);
  assert.ok(!diagnostics.some((d) => d.code === 'sls-plugin-unknown'));
});

test('without the plugin, function iamRoleStatements are ignored with a warning', () => {
  const { resources, diagnostics } = loadFixture('iam', { plugins: 'ignore' });
  assert.deepEqual(props(resources, 'PluginRoleLambdaFunction')['Role'], { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
  assert.ok(diagnostics.some((d) => d.code === 'sls-function-statements-ignored'));
});

test('statement pulled in through ${self:} is located where it was written', () => {
  const { t } = loadFixture('variables');
  assert.ok(t);
  const loc = t.locate(['Resources', 'IamRoleLambdaExecution', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 2, 'Action']);
  assert.equal(loc.line, 40);
});

test('Google services are read as the Terraform google_cloudfunctions_function of the same meaning (clouds.ts); another provider is said not read', () => {
  const { t, resources, diagnostics } = loadFixture('google');
  assert.ok(t && t.format === 'serverless', JSON.stringify(diagnostics));
  assert.deepEqual(diagnostics.filter((d) => d.level !== 'info'), []);
  const fn = resources['helloFunction'] as JsonObject;
  assert.equal(fn['Type'], 'AWS::Lambda::Function');
  assert.equal((fn['Metadata'] as JsonObject)['nightlight:cloud'], 'google');
  assert.deepEqual([(fn['Properties'] as JsonObject)['Handler'], (fn['Properties'] as JsonObject)['FunctionName']], ['index.hello', 'gcf-dev-hello']);
  const other = loadFixture('tencent');
  assert.equal(other.t, null);
  const d = other.diagnostics.find((x) => x.code === 'definition-not-read');
  assert.ok(d && d.level === 'warning' && d.location?.line === 3, JSON.stringify(other.diagnostics));
  assert.match(d.message, /provider 'tencent'/);
});

test('serverless.ts is never run: the compiled .serverless template is read when present', () => {
  const ok = loadFixture('compiled-ts', {}, 'serverless.ts');
  assert.ok(ok.t);
  assert.equal(ok.t.format, 'serverless');
  assert.ok(ok.resources['HelloLambdaFunction']);
  assert.ok(ok.diagnostics.some((d) => d.code === 'sls-compiled-template'));
  const missing = loadFixture('compiled-ts-missing', {}, 'serverless.ts');
  assert.equal(missing.t, null);
  assert.ok(missing.diagnostics.some((d) => d.code === 'sls-code-config'));
});

test('output is deterministic', () => {
  const a = JSON.stringify(loadFixture('events').t!.body);
  const b = JSON.stringify(loadFixture('events').t!.body);
  assert.equal(a, b);
});
