/**
 * AWS::Serverless::WebSocketApi → AWS::ApiGatewayV2::Api (WEBSOCKET), a stage, and per route an
 * integration, a route and the Lambda permission; a `$connect` authorizer (with its permission
 * unless an InvokeRole is given), with the translator's logical ids and validations.
 */
import type { JsonObject } from '../../model/types.js';
import { addResource, type Ctx, copyProps, inherit, invalid, isIntrinsic, isObject, mapOrigin, ref, type SamResource } from './context.js';

const SPECIAL_ROUTES = ['$connect', '$disconnect', '$default'];
const ROUTE_PASS_THROUGH = ['ApiKeyRequired', 'ModelSelectionExpression', 'OperationName', 'RequestModels', 'RequestParameters', 'RouteResponseSelectionExpression'] as const;

function routeSuffix(key: string): string {
  const k = key.startsWith('$') ? key.slice(1) : key;
  return k.charAt(0).toUpperCase() + k.slice(1);
}

function requireMap(r: SamResource, name: string): void {
  const v = r.props[name];
  if (v !== undefined && v !== null && !isObject(v)) throw invalid(r, `Property '${name}' should be a map.`, r.propPath(name));
}

export function translateWebSocketApi(ctx: Ctx, r: SamResource): void {
  const p = r.props;
  if (p['RouteSelectionExpression'] === undefined) throw invalid(r, "Missing required property 'RouteSelectionExpression'.");
  if (p['Routes'] === undefined) throw invalid(r, "Missing required property 'Routes'.");
  for (const k of ['AccessLogSettings', 'DefaultRouteSettings', 'RouteSettings', 'StageVariables', 'Tags', 'Auth', 'Domain', 'Routes']) requireMap(r, k);
  const routes = p['Routes'] as JsonObject | null;
  if (!routes || Object.keys(routes).length === 0) throw invalid(r, 'WebSocket API must have at least one route.', r.propPath('Routes'));
  const ipType = p['IpAddressType'];
  if (ipType !== undefined && !isIntrinsic(ipType) && ipType !== 'ipv4' && ipType !== 'dualstack') throw invalid(r, "IpAddressType must be 'ipv4' or 'dualstack'.", r.propPath('IpAddressType'));
  const domain = p['Domain'];
  if (isObject(domain) && domain['BasePath'] !== undefined && typeof domain['BasePath'] !== 'string' && !(Array.isArray(domain['BasePath']) && domain['BasePath'].every((x) => typeof x === 'string'))) {
    throw invalid(r, 'Basepath must be a string.', [...r.propPath('Domain'), 'BasePath']);
  }
  const stageName = p['StageName'] ?? 'default';
  if (stageName === '$default') throw invalid(r, 'Stages cannot be named $default for WebSocket APIs.', r.propPath('StageName'));
  for (const [key, route] of Object.entries(routes)) {
    const at = [...r.propPath('Routes'), key];
    if (!SPECIAL_ROUTES.includes(key) && !/^[A-Za-z0-9]+$/.test(key)) {
      throw invalid(r, `Route key '${key}' must be alphanumeric. Only $connect, $disconnect, and $default special routes are supported.`, at);
    }
    if (!isObject(route) || route['FunctionArn'] === undefined) throw invalid(r, 'Route must have associated function.', at);
    if (route['RequestParameters'] !== undefined && key !== '$connect') throw invalid(r, 'Request parameters are only supported for the $connect route in WebSocket APIs.', at);
  }
  const auth = isObject(p['Auth']) ? p['Auth'] : null;
  if (auth) {
    const type = auth['AuthType'];
    const others = Object.keys(auth).filter((k) => k !== 'AuthType');
    if (type === undefined) {
      if (others.length) throw invalid(r, 'AuthType must be specified for additional auth configurations.', r.propPath('Auth'));
    } else if (type !== 'AWS_IAM' && type !== 'CUSTOM' && type !== 'NONE') throw invalid(r, 'AuthType is not one of AWS_IAM, CUSTOM or NONE.', r.propPath('Auth'));
    else if (type !== 'CUSTOM' && others.length) throw invalid(r, `No additional configurations supported for AuthType ${type}.`, r.propPath('Auth'));
    else if (type === 'CUSTOM' && auth['AuthArn'] === undefined) throw invalid(r, 'AuthArn must be specified if AuthType is CUSTOM.', r.propPath('Auth'));
    if (type !== undefined && !('$connect' in routes)) throw invalid(r, 'Authorization is only available if there is a $connect route.', r.propPath('Auth'));
  }

  const id = r.id;
  const apiProps: JsonObject = { ProtocolType: 'WEBSOCKET' };
  addResource(ctx, id, inherit(r, { Type: 'AWS::ApiGatewayV2::Api', Properties: apiProps }, ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']), r.path);
  copyProps(ctx, r, apiProps, ['Resources', id, 'Properties'], ['Name', 'Description', 'RouteSelectionExpression', 'ApiKeySelectionExpression', 'DisableExecuteApiEndpoint', 'DisableSchemaValidation', 'IpAddressType']);
  apiProps['Tags'] = { ...(isObject(p['Tags']) ? structuredClone(p['Tags']) : {}), 'websocketapi:createdBy': 'SAM' };

  const stageId = `${id}${stageName === 'default' ? 'Default' : typeof stageName === 'string' ? stageName.replace(/[^A-Za-z0-9]/g, '') : ''}Stage`;
  const stageProps: JsonObject = { ApiId: ref(id), AutoDeploy: true, StageName: structuredClone(stageName) };
  copyProps(ctx, r, stageProps, ['Resources', stageId, 'Properties'], ['AccessLogSettings', 'DefaultRouteSettings', 'RouteSettings', 'StageVariables']);
  addResource(ctx, stageId, inherit(r, { Type: 'AWS::ApiGatewayV2::Stage', Properties: stageProps }), r.propPath('StageName'));

  let authorizerId: string | null = null;
  if (auth && auth['AuthType'] === 'CUSTOM') {
    authorizerId = `${id}ConnectAuthorizer`;
    const azProps: JsonObject = {
      ApiId: ref(id),
      AuthorizerType: 'REQUEST',
      AuthorizerUri: { 'Fn::Sub': ['arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthArn}/invocations', { AuthArn: structuredClone(auth['AuthArn']!) }] },
      Name: structuredClone(auth['Name'] ?? authorizerId),
    };
    if (auth['InvokeRole'] !== undefined) azProps['AuthorizerCredentialsArn'] = structuredClone(auth['InvokeRole']);
    if (auth['IdentitySource'] !== undefined) azProps['IdentitySource'] = structuredClone(auth['IdentitySource']);
    addResource(ctx, authorizerId, inherit(r, { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: azProps }), r.propPath('Auth'));
    if (auth['InvokeRole'] === undefined) {
      addResource(ctx, `${id}AuthorizerPermission`, inherit(r, {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: structuredClone(auth['AuthArn']!),
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Sub': ['arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*', { __ApiId__: ref(id) }] },
        },
      }), r.propPath('Auth'));
    }
  }

  for (const [key, raw] of Object.entries(routes)) {
    const route = raw as JsonObject;
    const at = [...r.propPath('Routes'), key];
    const suffix = routeSuffix(key);
    const integId = `${id}${suffix}Integration`;
    const integ: JsonObject = {
      ApiId: ref(id),
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::Sub': ['arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations', { FunctionArn: structuredClone(route['FunctionArn']!) }] },
    };
    if (route['IntegrationTimeout'] !== undefined) integ['TimeoutInMillis'] = structuredClone(route['IntegrationTimeout']);
    addResource(ctx, integId, inherit(r, { Type: 'AWS::ApiGatewayV2::Integration', Properties: integ }), at);
    const routeProps: JsonObject = { ApiId: ref(id), RouteKey: key, Target: { 'Fn::Join': ['/', ['integrations', ref(integId)]] } };
    for (const k of ROUTE_PASS_THROUGH) if (route[k] !== undefined) routeProps[k] = structuredClone(route[k]);
    if (key === '$connect' && auth && typeof auth['AuthType'] === 'string') {
      routeProps['AuthorizationType'] = auth['AuthType'];
      if (authorizerId) routeProps['AuthorizerId'] = ref(authorizerId);
      mapOrigin(ctx, ['Resources', `${id}${suffix}Route`, 'Properties', 'AuthorizationType'], [...r.propPath('Auth'), 'AuthType']);
    }
    addResource(ctx, `${id}${suffix}Route`, inherit(r, { Type: 'AWS::ApiGatewayV2::Route', Properties: routeProps }), at);
    addResource(ctx, `${id}${suffix}Permission`, inherit(r, {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: structuredClone(route['FunctionArn']!),
        Principal: 'apigateway.amazonaws.com',
        SourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${id}.ApiId}/${typeof stageName === 'string' ? stageName : '*'}/${key}` },
      },
    }), at);
  }
}
