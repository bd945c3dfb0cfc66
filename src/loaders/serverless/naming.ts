/**
 * Logical ids and names as `serverless package` spells them, so that findings name the same
 * resources the deployed stack has (`HelloLambdaFunction`, `ApiGatewayMethodUsersGet`, ...).
 */

export function upperFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** `my-func_x` → `MyDashfuncUnderscorex`: the framework's function-name normalisation. */
export function normalizeFunctionName(name: string): string {
  return upperFirst(name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore'));
}

/** Keeps letters and digits only, first letter upper-cased. */
export function alphaNumeric(name: string): string {
  return upperFirst(name.replace(/[^0-9A-Za-z]/g, ''));
}

/** One REST/HTTP path segment: `{id}` → `IdVar`, `{proxy+}` → `ProxyVar`, `a-b` → `ADashb`. */
export function normalizePathPart(part: string): string {
  return upperFirst(
    part
      .toLowerCase()
      .replace(/-/g, 'Dash')
      .replace(/\{(.*)\}/g, '$1Var')
      .replace(/[^0-9A-Za-z]/g, ''),
  );
}

export function normalizePath(path: string): string {
  return path
    .split('/')
    .filter((p) => p.length > 0)
    .map(normalizePathPart)
    .join('');
}

export function normalizeMethod(method: string): string {
  return upperFirst(method.toLowerCase());
}

export const names = {
  function: (fn: string) => `${normalizeFunctionName(fn)}LambdaFunction`,
  logGroup: (fn: string) => `${normalizeFunctionName(fn)}LogGroup`,
  version: (fn: string, hash: string) => `${normalizeFunctionName(fn)}LambdaVersion${hash}`,
  alias: (fn: string) => `${normalizeFunctionName(fn)}ProvConcLambdaAlias`,
  url: (fn: string) => `${normalizeFunctionName(fn)}LambdaFunctionUrl`,
  urlPermission: (fn: string) => `${normalizeFunctionName(fn)}LambdaPermissionFnUrl`,
  eventInvokeConfig: (fn: string) => `${normalizeFunctionName(fn)}LambdaEvConf`,
  sharedRole: 'IamRoleLambdaExecution',
  functionRole: (fn: string) => `${normalizeFunctionName(fn)}IamRoleLambdaExecution`,
  customResourcesRole: 'IamRoleCustomResourcesLambdaExecution',
  customResourceFunction: (kind: string) => `CustomDashresourceDash${kind.replace(/-/g, 'Dash')}LambdaFunction`,
  deploymentBucket: 'ServerlessDeploymentBucket',
  // REST API
  restApi: 'ApiGatewayRestApi',
  restApiLogGroup: 'ApiGatewayLogGroup',
  restResource: (path: string) => `ApiGatewayResource${normalizePath(path)}`,
  restMethod: (path: string, method: string) => `ApiGatewayMethod${normalizePath(path)}${normalizeMethod(method)}`,
  restAuthorizer: (name: string) => `${alphaNumeric(name)}ApiGatewayAuthorizer`,
  restPermission: (fn: string) => `${normalizeFunctionName(fn)}LambdaPermissionApiGateway`,
  restDeployment: (hash: string) => `ApiGatewayDeployment${hash}`,
  apiKey: (i: number, plan?: string) => `ApiGatewayApiKey${plan ? alphaNumeric(plan) : ''}${i}`,
  usagePlan: (plan?: string) => `ApiGatewayUsagePlan${plan ? alphaNumeric(plan) : ''}`,
  usagePlanKey: (i: number, plan?: string) => `ApiGatewayUsagePlanKey${plan ? alphaNumeric(plan) : ''}${i}`,
  // HTTP API
  httpApi: 'HttpApi',
  httpApiStage: 'HttpApiStage',
  httpApiLogGroup: 'HttpApiLogGroup',
  httpIntegration: (fn: string) => `HttpApiIntegration${normalizeFunctionName(fn)}`,
  httpRoute: (routeKey: string) => {
    if (routeKey === '$default') return 'HttpApiRouteDefault';
    const [method, path] = splitRouteKey(routeKey);
    return `HttpApiRoute${method === '*' || method.toUpperCase() === 'ANY' ? 'Any' : normalizeMethod(method)}${normalizePath(path)}`;
  },
  httpAuthorizer: (name: string) => `HttpApiAuthorizer${alphaNumeric(name)}`,
  httpPermission: (fn: string) => `${normalizeFunctionName(fn)}LambdaPermissionHttpApi`,
  httpAuthorizerPermission: (name: string) => `${alphaNumeric(name)}LambdaAuthorizerPermissionHttpApi`,
  // WebSocket API
  websocketApi: 'WebsocketsApi',
  websocketIntegration: (fn: string) => `${normalizeFunctionName(fn)}WebsocketsIntegration`,
  websocketRoute: (route: string) => `${route.replace(/\$/g, 'S').replace(/[^0-9A-Za-z]/g, '')}WebsocketsRoute`,
  websocketRouteResponse: (route: string) => `${route.replace(/\$/g, 'S').replace(/[^0-9A-Za-z]/g, '')}WebsocketsRouteResponse`,
  websocketAuthorizer: (name: string) => `${alphaNumeric(name)}WebsocketsAuthorizer`,
  websocketPermission: (fn: string) => `${normalizeFunctionName(fn)}LambdaPermissionWebsockets`,
  websocketStage: 'WebsocketsDeploymentStage',
  websocketDeployment: (hash: string) => `WebsocketsDeployment${hash}`,
  // Event sources
  s3Bucket: (bucket: string) => `S3Bucket${alphaNumeric(bucket)}`,
  s3Permission: (fn: string, bucket: string) => `${normalizeFunctionName(fn)}LambdaPermission${alphaNumeric(bucket)}S3`,
  customS3: (fn: string, i: number) => `${normalizeFunctionName(fn)}CustomS3${i}`,
  snsTopic: (topic: string) => `SNSTopic${alphaNumeric(topic)}`,
  snsPermission: (fn: string, topic: string) => `${normalizeFunctionName(fn)}LambdaPermission${alphaNumeric(topic)}SNS`,
  snsSubscription: (fn: string, topic: string) => `${normalizeFunctionName(fn)}SnsSubscription${alphaNumeric(topic)}`,
  sqsMapping: (fn: string, queue: string) => `${normalizeFunctionName(fn)}EventSourceMappingSQS${alphaNumeric(queue)}`,
  streamMapping: (fn: string, type: string, stream: string) =>
    `${normalizeFunctionName(fn)}EventSourceMapping${upperFirst(type)}${alphaNumeric(stream)}`,
  kafkaMapping: (fn: string, topic: string) => `${normalizeFunctionName(fn)}EventSourceMappingKafka${alphaNumeric(topic)}`,
  mskMapping: (fn: string, cluster: string, topic: string) =>
    `${normalizeFunctionName(fn)}EventSourceMappingMSK${alphaNumeric(cluster)}${alphaNumeric(topic)}`,
  mqMapping: (fn: string, kind: 'ActiveMQ' | 'RabbitMQ', queue: string) => `${normalizeFunctionName(fn)}EventSourceMapping${kind}${alphaNumeric(queue)}`,
  scheduleRule: (fn: string, i: number) => `${normalizeFunctionName(fn)}EventsRuleSchedule${i}`,
  schedulePermission: (fn: string, i: number) => `${normalizeFunctionName(fn)}LambdaPermissionEventsRuleSchedule${i}`,
  scheduler: (fn: string, i: number) => `${normalizeFunctionName(fn)}Schedule${i}`,
  schedulerRole: (fn: string, i: number) => `${normalizeFunctionName(fn)}Schedule${i}Role`,
  eventBridgeRule: (ruleName: string) => `${alphaNumeric(ruleName)}EventBridgeRule`,
  eventBridgePermission: (fn: string, i: number) => `${normalizeFunctionName(fn)}EventBridgeLambdaPermission${i}`,
  eventBus: (name: string) => `${normalizeFunctionName(name).replace(/[^0-9A-Za-z]/g, '')}EventBridgeEventBus`,
  cloudWatchEventRule: (fn: string, i: number) => `${normalizeFunctionName(fn)}EventsRuleCloudWatchEvent${i}`,
  cloudWatchEventPermission: (fn: string, i: number) => `${normalizeFunctionName(fn)}LambdaPermissionEventsRuleCloudWatchEvent${i}`,
  logSubscription: (fn: string, i: number) => `${normalizeFunctionName(fn)}LogsSubscriptionFilterCloudWatchLog${i}`,
  logPermission: (fn: string) => `${normalizeFunctionName(fn)}LambdaPermissionLogsSubscriptionFilterCloudWatchLog`,
  userPool: (pool: string) => `CognitoUserPool${alphaNumeric(pool)}`,
  userPoolPermission: (fn: string, poolId: string, trigger: string) => `${normalizeFunctionName(fn)}LambdaPermission${poolId}TriggerSource${trigger}`,
  customUserPool: (fn: string, i: number) => `${normalizeFunctionName(fn)}CustomCognitoUserPool${i}`,
  iotRule: (fn: string, i: number) => `${normalizeFunctionName(fn)}IotTopicRule${i}`,
  iotPermission: (fn: string, i: number) => `${normalizeFunctionName(fn)}LambdaPermissionIotTopicRule${i}`,
  alexaSkillPermission: (fn: string, i: number) => `${normalizeFunctionName(fn)}LambdaPermissionAlexaSkill${i}`,
  alexaSmartHomePermission: (fn: string, i: number) => `${normalizeFunctionName(fn)}LambdaPermissionAlexaSmartHome${i}`,
  albTargetGroup: (fn: string, albId: string) => `${normalizeFunctionName(fn)}AlbTargetGroup${albId}`,
  albListenerRule: (fn: string, priority: string) => `${normalizeFunctionName(fn)}AlbListenerRule${priority}`,
  albPermission: (fn: string) => `${normalizeFunctionName(fn)}LambdaPermissionAlb`,
  cloudFrontPermission: (fn: string) => `${normalizeFunctionName(fn)}LambdaFunctionInvokePermission`,
  cloudFrontDistribution: 'CloudFrontDistribution',
  kinesisConsumer: (fn: string, stream: string) => `${normalizeFunctionName(fn)}${alphaNumeric(stream)}Consumer`,
};

/** `GET /users/{id}` → [`GET`, `/users/{id}`]. */
export function splitRouteKey(routeKey: string): [string, string] {
  const i = routeKey.indexOf(' ');
  return i < 0 ? [routeKey, '/'] : [routeKey.slice(0, i), routeKey.slice(i + 1).trim()];
}
