/**
 * APIs: collecting Api/HttpApi events into routes, and AWS::Serverless::Api / HttpApi (explicit or
 * the implicit ServerlessRestApi / ServerlessHttpApi) into RestApi/HttpApi with the OpenAPI body the
 * translator writes (integrations, security, authorizers, resource policy, CORS), deployment and stage.
 */
import type { JsonObject, JsonValue } from '../../model/types.js';
import {
  addResource,
  type ApiRoute,
  asList,
  type Ctx,
  copyProps,
  hashedId,
  inherit,
  invalid,
  isIntrinsic,
  isObject,
  mapOrigin,
  pythonJson,
  ref,
  type SamResource,
  sha1,
} from './context.js';
import { addModels, addRequestModel } from './request-models.js';

export const IMPLICIT_REST = 'ServerlessRestApi';
export const IMPLICIT_HTTP = 'ServerlessHttpApi';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'any'];

function swaggerMethod(m: string): string {
  return m === 'any' ? 'x-amazon-apigateway-any-method' : m;
}

/** The `${...}` an integration URI uses for the owner (alias when AutoPublishAlias is a plain string). */
function functionSubArn(r: SamResource): string {
  const alias = r.props['AutoPublishAlias'];
  return typeof alias === 'string' ? `\${${r.id}Alias${alias.replace(/[^A-Za-z0-9]/g, '')}}` : `\${${r.id}.Arn}`;
}

/** First pass: every Api/HttpApi event of functions and state machines becomes a route on its API. */
export function collectRoutes(ctx: Ctx, owners: SamResource[]): void {
  for (const r of owners) {
    const events = r.props['Events'];
    if (!isObject(events)) continue;
    for (const [name, ev] of Object.entries(events)) {
      if (!isObject(ev) || (ev['Type'] !== 'Api' && ev['Type'] !== 'HttpApi')) continue;
      const evPath = [...r.propPath('Events'), name];
      const ep = isObject(ev['Properties']) ? ev['Properties'] : {};
      const rest = ev['Type'] === 'Api';
      const idKey = rest ? 'RestApiId' : 'ApiId';
      const apiType = rest ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
      let apiId = rest ? IMPLICIT_REST : IMPLICIT_HTTP;
      let apiRef: JsonValue = ref(apiId);
      if (ep[idKey] !== undefined) {
        const given = ep[idKey];
        const target = isObject(given) && typeof given['Ref'] === 'string' ? given['Ref'] : typeof given === 'string' ? given : undefined;
        const api = target !== undefined ? ctx.sam.get(target) : undefined;
        if (!api || api.type !== apiType) {
          throw invalid(r, `Event with id [${name}] is invalid. ${idKey} must be a valid reference to an '${apiType}' resource in same template.`, [...evPath, 'Properties', idKey]);
        }
        apiId = target!;
        apiRef = structuredClone(given!);
      }
      let path = ep['Path'];
      let method = ep['Method'];
      if (rest) {
        if (typeof path !== 'string') throw invalid(r, `Event with id [${name}] is invalid. Api Event must have a String specified for 'Path'.`, evPath);
        if (typeof method !== 'string') throw invalid(r, `Event with id [${name}] is invalid. Api Event must have a String specified for 'Method'.`, evPath);
      } else {
        if (path === undefined) {
          path = '$default';
          method = method ?? 'any';
        }
        if (typeof path !== 'string') throw invalid(r, `Event with id [${name}] is invalid. HttpApi Event must have a String specified for 'Path'.`, evPath);
        if (method === undefined) method = 'any';
        if (typeof method !== 'string') throw invalid(r, `Event with id [${name}] is invalid. HttpApi Event must have a String specified for 'Method'.`, evPath);
      }
      const m = method.toLowerCase();
      if (!METHODS.includes(m)) throw invalid(r, `Event with id [${name}] is invalid. Method '${method}' is not a valid HTTP method.`, [...evPath, 'Properties', 'Method']);
      const operation = r.type === 'AWS::Serverless::StateMachine' ? stateMachineOperation(r, name, ep) : lambdaOperation(r, ep, rest, path);
      const route: ApiRoute = { kind: rest ? 'rest' : 'http', apiId, apiRef, path, method: m, owner: r, eventName: name, eventPath: evPath, event: ep, operation };
      const list = ctx.routes.get(apiId) ?? [];
      list.push(route);
      ctx.routes.set(apiId, list);
    }
  }
}

function lambdaOperation(r: SamResource, ep: JsonObject, rest: boolean, path: string): JsonObject {
  const stream = ep['ResponseTransferMode'] === 'RESPONSE_STREAM' || ep['ResponseTransferMode'] === 'STREAM';
  const integration: JsonObject = rest
    ? stream
      ? { type: 'aws_proxy', httpMethod: 'POST', responseTransferMode: 'STREAM', uri: { 'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}:lambda:path/2021-11-15/functions/${functionSubArn(r)}/response-streaming-invocations` } }
      : { type: 'aws_proxy', httpMethod: 'POST', uri: { 'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${functionSubArn(r)}/invocations` } }
    : {
        type: 'aws_proxy',
        httpMethod: 'POST',
        payloadFormatVersion: ep['PayloadFormatVersion'] !== undefined ? structuredClone(ep['PayloadFormatVersion']) : '2.0',
        uri: { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${functionSubArn(r)}/invocations` },
      };
  if (!rest && ep['TimeoutInMillis'] !== undefined) integration['timeoutInMillis'] = structuredClone(ep['TimeoutInMillis']);
  const op: JsonObject = { 'x-amazon-apigateway-integration': integration, responses: {} };
  if (!rest && path === '$default') op['isDefaultRoute'] = true;
  if (!rest) {
    const params = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => ({ in: 'path', name: m[1]!, required: true }));
    if (params.length > 0) op['parameters'] = params;
  }
  if (rest && isObject(ep['RequestParameters']) === false && Array.isArray(ep['RequestParameters'])) {
    const params: JsonValue[] = [];
    for (const p of ep['RequestParameters']) {
      // `- method.request.header.X` or `- method.request.header.X: {Required: true, Caching: true}`.
      const entry: { name: string; required: boolean } | null = typeof p === 'string' ? { name: p, required: false } : isObject(p) ? { name: Object.keys(p)[0] ?? '', required: isObject(Object.values(p)[0]) && (Object.values(p)[0] as JsonObject)['Required'] === true } : null;
      if (!entry) continue;
      const m = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(entry.name);
      if (!m) continue;
      params.push({ in: m[1] === 'querystring' ? 'query' : m[1]!, name: m[2]!, required: entry.required, type: 'string' });
    }
    if (params.length > 0) op['parameters'] = params;
  }
  return op;
}

function stateMachineOperation(r: SamResource, name: string, ep: JsonObject): JsonObject {
  void ep;
  return {
    'x-amazon-apigateway-integration': {
      type: 'aws',
      httpMethod: 'POST',
      uri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution' },
      credentials: { 'Fn::GetAtt': [`${r.id}${name}Role`, 'Arn'] },
      requestTemplates: { 'application/json': { 'Fn::Sub': `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "\${${r.id}}"}` } },
      responses: { '200': { statusCode: '200' }, '400': { statusCode: '400' } },
    },
    responses: { '200': { description: 'OK' }, '400': { description: 'Bad Request' } },
  };
}

function baseDocument(openapi: boolean, http: boolean): JsonObject {
  const doc: JsonObject = http || openapi ? { openapi: '3.0.1' } : { swagger: '2.0' };
  doc['info'] = { version: '1.0', title: ref('AWS::StackName') };
  doc['paths'] = {};
  return doc;
}

function isOpenApi3(v: JsonValue | undefined): boolean {
  return typeof v === 'string' && /^3(\.\d+){0,2}$/.test(v);
}

interface Authz {
  authorizers: JsonObject;
  defaultAuthorizer: string | undefined;
}

function readAuth(api: SamResource): { auth: JsonObject; authz: Authz } {
  const auth = isObject(api.props['Auth']) ? api.props['Auth'] : {};
  if (api.props['Auth'] !== undefined && !isObject(api.props['Auth'])) throw invalid(api, 'Type of property \'Auth\' is invalid.', api.propPath('Auth'));
  const authorizers = isObject(auth['Authorizers']) ? auth['Authorizers'] : {};
  if (auth['Authorizers'] !== undefined && !isObject(auth['Authorizers'])) throw invalid(api, 'Authorizers must be a dictionary.', [...api.propPath('Auth'), 'Authorizers']);
  const da = auth['DefaultAuthorizer'];
  if (da !== undefined && typeof da !== 'string') throw invalid(api, 'DefaultAuthorizer is not a string.', [...api.propPath('Auth'), 'DefaultAuthorizer']);
  return { auth, authz: { authorizers, defaultAuthorizer: da } };
}

/** Security requirement for one route, as the translator computes it. */
function routeSecurity(api: SamResource, route: ApiRoute | null, authz: Authz, apiAuth: JsonObject, http: boolean): JsonValue[] | undefined {
  const evAuth = route && isObject(route.event['Auth']) ? route.event['Auth'] : {};
  const given = evAuth['Authorizer'];
  const name = typeof given === 'string' ? given : authz.defaultAuthorizer;
  const security: JsonValue[] = [];
  if (route && typeof given === 'string' && given !== 'NONE' && given !== 'AWS_IAM' && !(given in authz.authorizers)) {
    const what = Object.keys(authz.authorizers).length === 0 ? 'the related API does not define any Authorizers' : "it wasn't defined in the API's Authorizers";
    throw invalid(route.owner, `Event with id [${route.eventName}] is invalid. Unable to set Authorizer [${given}] on API method [${route.method}] for path [${route.path}] because ${what}.`, route.eventPath);
  }
  if (name === 'NONE') {
    if (!http && authz.defaultAuthorizer !== undefined) security.push({ NONE: [] });
  } else if (name !== undefined) {
    const def = authz.authorizers[name];
    let scopes: JsonValue = [];
    if (evAuth['AuthorizationScopes'] !== undefined) scopes = structuredClone(evAuth['AuthorizationScopes']!);
    else if (isObject(def) && def['AuthorizationScopes'] !== undefined) scopes = structuredClone(def['AuthorizationScopes']!);
    else if (name === authz.defaultAuthorizer && apiAuth['DefaultScopes'] !== undefined) scopes = structuredClone(apiAuth['DefaultScopes']!);
    security.push({ [name]: scopes });
  }
  if (!http) {
    const keyRequired = evAuth['ApiKeyRequired'] !== undefined ? evAuth['ApiKeyRequired'] : apiAuth['ApiKeyRequired'];
    if (keyRequired === true) security.push({ api_key: [] });
  }
  void api;
  if (security.length === 0 && !http && evAuth['ApiKeyRequired'] === false && apiAuth['ApiKeyRequired'] === true) return [];
  return security.length > 0 ? security : undefined;
}

function restSecuritySchemes(api: SamResource, authz: Authz): JsonObject {
  const out: JsonObject = {};
  for (const [name, a] of Object.entries(authz.authorizers)) {
    const src = [...api.propPath('Auth'), 'Authorizers', name];
    if (!isObject(a)) throw invalid(api, `Authorizer ${name} must be a dictionary.`, src);
    const identity = isObject(a['Identity']) ? a['Identity'] : {};
    if (a['UserPoolArn'] !== undefined) {
      const auth: JsonObject = { type: 'cognito_user_pools', providerARNs: structuredClone(asList(a['UserPoolArn'])) };
      if (isIntrinsic(a['UserPoolArn'])) auth['providerARNs'] = [structuredClone(a['UserPoolArn'])];
      if (identity['ValidationExpression'] !== undefined) auth['identityValidationExpression'] = structuredClone(identity['ValidationExpression']!);
      out[name] = { type: 'apiKey', name: identity['Header'] !== undefined ? structuredClone(identity['Header']!) : 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools', 'x-amazon-apigateway-authorizer': auth };
    } else if (a['FunctionArn'] !== undefined) {
      const request = a['FunctionPayloadType'] === 'REQUEST';
      if (a['FunctionPayloadType'] !== undefined && a['FunctionPayloadType'] !== 'REQUEST' && a['FunctionPayloadType'] !== 'TOKEN') {
        throw invalid(api, `Authorizer ${name} has invalid 'FunctionPayloadType': ${String(a['FunctionPayloadType'])}.`, src);
      }
      const auth: JsonObject = {
        type: request ? 'request' : 'token',
        authorizerUri: { 'Fn::Sub': ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations', { __FunctionArn__: structuredClone(a['FunctionArn']!) }] },
      };
      if (a['FunctionInvokeRole'] !== undefined && a['FunctionInvokeRole'] !== 'NONE') auth['authorizerCredentials'] = structuredClone(a['FunctionInvokeRole']!);
      if (identity['ReauthorizeEvery'] !== undefined) auth['authorizerResultTtlInSeconds'] = structuredClone(identity['ReauthorizeEvery']!);
      if (request) {
        const sources: string[] = [];
        for (const h of asList(identity['Headers'])) sources.push(`method.request.header.${String(h)}`);
        for (const q of asList(identity['QueryStrings'])) sources.push(`method.request.querystring.${String(q)}`);
        for (const s of asList(identity['StageVariables'])) sources.push(`stageVariables.${String(s)}`);
        for (const c of asList(identity['Context'])) sources.push(`context.${String(c)}`);
        if (sources.length > 0) auth['identitySource'] = sources.join(', ');
        else if (identity['ReauthorizeEvery'] !== 0 && !('ReauthorizeEvery' in identity && identity['ReauthorizeEvery'] === 0)) {
          if (Object.keys(identity).length === 0 || identity['ReauthorizeEvery'] === undefined || identity['ReauthorizeEvery'] !== 0) {
            if (!(isObject(a['Identity']) && identity['ReauthorizeEvery'] === 0)) {
              throw invalid(api, `Authorizer ${name} is invalid. Identity must be specified with at least one of Headers, QueryStrings, StageVariables, or Context.`, src);
            }
          }
        }
      } else if (identity['ValidationExpression'] !== undefined) auth['identityValidationExpression'] = structuredClone(identity['ValidationExpression']!);
      out[name] = { type: 'apiKey', name: request ? 'Unused' : identity['Header'] !== undefined ? structuredClone(identity['Header']!) : 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom', 'x-amazon-apigateway-authorizer': auth };
    } else {
      throw invalid(api, `Authorizer ${name} must have either 'UserPoolArn' or 'FunctionArn'.`, src);
    }
  }
  return out;
}

function httpSecuritySchemes(api: SamResource, authz: Authz, auth: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, a] of Object.entries(authz.authorizers)) {
    const src = [...api.propPath('Auth'), 'Authorizers', name];
    if (!isObject(a)) throw invalid(api, `Authorizer ${name} must be a dictionary.`, src);
    if (a['JwtConfiguration'] !== undefined) {
      const x: JsonObject = { jwtConfiguration: structuredClone(a['JwtConfiguration']!), type: 'jwt' };
      if (a['IdentitySource'] !== undefined) x['identitySource'] = structuredClone(a['IdentitySource']!);
      out[name] = { type: 'oauth2', 'x-amazon-apigateway-authorizer': x };
    } else if (a['FunctionArn'] !== undefined) {
      const x: JsonObject = {
        type: 'request',
        authorizerUri: { 'Fn::Sub': ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations', { __FunctionArn__: structuredClone(a['FunctionArn']!) }] },
      };
      if (a['AuthorizerPayloadFormatVersion'] === undefined) throw invalid(api, `Authorizer ${name} is invalid. AuthorizerPayloadFormatVersion must be specified for Lambda Authorizers.`, src);
      x['authorizerPayloadFormatVersion'] = structuredClone(a['AuthorizerPayloadFormatVersion']!);
      if (a['FunctionInvokeRole'] !== undefined) x['authorizerCredentials'] = structuredClone(a['FunctionInvokeRole']!);
      if (a['EnableSimpleResponses'] !== undefined) x['enableSimpleResponses'] = structuredClone(a['EnableSimpleResponses']!);
      const identity = isObject(a['Identity']) ? a['Identity'] : {};
      const sources: string[] = [];
      for (const h of asList(identity['Headers'])) sources.push(`$request.header.${String(h)}`);
      for (const q of asList(identity['QueryStrings'])) sources.push(`$request.querystring.${String(q)}`);
      for (const s of asList(identity['StageVariables'])) sources.push(`$stageVariables.${String(s)}`);
      for (const c of asList(identity['Context'])) sources.push(`$context.${String(c)}`);
      if (sources.length > 0) x['identitySource'] = sources;
      if (identity['ReauthorizeEvery'] !== undefined) x['authorizerResultTtlInSeconds'] = structuredClone(identity['ReauthorizeEvery']!);
      out[name] = { type: 'apiKey', name: 'Unused', in: 'header', 'x-amazon-apigateway-authorizer': x };
    } else {
      throw invalid(api, `Authorizer ${name} must be a JWT or a Lambda authorizer.`, src);
    }
  }
  // An authorizer the user named AWS_IAM is theirs, not IAM.
  if ((auth['EnableIamAuthorizer'] === true || authz.defaultAuthorizer === 'AWS_IAM') && !('AWS_IAM' in authz.authorizers)) {
    out['AWS_IAM'] = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  }
  return out;
}

const IAM_SCHEME: JsonObject = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };

/** Adds routes to `doc.paths` unless the user's definition has that method already. */
function mergeRoutes(ctx: Ctx, apiId: string, doc: JsonObject, routes: ApiRoute[]): Conditional[] {
  const conditional: Conditional[] = [];
  const paths = isObject(doc['paths']) ? doc['paths'] : (doc['paths'] = {});
  for (const rt of routes) {
    const item = isObject(paths[rt.path]) ? paths[rt.path] as JsonObject : (paths[rt.path] = {});
    const mk = swaggerMethod(rt.method);
    const existing = item[mk];
    if (isObject(existing) && existing['x-amazon-apigateway-integration'] !== undefined) {
      if (rt.owner.type === 'AWS::Serverless::Function' && !isIntrinsic(existing)) continue;
    }
    const op = isObject(existing) ? { ...existing, ...structuredClone(rt.operation) } : structuredClone(rt.operation);
    if (rt.kind === 'rest') addRequestModel(doc, op, rt.event['RequestModel']);
    item[mk] = op;
    const cond = rt.owner.raw['Condition'];
    if (typeof cond === 'string') conditional.push({ item, mk, cond });
    mapOrigin(ctx, ['Resources', apiId, 'Properties', 'Body', 'paths', rt.path, mk], rt.eventPath);
  }
  return conditional;
}

interface Conditional {
  item: JsonObject;
  mk: string;
  cond: string;
}

/** Methods of a function that has a Condition exist only under it: `Fn::If [cond, op, NoValue]`, as the translator writes. */
function wrapConditional(list: Conditional[]): void {
  for (const c of list) {
    const op = c.item[c.mk];
    if (isObject(op) && !isIntrinsic(op)) c.item[c.mk] = { 'Fn::If': [c.cond, op, { Ref: 'AWS::NoValue' }] };
  }
}

/** The API logical ids that need generating: explicit ones plus implicit ones that routes refer to. */
export function translateApi(ctx: Ctx, api: SamResource, http: boolean): void {
  const routes = ctx.routes.get(api.id) ?? [];
  if (http) translateHttpApi(ctx, api, routes);
  else translateRestApi(ctx, api, routes);
}

function translateRestApi(ctx: Ctx, api: SamResource, allRoutes: ApiRoute[]): void {
  let routes = allRoutes;
  const p = api.props;
  const id = api.id;
  const base = ['Resources', id, 'Properties'];
  const props: JsonObject = {};
  addResource(ctx, id, inherit(api, { Type: 'AWS::ApiGateway::RestApi', Properties: props }, ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']), api.path);
  if (p['DefinitionBody'] !== undefined && p['DefinitionUri'] !== undefined) {
    throw invalid(api, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
  }
  const { auth, authz } = readAuth(api);
  if (authz.defaultAuthorizer !== undefined && authz.defaultAuthorizer !== 'AWS_IAM' && !(authz.defaultAuthorizer in authz.authorizers)) {
    throw invalid(api, `Unable to set DefaultAuthorizer because '${authz.defaultAuthorizer}' was not defined in 'Authorizers'.`, [...api.propPath('Auth'), 'DefaultAuthorizer']);
  }
  const openapi3 = isOpenApi3(p['OpenApiVersion']);
  let doc: JsonObject | null = null;
  if (p['DefinitionUri'] !== undefined) {
    const uri = p['DefinitionUri'];
    props['BodyS3Location'] = s3Location(uri);
    mapOrigin(ctx, [...base, 'BodyS3Location'], api.propPath('DefinitionUri'));
  } else if (p['DefinitionBody'] !== undefined) {
    const body = structuredClone(p['DefinitionBody']!);
    props['Body'] = body;
    mapOrigin(ctx, [...base, 'Body'], api.propPath('DefinitionBody'));
    if (isObject(body) && !isIntrinsic(body) && ('swagger' in body || 'openapi' in body)) doc = body;
  } else {
    doc = baseDocument(openapi3, false);
    props['Body'] = doc;
  }
  // A REST API's own definition is used as written unless MergeDefinitions asks for the events too.
  const merging = p['DefinitionBody'] === undefined || p['MergeDefinitions'] === true;
  // Nor are events merged into a definition the translator's Swagger editor rejects (paths must be a map).
  if (doc && (!merging || (p['DefinitionBody'] !== undefined && !isObject(doc['paths'])))) routes = [];
  // An event with OverrideApiAuth still sets the auth of its method in a definition written by hand.
  const overriding = routes.length === 0 && doc && isObject(doc['paths']) ? allRoutes.filter((r) => isObject(r.event['Auth']) && r.event['Auth']['OverrideApiAuth'] === true) : [];
  let conditional: Conditional[] = [];
  if (doc) {
    conditional = mergeRoutes(ctx, id, doc, routes);
    addModels(doc, p['Models']);
    const models = p['Models'];
    if (isObject(models) && !isIntrinsic(models)) for (const name of Object.keys(models)) mapOrigin(ctx, [...base, 'Body', ...('openapi' in doc ? ['components', 'schemas'] : ['definitions']), name.toLowerCase()], [...api.propPath('Models'), name]);
    const schemes = restSecuritySchemes(api, authz);
    const usesIam = authz.defaultAuthorizer === 'AWS_IAM' || routes.some((r) => isObject(r.event['Auth']) && r.event['Auth']['Authorizer'] === 'AWS_IAM');
    if (usesIam) schemes['AWS_IAM'] = structuredClone(IAM_SCHEME);
    const apiKeyUsed = auth['ApiKeyRequired'] === true || routes.some((r) => isObject(r.event['Auth']) && r.event['Auth']['ApiKeyRequired'] === true);
    if (apiKeyUsed) schemes['api_key'] = { type: 'apiKey', name: 'x-api-key', in: 'header' };
    const paths = isObject(doc['paths']) ? doc['paths'] : {};
    const addPreflight = auth['AddDefaultAuthorizerToCorsPreflight'] !== false;
    if (p['Cors'] !== undefined) addCors(api, paths, p['Cors']!);
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const [mk, op] of Object.entries(item)) {
        if (!isObject(op) || mk === 'parameters') continue;
        const route = routes.find((r) => r.path === path && swaggerMethod(r.method) === mk) ?? overriding.find((r) => r.path === path && swaggerMethod(r.method) === mk) ?? null;
        if (mk === 'options' && !route && !addPreflight) continue;
        if (mk === 'options' && !route && (auth['ApiKeyRequired'] === true)) {
          // The translator never puts an API key on the CORS preflight.
          const sec = routeSecurity(api, null, authz, { ...auth, ApiKeyRequired: false }, false);
          if (sec && op['security'] === undefined && authz.defaultAuthorizer !== undefined) op['security'] = sec;
          continue;
        }
        if (!route && op['security'] !== undefined) continue;
        const sec = routeSecurity(api, route, authz, auth, false);
        if (sec) op['security'] = sec;
      }
    }
    if (Object.keys(schemes).length > 0) {
      if (openapi3 || 'openapi' in doc) {
        const comps = isObject(doc['components']) ? doc['components'] : (doc['components'] = {});
        comps['securitySchemes'] = { ...(isObject(comps['securitySchemes']) ? comps['securitySchemes'] : {}), ...schemes };
      } else doc['securityDefinitions'] = { ...(isObject(doc['securityDefinitions']) ? doc['securityDefinitions'] : {}), ...schemes };
    }
    if (auth['ResourcePolicy'] !== undefined || routes.some((r) => isObject(r.event['Auth']) && r.event['Auth']['ResourcePolicy'] !== undefined)) {
      const policy = resourcePolicy(api, auth, routes);
      if (policy) {
        doc['x-amazon-apigateway-policy'] = policy;
        mapOrigin(ctx, [...base, 'Body', 'x-amazon-apigateway-policy'], [...api.propPath('Auth'), 'ResourcePolicy']);
      }
    }
    if (p['BinaryMediaTypes'] !== undefined) doc['x-amazon-apigateway-binary-media-types'] = structuredClone(p['BinaryMediaTypes']!);
    wrapConditional(conditional);
  }
  copyProps(ctx, api, props, base, ['Name', 'Description', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Mode', 'FailOnWarnings', 'DisableExecuteApiEndpoint', 'ApiKeySourceType', 'Policy', 'SecurityPolicy', 'EndpointAccessMode']);
  if (isObject(p['EndpointConfiguration'])) {
    const ec = p['EndpointConfiguration'];
    const out: JsonObject = {};
    if (ec['Type'] !== undefined) out['Types'] = [structuredClone(ec['Type'])];
    if (ec['VPCEndpointIds'] !== undefined) out['VpcEndpointIds'] = structuredClone(ec['VPCEndpointIds']);
    if (ec['IpAddressType'] !== undefined) out['IpAddressType'] = structuredClone(ec['IpAddressType']);
    props['EndpointConfiguration'] = out;
    if (ec['Type'] !== undefined) props['Parameters'] = { endpointConfigurationTypes: structuredClone(ec['Type']) };
    mapOrigin(ctx, [...base, 'EndpointConfiguration'], api.propPath('EndpointConfiguration'));
  } else if (typeof p['EndpointConfiguration'] === 'string') {
    props['EndpointConfiguration'] = { Types: [p['EndpointConfiguration']] };
    props['Parameters'] = { endpointConfigurationTypes: p['EndpointConfiguration'] };
    mapOrigin(ctx, [...base, 'EndpointConfiguration'], api.propPath('EndpointConfiguration'));
  }
  if (auth['ApiKeySourceType'] !== undefined) props['ApiKeySourceType'] = structuredClone(auth['ApiKeySourceType']!);

  // Deployment + stage.
  const stageName = p['StageName'] ?? (id === IMPLICIT_REST ? 'Prod' : undefined);
  if (stageName === undefined) throw invalid(api, "Missing required property 'StageName'.");
  const hashInput = doc ? pythonJson(doc) : pythonJson(props['BodyS3Location'] ?? props['Body'] ?? null);
  const deploymentId = hashedId(`${id}Deployment`, hashInput);
  addResource(ctx, deploymentId, inherit(api, {
    Type: 'AWS::ApiGateway::Deployment',
    Properties: { RestApiId: ref(id), Description: `RestApi deployment id: ${sha1(hashInput)}`, StageName: 'Stage' },
  }), api.path);
  const stageId = typeof stageName === 'string' ? `${id}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage` : `${id}Stage`;
  const stage: JsonObject = { DeploymentId: ref(deploymentId), RestApiId: ref(id), StageName: structuredClone(stageName) };
  copyProps(ctx, api, stage, ['Resources', stageId, 'Properties'], ['Variables', 'MethodSettings', 'TracingEnabled', 'AccessLogSetting', 'CacheClusterEnabled', 'CacheClusterSize', 'CanarySetting']);
  if (isObject(p['Tags'])) stage['Tags'] = Object.entries(p['Tags']).map(([k, v]) => ({ Key: k, Value: v }));
  addResource(ctx, stageId, inherit(api, { Type: 'AWS::ApiGateway::Stage', Properties: stage }), p['StageName'] !== undefined ? api.propPath('StageName') : api.path);

  authorizerPermissions(ctx, api, authz, auth, false);
  usagePlan(ctx, api, auth, stageId);
}

function usagePlan(ctx: Ctx, api: SamResource, auth: JsonObject, stageId: string): void {
  const up = auth['UsagePlan'];
  if (!isObject(up)) return;
  const kind = up['CreateUsagePlan'];
  if (kind === 'NONE' || kind === undefined) return;
  const shared = kind === 'SHARED';
  const planId = shared ? 'ServerlessUsagePlan' : `${api.id}UsagePlan`;
  const src = [...api.propPath('Auth'), 'UsagePlan'];
  const stageRef = { ApiId: ref(api.id), Stage: ref(stageId) };
  const existing = ctx.resources[planId];
  if (shared && isObject(existing) && isObject(existing['Properties'])) {
    const stages = existing['Properties']['ApiStages'];
    if (Array.isArray(stages)) stages.push(stageRef);
    return;
  }
  const props: JsonObject = { ApiStages: [stageRef] };
  for (const k of ['Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName']) if (up[k] !== undefined) props[k] = structuredClone(up[k]!);
  addResource(ctx, planId, inherit(api, { Type: 'AWS::ApiGateway::UsagePlan', DependsOn: [api.id], Properties: props }), src);
  const keyId = shared ? 'ServerlessApiKey' : `${api.id}ApiKey`;
  addResource(ctx, keyId, inherit(api, { Type: 'AWS::ApiGateway::ApiKey', DependsOn: [planId], Properties: { Enabled: true, StageKeys: [{ RestApiId: ref(api.id), StageName: ref(stageId) }] } }), src);
  addResource(ctx, shared ? 'ServerlessUsagePlanKey' : `${api.id}UsagePlanKey`, inherit(api, { Type: 'AWS::ApiGateway::UsagePlanKey', DependsOn: [keyId], Properties: { KeyId: ref(keyId), KeyType: 'API_KEY', UsagePlanId: ref(planId) } }), src);
}

function authorizerPermissions(ctx: Ctx, api: SamResource, authz: Authz, auth: JsonObject, http: boolean): void {
  for (const [name, a] of Object.entries(authz.authorizers)) {
    if (!isObject(a) || a['FunctionArn'] === undefined || a['DisableFunctionDefaultPermissions'] === true) continue;
    // An HTTP API gets the permission for its Lambda authorizer only when asked (EnableFunctionDefaultPermissions).
    if (http && a['EnableFunctionDefaultPermissions'] !== true) continue;
    const arn = http ? 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*' : 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*';
    addResource(ctx, `${api.id}${name}AuthorizerPermission`, inherit(api, {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: structuredClone(a['FunctionArn']!), Principal: 'apigateway.amazonaws.com', SourceArn: { 'Fn::Sub': [arn, { __ApiId__: ref(api.id) }] } },
    }), [...api.propPath('Auth'), 'Authorizers', name]);
  }
}

function s3Location(uri: JsonValue): JsonValue {
  if (typeof uri === 'string') {
    const m = /^s3:\/\/([^/]+)\/(.+?)(?:\?versionId=(.+))?$/.exec(uri);
    if (m) return m[3] ? { Bucket: m[1]!, Key: m[2]!, Version: m[3] } : { Bucket: m[1]!, Key: m[2]! };
    return { LocalPath: uri };
  }
  return structuredClone(uri);
}

function addCors(api: SamResource, paths: JsonObject, cors: JsonValue): void {
  const cfg: JsonObject = typeof cors === 'string' || isIntrinsic(cors) ? { AllowOrigin: cors } : isObject(cors) ? cors : {};
  if (!isObject(cors) && typeof cors !== 'string') throw invalid(api, "Type of property 'Cors' is invalid.", api.propPath('Cors'));
  const params: JsonObject = {};
  const headers: JsonObject = {};
  const set = (h: string, v: JsonValue): void => {
    params[`method.response.header.${h}`] = v;
    headers[h] = { type: 'string' };
  };
  if (cfg['AllowCredentials'] === true) set('Access-Control-Allow-Credentials', "'true'");
  if (cfg['AllowHeaders'] !== undefined) set('Access-Control-Allow-Headers', structuredClone(cfg['AllowHeaders']!));
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item) || item['options'] !== undefined) continue;
    const methods = cfg['AllowMethods'] !== undefined ? structuredClone(cfg['AllowMethods']!) : `'${['OPTIONS', ...Object.keys(item).filter((m) => m !== 'parameters').map((m) => (m === 'x-amazon-apigateway-any-method' ? 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT' : m.toUpperCase()))].flatMap((m) => m.split(',')).filter((m, i, a) => a.indexOf(m) === i).sort().join(',')}'`;
    const p2: JsonObject = { ...params, 'method.response.header.Access-Control-Allow-Methods': methods };
    if (cfg['AllowOrigin'] !== undefined) p2['method.response.header.Access-Control-Allow-Origin'] = structuredClone(cfg['AllowOrigin']!);
    if (cfg['MaxAge'] !== undefined) p2['method.response.header.Access-Control-Max-Age'] = structuredClone(cfg['MaxAge']!);
    const h2: JsonObject = { ...headers, 'Access-Control-Allow-Methods': { type: 'string' }, 'Access-Control-Allow-Origin': { type: 'string' } };
    item['options'] = {
      summary: 'CORS support',
      consumes: ['application/json'],
      produces: ['application/json'],
      'x-amazon-apigateway-integration': {
        type: 'mock',
        requestTemplates: { 'application/json': '{\n  "statusCode" : 200\n}\n' },
        responses: { default: { statusCode: '200', responseParameters: p2, responseTemplates: { 'application/json': '{}\n' } } },
      },
      responses: { '200': { description: 'Default response for CORS method', headers: h2 } },
    };
    void path;
  }
}

/** `Auth.ResourcePolicy` → the `x-amazon-apigateway-policy` statements the translator writes, per route. */
function resourcePolicy(api: SamResource, auth: JsonObject, routes: ApiRoute[]): JsonObject | null {
  const statements: JsonValue[] = [];
  const addFor = (rp: JsonObject, resources: JsonValue[]): void => {
    const invokeAllow = (principal: JsonValue, cond?: JsonObject): JsonObject => ({ Action: 'execute-api:Invoke', Effect: 'Allow', Principal: principal, Resource: resources, ...(cond ? { Condition: cond } : {}) });
    const invokeDeny = (principal: JsonValue, cond?: JsonObject): JsonObject => ({ Action: 'execute-api:Invoke', Effect: 'Deny', Principal: principal, Resource: resources, ...(cond ? { Condition: cond } : {}) });
    if (rp['AwsAccountWhitelist'] !== undefined) statements.push(invokeAllow({ AWS: structuredClone(rp['AwsAccountWhitelist']!) }));
    if (rp['AwsAccountBlacklist'] !== undefined) statements.push(invokeDeny({ AWS: structuredClone(rp['AwsAccountBlacklist']!) }));
    if (rp['IpRangeWhitelist'] !== undefined) {
      statements.push(invokeAllow('*'));
      statements.push(invokeDeny('*', { NotIpAddress: { 'aws:SourceIp': structuredClone(rp['IpRangeWhitelist']!) } }));
    }
    if (rp['IpRangeBlacklist'] !== undefined) {
      statements.push(invokeAllow('*'));
      statements.push(invokeDeny('*', { IpAddress: { 'aws:SourceIp': structuredClone(rp['IpRangeBlacklist']!) } }));
    }
    const vpcAllow = [...asList(rp['SourceVpcWhitelist']), ...asList(rp['IntrinsicVpcWhitelist'])];
    const vpceAllow = [...asList(rp['IntrinsicVpceWhitelist'])];
    if (vpcAllow.length + vpceAllow.length > 0) {
      statements.push(invokeAllow('*'));
      const vpcs = vpcAllow.filter((v) => typeof v !== 'string' || v.startsWith('vpc-'));
      const vpces = [...vpceAllow, ...vpcAllow.filter((v) => typeof v === 'string' && v.startsWith('vpce-'))];
      if (vpcs.length > 0) statements.push(invokeDeny('*', { StringNotEquals: { 'aws:SourceVpc': vpcs } }));
      if (vpces.length > 0) statements.push(invokeDeny('*', { StringNotEquals: { 'aws:SourceVpce': vpces } }));
    }
    const vpcDeny = [...asList(rp['SourceVpcBlacklist']), ...asList(rp['IntrinsicVpcBlacklist']), ...asList(rp['IntrinsicVpceBlacklist'])];
    if (vpcDeny.length > 0) {
      statements.push(invokeAllow('*'));
      const vpcs = vpcDeny.filter((v) => typeof v !== 'string' || v.startsWith('vpc-'));
      const vpces = vpcDeny.filter((v) => typeof v === 'string' && v.startsWith('vpce-'));
      if (vpcs.length > 0) statements.push(invokeDeny('*', { StringEquals: { 'aws:SourceVpc': vpcs } }));
      if (vpces.length > 0) statements.push(invokeDeny('*', { StringEquals: { 'aws:SourceVpce': vpces } }));
    }
    for (const s of asList(rp['CustomStatements'])) statements.push(structuredClone(s));
  };
  const apiRp = auth['ResourcePolicy'];
  for (const rt of routes) {
    const evAuth = isObject(rt.event['Auth']) ? rt.event['Auth'] : {};
    const rp = isObject(evAuth['ResourcePolicy']) ? evAuth['ResourcePolicy'] : isObject(apiRp) ? apiRp : null;
    if (!rp) continue;
    const method = rt.method === 'any' ? '*' : rt.method.toUpperCase();
    const arn = { 'Fn::Sub': ['execute-api:/${__Stage__}/' + method + rt.path.replace(/\{[^}]*\}/g, '*'), { __Stage__: api.props['StageName'] ?? 'Prod' }] };
    const before = statements.length;
    const custom = rp['CustomStatements'];
    addFor({ ...rp, CustomStatements: [] }, [arn]);
    if (custom !== undefined) for (const s of asList(custom)) if (!statements.slice(before).some((x) => JSON.stringify(x) === JSON.stringify(s))) statements.push(structuredClone(s));
  }
  if (routes.length === 0 && isObject(apiRp)) addFor(apiRp, ['execute-api:/*/*/*']);
  // Custom statements apply once per API, not once per route.
  const seen = new Set<string>();
  const unique = statements.filter((s) => {
    const k = JSON.stringify(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length === 0) return null;
  return { Version: '2012-10-17', Statement: unique };
}

function translateHttpApi(ctx: Ctx, api: SamResource, routes: ApiRoute[]): void {
  const p = api.props;
  const id = api.id;
  const base = ['Resources', id, 'Properties'];
  const props: JsonObject = {};
  addResource(ctx, id, inherit(api, { Type: 'AWS::ApiGatewayV2::Api', Properties: props }, ['Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata']), api.path);
  const { auth, authz } = readAuth(api);
  if (authz.defaultAuthorizer !== undefined && authz.defaultAuthorizer !== 'AWS_IAM' && !(authz.defaultAuthorizer in authz.authorizers)) {
    throw invalid(api, `Unable to set DefaultAuthorizer because '${authz.defaultAuthorizer}' was not defined in 'Authorizers'.`, [...api.propPath('Auth'), 'DefaultAuthorizer']);
  }
  let doc: JsonObject | null = null;
  if (p['DefinitionUri'] !== undefined) {
    props['BodyS3Location'] = s3Location(p['DefinitionUri']!);
    mapOrigin(ctx, [...base, 'BodyS3Location'], api.propPath('DefinitionUri'));
  } else if (p['DefinitionBody'] !== undefined) {
    const body = structuredClone(p['DefinitionBody']!);
    props['Body'] = body;
    mapOrigin(ctx, [...base, 'Body'], api.propPath('DefinitionBody'));
    if (isObject(body) && !isIntrinsic(body) && ('openapi' in body || 'swagger' in body)) doc = body;
  } else {
    doc = baseDocument(true, true);
    props['Body'] = doc;
  }
  let conditional: Conditional[] = [];
  if (doc) {
    conditional = mergeRoutes(ctx, id, doc, routes);
    const schemes = httpSecuritySchemes(api, authz, auth);
    if (routes.some((r) => isObject(r.event['Auth']) && r.event['Auth']['Authorizer'] === 'AWS_IAM') && !schemes['AWS_IAM']) schemes['AWS_IAM'] = structuredClone(IAM_SCHEME);
    const paths = isObject(doc['paths']) ? doc['paths'] : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const [mk, op] of Object.entries(item)) {
        if (!isObject(op) || mk === 'parameters' || mk === 'options') continue;
        const route = routes.find((r) => r.path === path && swaggerMethod(r.method) === mk) ?? null;
        if (!route && op['security'] !== undefined) continue;
        const sec = routeSecurity(api, route, authz, auth, true);
        if (sec) op['security'] = sec;
        else if (route && isObject(route.event['Auth']) && route.event['Auth']['Authorizer'] === 'NONE' && authz.defaultAuthorizer !== undefined) op['security'] = [];
      }
    }
    if (Object.keys(schemes).length > 0) {
      const comps = isObject(doc['components']) ? doc['components'] : (doc['components'] = {});
      comps['securitySchemes'] = { ...(isObject(comps['securitySchemes']) ? comps['securitySchemes'] : {}), ...schemes };
    }
    if (p['CorsConfiguration'] !== undefined) {
      const c = p['CorsConfiguration'];
      if (c === true) doc['x-amazon-apigateway-cors'] = { allowOrigins: ['*'], allowHeaders: ['*'], allowMethods: ['*'] };
      else if (isObject(c)) {
        const x: JsonObject = {};
        for (const [k, v] of Object.entries(c)) x[k.charAt(0).toLowerCase() + k.slice(1)] = structuredClone(v);
        doc['x-amazon-apigateway-cors'] = x;
      }
    }
    const tags: JsonValue[] = [];
    if (isObject(p['Tags'])) for (const [k, v] of Object.entries(p['Tags'])) tags.push({ name: k, 'x-amazon-apigateway-tag-value': v });
    tags.push({ name: 'httpapi:createdBy', 'x-amazon-apigateway-tag-value': 'SAM' });
    if (p['DefinitionBody'] === undefined) {
      doc['tags'] = tags;
      // With FailOnWarnings, SAM writes the default route of the definition it generates as
      // `/$default` (a bare `$default` path is a warning that would fail the import).
      const generated = isObject(doc['paths']) && p['FailOnWarnings'] === true ? doc['paths'] : null;
      if (generated && generated['$default'] !== undefined && generated['/$default'] === undefined) {
        const renamed: JsonObject = {};
        for (const [k, v] of Object.entries(generated)) renamed[k === '$default' ? '/$default' : k] = v;
        doc['paths'] = renamed;
        for (const [k, v] of [...ctx.origins]) if (k.includes('\u0001paths\u0001$default\u0001')) ctx.origins.set(k.replace('\u0001paths\u0001$default\u0001', '\u0001paths\u0001/$default\u0001'), v);
      }
    }
    if (p['Description'] !== undefined && isObject(doc['info'])) doc['info']['description'] = structuredClone(p['Description']!);
    wrapConditional(conditional);
  }
  copyProps(ctx, api, props, base, ['FailOnWarnings', 'DisableExecuteApiEndpoint', 'Name']);
  const stageName = p['StageName'];
  const stageId = typeof stageName === 'string' && stageName !== '$default' ? `${id}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage` : `${id}ApiGatewayDefaultStage`;
  const stage: JsonObject = { ApiId: ref(id), StageName: stageName !== undefined ? structuredClone(stageName) : '$default', AutoDeploy: true };
  copyProps(ctx, api, stage, ['Resources', stageId, 'Properties'], ['StageVariables', 'AccessLogSettings', 'DefaultRouteSettings', 'RouteSettings']);
  const tagMap: JsonObject = isObject(p['Tags']) ? structuredClone(p['Tags']) : {};
  tagMap['httpapi:createdBy'] = 'SAM';
  stage['Tags'] = tagMap;
  addResource(ctx, stageId, inherit(api, { Type: 'AWS::ApiGatewayV2::Stage', Properties: stage }), api.path);
  authorizerPermissions(ctx, api, authz, auth, true);
}
