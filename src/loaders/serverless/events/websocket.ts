/**
 * WebSocket API (`websocket` events): the API, routes, integrations, authorizers, the deployment
 * and stage.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asArray, asObject, asString, getAtt, isObject, join, present, ref, shortHash, sub, type FunctionInfo } from '../context.js';
import { alphaNumeric, names } from '../naming.js';
import { lambdaUri, permission, nameFromArn, type WsState, type EventContext, addOnce } from './shared.js';

function wsState(ec: EventContext, src: DocPath): WsState {
  if (ec.ws) return ec.ws;
  ec.c.add(
    names.websocketApi,
    {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Name: ec.provider['websocketsApiName'] ?? `${ec.c.stage}-${ec.c.service}-websockets`,
        RouteSelectionExpression: ec.provider['websocketsApiRouteSelectionExpression'] ?? '$request.body.action',
        Description: ec.provider['websocketsDescription'] ?? 'Serverless Websockets',
        ProtocolType: 'WEBSOCKET',
      },
    },
    src,
  );
  ec.ws = { routes: [], integrations: new Set(), permissions: new Set(), authorizers: new Set() };
  return ec.ws;
}

export function compileWebsocket(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const ev: JsonObject = typeof value === 'string' ? { route: value } : isObject(value) ? value : {};
  const route = asString(ev['route']);
  if (!route) {
    ec.c.diag('warning', 'sls-event-invalid', `websocket event of function '${fn.key}' has no route; ignored`, esrc);
    return;
  }
  const st = wsState(ec, esrc);
  const integrationId = names.websocketIntegration(fn.key);
  addOnce(ec, st.integrations, integrationId, { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: ref(names.websocketApi), IntegrationType: 'AWS_PROXY', IntegrationUri: lambdaUri(fn.invokeArn) } }, esrc);
  addOnce(ec, st.permissions, names.websocketPermission(fn.key), { ...permission(fn.invokeArn, 'apigateway.amazonaws.com'), DependsOn: [names.websocketApi, fn.logicalId] }, esrc);
  // Handlers answer clients through the connections API.
  ec.c.addEventStatement(fn, { Effect: 'Allow', Action: ['execute-api:ManageConnections'], Resource: [sub('arn:${AWS::Partition}:execute-api:*:*:*/@connections/*')] }, esrc);
  const routeId = names.websocketRoute(route);
  const props: JsonObject = { ApiId: ref(names.websocketApi), RouteKey: route, AuthorizationType: 'NONE', Target: join('/', ['integrations', ref(integrationId)]) };
  const a = ev['authorizer'];
  if (present(a)) {
    const asrc: DocPath = [...vsrc, 'authorizer'];
    const cfg: JsonObject = typeof a === 'string' ? { name: a } : isObject(a) ? a : {};
    let name = asString(cfg['name']);
    const arn = cfg['arn'];
    if (!name && typeof arn === 'string') name = arn.split(':').pop();
    if (!name && present(arn)) name = nameFromArn(arn, 'generic');
    if (name) {
      const authId = names.websocketAuthorizer(name);
      const local = present(arn) ? undefined : ec.c.functions.get(name);
      const fnArn: JsonValue = local ? getAtt(local.logicalId, 'Arn') : present(arn) ? arn : name;
      if (!local && !present(arn)) ec.c.diag('warning', 'sls-authorizer-unknown', `websocket authorizer '${name}' is neither a function of this service nor an ARN`, asrc);
      const authorizer = { ApiId: ref(names.websocketApi), Name: name, AuthorizerType: 'REQUEST', AuthorizerUri: lambdaUri(fnArn), IdentitySource: asArray(cfg['identitySource'] ?? 'route.request.header.Auth') };
      if (addOnce(ec, st.authorizers, authId, { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: authorizer }, asrc)) {
        const authPerm = local ? names.websocketPermission(local.key) : `${alphaNumeric(name)}LambdaPermissionWebsockets`;
        addOnce(ec, st.permissions, authPerm, { ...permission(fnArn, 'apigateway.amazonaws.com'), DependsOn: [names.websocketApi] }, asrc);
      }
      props['AuthorizationType'] = 'CUSTOM';
      props['AuthorizerId'] = ref(authId);
    }
  }
  if (present(ev['routeResponseSelectionExpression'])) {
    props['RouteResponseSelectionExpression'] = ev['routeResponseSelectionExpression'];
    const rrId = names.websocketRouteResponse(route);
    ec.c.add(rrId, { Type: 'AWS::ApiGatewayV2::RouteResponse', Properties: { ApiId: ref(names.websocketApi), RouteId: ref(routeId), RouteResponseKey: '$default' } }, esrc);
    st.routes.push(rrId);
  }
  ec.c.add(routeId, { Type: 'AWS::ApiGatewayV2::Route', Properties: props }, esrc);
  if (present(a)) ec.c.remount(['Resources', routeId, 'Properties', 'AuthorizationType'], [...vsrc, 'authorizer']);
  st.routes.push(routeId);
}

export function finishWebsocket(ec: EventContext): void {
  const st = ec.ws;
  if (!st) return;
  const deploymentId = names.websocketDeployment(shortHash(st.routes));
  ec.c.add(deploymentId, { Type: 'AWS::ApiGatewayV2::Deployment', Properties: { ApiId: ref(names.websocketApi), Description: 'Serverless Websockets' }, DependsOn: [...st.routes] }, ['functions']);
  const logs = asObject(ec.provider['logs'])?.['websocket'];
  const stage: JsonObject = { ApiId: ref(names.websocketApi), StageName: ec.c.stage, Description: 'Serverless Websockets' };
  if (logs === true || isObject(logs)) {
    ec.c.add('WebsocketsLogGroup', { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/aws/websocket/${ec.c.prefix}` } }, ['provider', 'logs', 'websocket']);
    // As the framework compiles `provider.logs.websocket`: execution logs at INFO with full data
    // unless turned off, and access logs to the group in its default format.
    const cfg = asObject(logs) ?? {};
    stage['DefaultRouteSettings'] = { DataTraceEnabled: cfg['fullExecutionData'] !== false, LoggingLevel: cfg['executionLogging'] === false ? 'OFF' : (cfg['level'] ?? 'INFO') };
    if (cfg['accessLogging'] !== false) {
      stage['AccessLogSettings'] = {
        DestinationArn: sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${WebsocketsLogGroup}'),
        Format: cfg['format'] ?? '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.eventType $context.routeKey $context.connectionId" $context.requestId',
      };
    }
  }
  stage['DeploymentId'] = ref(deploymentId);
  ec.c.add(names.websocketStage, { Type: 'AWS::ApiGatewayV2::Stage', Properties: stage }, ['functions']);
  if (logs === true || isObject(logs)) ec.c.remount(['Resources', names.websocketStage, 'Properties', 'DefaultRouteSettings'], ['provider', 'logs', 'websocket']);
}
