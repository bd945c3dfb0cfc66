/**
 * HTTP API (`httpApi` events): the API, routes, integrations, JWT and Lambda authorizers, the
 * stage.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asArray, asObject, asString, GENERATED, getAtt, isObject, join, present, ref, type FunctionInfo } from '../context.js';
import { names } from '../naming.js';
import { CORS_DEFAULT_HEADERS, lambdaUri, permission, type HttpState, type EventContext, addOnce, routeEvent } from './shared.js';

/** The framework's default HTTP API access log format. */
const HTTP_API_LOG_FORMAT = '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength"}';

function httpApiConfig(ec: EventContext): JsonObject {
  return asObject(ec.provider['httpApi']) ?? {};
}

function httpState(ec: EventContext, src: DocPath): HttpState {
  if (ec.http) return ec.http;
  const cfg = httpApiConfig(ec);
  let apiId: JsonValue;
  if (present(cfg['id'])) apiId = cfg['id'];
  else {
    apiId = ref(names.httpApi);
    const props: JsonObject = { Name: cfg['name'] ?? `${ec.c.stage}-${ec.c.service}`, ProtocolType: 'HTTP' };
    if (cfg['disableDefaultEndpoint'] === true) props['DisableExecuteApiEndpoint'] = true;
    ec.c.add(names.httpApi, { Type: 'AWS::ApiGatewayV2::Api', Properties: props }, ec.provider['httpApi'] !== undefined ? ['provider', 'httpApi'] : src);
    const stage: JsonObject = { ApiId: apiId, StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { DetailedMetricsEnabled: cfg['metrics'] === true } };
    // `provider.logs.httpApi`: access logs to a group of the stack, in the framework's default format.
    const logs = asObject(ec.provider['logs'])?.['httpApi'];
    if (logs === true || isObject(logs)) {
      const group: JsonObject = { LogGroupName: `/aws/http-api/${ec.c.service}-${ec.c.stage}` };
      if (present(ec.provider['logRetentionInDays'])) group['RetentionInDays'] = ec.provider['logRetentionInDays'];
      ec.c.add(names.httpApiLogGroup, { Type: 'AWS::Logs::LogGroup', Metadata: { [GENERATED]: true }, Properties: group }, ['provider', 'logs', 'httpApi']);
      stage['AccessLogSettings'] = { DestinationArn: getAtt(names.httpApiLogGroup, 'Arn'), Format: asObject(logs)?.['format'] ?? HTTP_API_LOG_FORMAT };
    }
    ec.c.add(names.httpApiStage, { Type: 'AWS::ApiGatewayV2::Stage', Properties: stage }, ec.provider['httpApi'] !== undefined ? ['provider', 'httpApi'] : src);
    if (logs === true || isObject(logs)) ec.c.remount(['Resources', names.httpApiStage, 'Properties', 'AccessLogSettings'], ['provider', 'logs', 'httpApi']);
    ec.c.outputs['HttpApiId'] = { Description: 'Id of the HTTP API', Value: apiId };
    ec.c.outputs['HttpApiUrl'] = {
      Description: 'URL of the HTTP API',
      Value: join('', ['https://', apiId, '.execute-api.', ref('AWS::Region'), '.', ref('AWS::URLSuffix')]),
    };
  }
  ec.http = { apiId, integrations: new Set(), permissions: new Set(), authorizers: new Set(), methods: new Set() };
  return ec.http;
}

export function compileHttpApi(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const route = typeof value === 'string' && value.trim() === '*' ? { method: '*', path: '*', ev: {} } : routeEvent(ec, 'httpApi', fn, value, esrc, '*', '*', '/');
  if (!route) return;
  const { method, path, ev } = route;
  const st = httpState(ec, esrc);
  const routeKey = method === '*' && path === '*' ? '$default' : `${method === '*' ? 'ANY' : method.toUpperCase()} ${path}`;
  const integrationId = names.httpIntegration(fn.key);
  const integration = { ApiId: st.apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fn.invokeArn, PayloadFormatVersion: String(httpApiConfig(ec)['payload'] ?? '2.0'), TimeoutInMillis: 30000 };
  addOnce(ec, st.integrations, integrationId, { Type: 'AWS::ApiGatewayV2::Integration', Properties: integration }, esrc);
  const sourceArn = join('', ['arn:', ref('AWS::Partition'), ':execute-api:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', st.apiId, '/*']);
  addOnce(ec, st.permissions, names.httpPermission(fn.key), permission(fn.invokeArn, 'apigateway.amazonaws.com', { SourceArn: sourceArn }), esrc);
  if (method !== '*') st.methods.add(method.toUpperCase());
  const routeId = names.httpRoute(routeKey);
  const props: JsonObject = { ApiId: st.apiId, RouteKey: routeKey, Target: join('/', ['integrations', ref(integrationId)]) };
  const a = ev['authorizer'];
  if (present(a)) {
    const auth = httpAuthorizer(ec, fn, a, [...vsrc, 'authorizer'], st);
    if (auth) {
      props['AuthorizationType'] = auth.type;
      if (present(auth.authorizerId)) props['AuthorizerId'] = auth.authorizerId;
      if (present(auth.scopes)) props['AuthorizationScopes'] = auth.scopes;
    }
  }
  if (ec.c.resources[routeId]) ec.c.diag('warning', 'sls-duplicate-route', `HTTP API route '${routeKey}' is declared twice; the last one wins`, esrc);
  ec.c.add(routeId, { Type: 'AWS::ApiGatewayV2::Route', Properties: props, DependsOn: integrationId }, esrc);
  if (present(a)) ec.c.remount(['Resources', routeId, 'Properties', 'AuthorizationType'], [...vsrc, 'authorizer']);
}

function httpAuthorizer(ec: EventContext, fn: FunctionInfo, a: JsonValue, asrc: DocPath, st: HttpState): { type: string; authorizerId?: JsonValue; scopes?: JsonValue } | null {
  let name: string | undefined;
  let scopes: JsonValue | undefined;
  if (typeof a === 'string') name = a;
  else if (isObject(a)) {
    if (String(a['type'] ?? '').toLowerCase() === 'aws_iam') return { type: 'AWS_IAM' };
    if (present(a['id'])) return { type: String(a['type'] ?? 'JWT').toLowerCase() === 'request' ? 'CUSTOM' : 'JWT', authorizerId: a['id'], ...(present(a['scopes']) ? { scopes: a['scopes'] } : {}) };
    name = asString(a['name']);
    scopes = a['scopes'];
  }
  if (!name) {
    ec.c.diag('warning', 'sls-authorizer-invalid', `httpApi authorizer of function '${fn.key}' has no name; the route is treated as unauthenticated`, asrc);
    return null;
  }
  if (name.toLowerCase() === 'aws_iam') return { type: 'AWS_IAM' };
  const defs = asObject(httpApiConfig(ec)['authorizers']) ?? {};
  const def = asObject(defs[name]);
  if (!def) {
    ec.c.diag('warning', 'sls-authorizer-unknown', `httpApi authorizer '${name}' is not defined under provider.httpApi.authorizers; the route's authorization is unresolved`, asrc);
    return { type: 'JWT', authorizerId: ref(names.httpAuthorizer(name)), ...(present(scopes) ? { scopes } : {}) };
  }
  const dsrc: DocPath = ['provider', 'httpApi', 'authorizers', name];
  const id = names.httpAuthorizer(name);
  const isRequest = String(def['type'] ?? '').toLowerCase() === 'request' || present(def['functionName']) || present(def['functionArn']);
  if (!st.authorizers.has(id)) {
    st.authorizers.add(id);
    const props: JsonObject = { ApiId: st.apiId, Name: def['name'] ?? name };
    if (isRequest) {
      let fnArn: JsonValue = def['functionArn'] ?? null;
      const local = asString(def['functionName']) ? ec.c.functions.get(asString(def['functionName'])!) : undefined;
      if (local) fnArn = getAtt(local.logicalId, 'Arn');
      else if (present(def['functionName']) && !present(def['functionArn'])) {
        ec.c.diag('warning', 'sls-authorizer-unknown', `httpApi authorizer '${name}' names function '${String(def['functionName'])}', which this service does not define`, dsrc);
      }
      props['AuthorizerType'] = 'REQUEST';
      props['AuthorizerUri'] = lambdaUri(fnArn);
      props['AuthorizerPayloadFormatVersion'] = String(def['payloadVersion'] ?? '2.0');
      if (present(def['enableSimpleResponses'])) props['EnableSimpleResponses'] = def['enableSimpleResponses'];
      if (present(def['resultTtlInSeconds'])) props['AuthorizerResultTtlInSeconds'] = def['resultTtlInSeconds'];
      if (present(def['identitySource'])) props['IdentitySource'] = asArray(def['identitySource']);
      ec.c.add(
        names.httpAuthorizerPermission(name),
        permission(fnArn, 'apigateway.amazonaws.com', {
          SourceArn: join('', ['arn:', ref('AWS::Partition'), ':execute-api:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', st.apiId, '/*']),
        }),
        dsrc,
      );
    } else {
      props['AuthorizerType'] = 'JWT';
      props['IdentitySource'] = asArray(def['identitySource'] ?? '$request.header.Authorization');
      props['JwtConfiguration'] = { Audience: asArray(def['audience']), Issuer: def['issuerUrl'] ?? null };
    }
    ec.c.add(id, { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: props }, dsrc);
  }
  return { type: isRequest ? 'CUSTOM' : 'JWT', authorizerId: ref(id), ...(present(scopes) ? { scopes } : {}) };
}

export function finishHttp(ec: EventContext): void {
  const st = ec.http;
  if (!st) return;
  const cors = httpApiConfig(ec)['cors'];
  const api = asObject(ec.c.resources[names.httpApi]);
  if (api && (cors === true || isObject(cors))) {
    const cfg = isObject(cors) ? cors : {};
    const cc: JsonObject = {
      AllowOrigins: asArray(cfg['allowedOrigins'] ?? '*'),
      AllowHeaders: asArray(cfg['allowedHeaders'] ?? CORS_DEFAULT_HEADERS),
      AllowMethods: asArray(cfg['allowedMethods'] ?? ['OPTIONS', ...[...st.methods].sort()]),
    };
    if (present(cfg['allowCredentials'])) cc['AllowCredentials'] = cfg['allowCredentials'];
    if (present(cfg['exposedResponseHeaders'])) cc['ExposeHeaders'] = cfg['exposedResponseHeaders'];
    if (present(cfg['maxAge'])) cc['MaxAge'] = cfg['maxAge'];
    (api['Properties'] as JsonObject)['CorsConfiguration'] = cc;
    ec.c.remount(['Resources', names.httpApi, 'Properties', 'CorsConfiguration'], ['provider', 'httpApi', 'cors']);
  }
}
