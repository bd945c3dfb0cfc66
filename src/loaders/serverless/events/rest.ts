/**
 * REST API (`http` events): the API, resources, methods, CORS, authorizers, API keys, usage plans
 * and the deployment, as `serverless package` generates them.
 */
import type { DocPath, JsonObject, JsonValue } from '../../../model/types.js';
import { asArray, asObject, asString, clone, GENERATED, getAtt, isObject, join, present, ref, shortHash, type FunctionInfo } from '../context.js';
import { alphaNumeric, names } from '../naming.js';
import { CORS_DEFAULT_HEADERS, lambdaUri, permission, nameFromArn, type RestState, type EventContext, addOnce, routeEvent } from './shared.js';

function restState(ec: EventContext, src: DocPath): RestState {
  if (ec.rest) return ec.rest;
  const ag = asObject(ec.provider['apiGateway']) ?? {};
  const restApiId = ag['restApiId'];
  let apiId: JsonValue;
  let rootId: JsonValue;
  if (present(restApiId)) {
    apiId = restApiId;
    rootId = ag['restApiRootResourceId'] ?? { 'Fn::GetAtt': [names.restApi, 'RootResourceId'] };
  } else {
    apiId = ref(names.restApi);
    rootId = getAtt(names.restApi, 'RootResourceId');
    const props: JsonObject = {
      Name: ec.provider['apiName'] ?? (ag['shouldStartNameWithService'] === true ? `${ec.c.service}-${ec.c.stage}` : `${ec.c.stage}-${ec.c.service}`),
      EndpointConfiguration: { Types: [String(ec.provider['endpointType'] ?? 'EDGE').toUpperCase()] },
    };
    const vpce = ec.provider['vpcEndpointIds'];
    if (present(vpce)) (props['EndpointConfiguration'] as JsonObject)['VpcEndpointIds'] = vpce;
    if (present(ag['description'] ?? ec.provider['description'])) props['Description'] = ag['description'] ?? null;
    if (present(ag['binaryMediaTypes'])) props['BinaryMediaTypes'] = ag['binaryMediaTypes'];
    if (present(ag['minimumCompressionSize'])) props['MinimumCompressionSize'] = ag['minimumCompressionSize'];
    if (present(ag['apiKeySourceType'])) props['ApiKeySourceType'] = String(ag['apiKeySourceType']).toUpperCase();
    if (ag['disableDefaultEndpoint'] === true) props['DisableExecuteApiEndpoint'] = true;
    const policy = ag['resourcePolicy'] ?? ec.provider['resourcePolicy'];
    props['Policy'] = present(policy) ? { Version: '2012-10-17', Statement: clone(policy) } : '';
    if (props['Description'] === null) delete props['Description'];
    ec.c.add(names.restApi, { Type: 'AWS::ApiGateway::RestApi', Properties: props }, src);
    if (present(policy)) {
      const psrc: DocPath = ag['resourcePolicy'] !== undefined ? ['provider', 'apiGateway', 'resourcePolicy'] : ['provider', 'resourcePolicy'];
      ec.c.remount(['Resources', names.restApi, 'Properties', 'Policy', 'Statement'], psrc);
    }
    ec.c.remount(['Resources', names.restApi, 'Properties', 'EndpointConfiguration'], ec.provider['endpointType'] !== undefined ? ['provider', 'endpointType'] : src);
  }
  const existing = new Map<string, JsonValue>();
  const resMap = asObject(ag['restApiResources']);
  if (resMap) for (const [p, id] of Object.entries(resMap)) existing.set(p.replace(/^\/+|\/+$/g, ''), id);
  ec.rest = { apiId, rootId, existingResources: existing, methods: [], corsPaths: new Map(), permissions: new Set(), authorizers: new Set(), firstSrc: src };
  return ec.rest;
}

function restResource(ec: EventContext, st: RestState, path: string, src: DocPath): JsonValue {
  if (path === '') return st.rootId;
  const known = st.existingResources.get(path);
  if (present(known)) return known;
  const id = names.restResource(path);
  if (!ec.c.resources[id]) {
    const parts = path.split('/');
    const parentPath = parts.slice(0, -1).join('/');
    const parent = restResource(ec, st, parentPath, src);
    ec.c.add(id, { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: parent, PathPart: parts[parts.length - 1]!, RestApiId: st.apiId } }, src);
  }
  return ref(id);
}

export function compileHttp(ec: EventContext, fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
  const route = routeEvent(ec, 'http', fn, value, esrc, 'GET', '');
  if (!route) return;
  const { method, ev } = route;
  const path = route.path.replace(/^\/+|\/+$/g, '');
  const httpMethod = method.toLowerCase() === 'any' || method === '*' ? 'ANY' : method.toUpperCase();
  const st = restState(ec, esrc);
  const resourceId = restResource(ec, st, path, esrc);
  const methodId = names.restMethod(path, httpMethod === 'ANY' ? 'any' : httpMethod);
  const integration = String(ev['integration'] ?? 'AWS_PROXY').toLowerCase();
  const integrationType =
    integration === 'lambda' || integration === 'aws' ? 'AWS' : integration === 'http' ? 'HTTP' : integration === 'http-proxy' || integration === 'http_proxy' ? 'HTTP_PROXY' : integration === 'mock' ? 'MOCK' : 'AWS_PROXY';
  const invokesFunction = integrationType === 'AWS_PROXY' || (integrationType === 'AWS' && integration === 'lambda') || integration === 'lambda';
  const props: JsonObject = {
    HttpMethod: httpMethod,
    RequestParameters: {},
    ResourceId: resourceId,
    RestApiId: st.apiId,
    ApiKeyRequired: ev['private'] === true,
    AuthorizationType: 'NONE',
  };
  const dependsOn: string[] = [];
  const auth = restAuthorizer(ec, fn, ev['authorizer'], [...vsrc, 'authorizer'], st);
  if (auth) {
    props['AuthorizationType'] = auth.type;
    if (present(auth.authorizerId)) props['AuthorizerId'] = auth.authorizerId;
    if (auth.scopes) props['AuthorizationScopes'] = auth.scopes;
    if (auth.dependsOn) dependsOn.push(auth.dependsOn);
  }
  if (invokesFunction) {
    props['Integration'] = {
      IntegrationHttpMethod: 'POST',
      Type: integration === 'lambda' ? 'AWS' : 'AWS_PROXY',
      Uri: lambdaUri(fn.invokeArn),
    };
    if (ev['async'] === true) (props['Integration'] as JsonObject)['RequestParameters'] = { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" };
  } else {
    const request = asObject(ev['request']) ?? {};
    props['Integration'] = { Type: integrationType, ...(present(request['uri']) ? { Uri: request['uri'] } : {}), IntegrationHttpMethod: httpMethod === 'ANY' ? 'ANY' : httpMethod };
  }
  props['MethodResponses'] = [];
  const permId = names.restPermission(fn.key);
  if (invokesFunction && !auth?.dependsOn) dependsOn.push(permId);
  const resource: JsonObject = { Type: 'AWS::ApiGateway::Method', Properties: props };
  if (dependsOn.length > 0) resource['DependsOn'] = dependsOn;
  if (ec.c.resources[methodId]) ec.c.diag('warning', 'sls-duplicate-route', `${httpMethod} /${path} is declared twice; the last one wins`, esrc);
  ec.c.add(methodId, resource, esrc);
  if (ev['authorizer'] !== undefined) ec.c.remount(['Resources', methodId, 'Properties', 'AuthorizationType'], [...vsrc, 'authorizer']);
  if (ev['private'] !== undefined) ec.c.remount(['Resources', methodId, 'Properties', 'ApiKeyRequired'], [...vsrc, 'private']);
  compileRequestValidation(ec, st, methodId, props, asObject(ev['request']), [...vsrc, 'request']);
  st.methods.push(methodId);
  if (invokesFunction && !st.permissions.has(permId)) {
    st.permissions.add(permId);
    ec.c.add(
      permId,
      permission(fn.invokeArn, 'apigateway.amazonaws.com', {
        SourceArn: join('', ['arn:', ref('AWS::Partition'), ':execute-api:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', st.apiId, '/*/*']),
      }),
      esrc,
    );
  }
  const cors = ev['cors'];
  if (cors === true || isObject(cors)) {
    const entry = st.corsPaths.get(path) ?? { methods: new Set<string>(), cors: isObject(cors) ? cors : {}, src: [...vsrc, 'cors'] };
    entry.methods.add(httpMethod);
    st.corsPaths.set(path, entry);
  }
}

/** lodash-style words of a string: `application/json` → [application, json], `userCreate` → [user, create]. */
function words(s: string): string[] {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^0-9A-Za-z]+/).filter((w) => w.length > 0);
}

/**
 * `request.parameters` and `request.schemas` of an `http` event as `serverless package` compiles
 * them: each parameter becomes `method.request.<querystring|path|header>.<name>` (required: the
 * boolean given, or a mapping's `required`, true when absent); a required parameter or any schema
 * sets the method's `RequestValidatorId` to the service's one validator (body and parameters);
 * each schema becomes an `AWS::ApiGateway::Model` (a name of `provider.apiGateway.request.schemas`:
 * the shared model) named in `RequestModels` by content type.
 */
function compileRequestValidation(ec: EventContext, st: RestState, methodId: string, props: JsonObject, request: JsonObject | undefined, src: DocPath): void {
  if (!request) return;
  const params: JsonObject = {};
  const given = asObject(request['parameters']);
  for (const [location, singular] of [['querystrings', 'querystring'], ['paths', 'path'], ['headers', 'header']] as const) {
    for (const [name, v] of Object.entries(asObject(given?.[location]) ?? {})) {
      params[`method.request.${singular}.${name}`] = isObject(v) ? (v['required'] ?? true) : v;
    }
  }
  if (given) {
    props['RequestParameters'] = params;
    ec.c.remount(['Resources', methodId, 'Properties', 'RequestParameters'], [...src, 'parameters']);
  }
  let validator: string | null = null;
  const useValidator = (): string => {
    validator ??= requestValidator(ec, st, src);
    props['RequestValidatorId'] = ref(validator);
    return validator;
  };
  if (Object.values(params).some((v) => v !== false && v !== null && v !== '' && v !== 0)) useValidator();
  const schemas = asObject(request['schemas']);
  const shared = asObject(asObject(asObject(asObject(ec.provider['apiGateway'])?.['request'])?.['schemas']));
  for (const [contentType, cfg] of Object.entries(schemas ?? {})) {
    useValidator();
    let modelId: string;
    const named = typeof cfg === 'string' ? shared?.[cfg] : undefined;
    if (typeof cfg === 'string' && named !== undefined) {
      modelId = `ApiGateway${words(cfg).map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('').replace(/^./, (c) => c.toUpperCase())}Model`;
      if (!ec.c.resources[modelId]) {
        const n = asObject(named);
        const model: JsonObject = { RestApiId: st.apiId, Schema: clone(n && n['schema'] !== undefined ? n['schema']! : named), ContentType: 'application/json' };
        if (n && present(n['name'])) model['Name'] = n['name'];
        if (n && present(n['description'])) model['Description'] = n['description'];
        ec.c.add(modelId, { Type: 'AWS::ApiGateway::Model', Properties: model }, ['provider', 'apiGateway', 'request', 'schemas', cfg]);
        ec.c.remount(['Resources', modelId, 'Properties', 'Schema'], ['provider', 'apiGateway', 'request', 'schemas', cfg, ...(n && n['schema'] !== undefined ? ['schema'] : [])]);
      }
    } else {
      const c = asObject(cfg);
      const explicit = c && c['schema'] !== undefined;
      const model: JsonObject = { RestApiId: st.apiId, ContentType: contentType, Schema: clone(explicit ? c['schema']! : cfg) };
      if (explicit && present(c['name'])) model['Name'] = c['name'];
      if (explicit && present(c['description'])) model['Description'] = c['description'];
      modelId = `${methodId}${words(contentType).map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('')}Model`;
      ec.c.add(modelId, { Type: 'AWS::ApiGateway::Model', Properties: model }, [...src, 'schemas', contentType]);
      ec.c.remount(['Resources', modelId, 'Properties', 'Schema'], [...src, 'schemas', contentType, ...(explicit ? ['schema'] : [])]);
    }
    const models = asObject(props['RequestModels']) ?? (props['RequestModels'] = {});
    models[contentType] = ref(modelId);
  }
  if (validator !== null) ec.c.remount(['Resources', methodId, 'Properties', 'RequestValidatorId'], src);
}

/** The service's one request validator, `ApiGateway<Service>RequestValidator`, created on first use. */
function requestValidator(ec: EventContext, st: RestState, src: DocPath): string {
  const id = `ApiGateway${alphaNumeric(ec.c.service)}RequestValidator`;
  if (!ec.c.resources[id]) {
    ec.c.add(id, { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: st.apiId, ValidateRequestBody: true, ValidateRequestParameters: true, Name: `${ec.c.service}-${ec.c.stage} | Validate request body and querystring parameters` } }, src);
  }
  return id;
}

function restAuthorizer(
  ec: EventContext,
  fn: FunctionInfo,
  a: JsonValue | undefined,
  asrc: DocPath,
  st: RestState,
): { type: string; authorizerId?: JsonValue; scopes?: JsonValue; dependsOn?: string } | null {
  if (!present(a)) return null;
  let name: string | undefined;
  let arn: JsonValue | undefined;
  let type: string | undefined;
  let cfg: JsonObject = {};
  if (typeof a === 'string') {
    if (a.toLowerCase() === 'aws_iam') return { type: 'AWS_IAM' };
    if (a.startsWith('arn:')) arn = a;
    else name = a;
  } else if (isObject(a)) {
    cfg = a;
    type = asString(a['type'])?.toLowerCase();
    if (type === 'aws_iam') return { type: 'AWS_IAM' };
    if (present(a['authorizerId'])) {
      return {
        type: type === 'cognito_user_pools' ? 'COGNITO_USER_POOLS' : 'CUSTOM',
        authorizerId: a['authorizerId'],
        ...(present(a['scopes']) ? { scopes: a['scopes'] } : {}),
      };
    }
    arn = present(a['arn']) ? a['arn'] : undefined;
    name = asString(a['name']);
  } else {
    ec.c.diag('warning', 'sls-authorizer-invalid', `authorizer of function '${fn.key}' is not a name, ARN or mapping; the method is treated as unauthenticated`, asrc);
    return null;
  }
  const isCognito = type === 'cognito_user_pools' || (typeof arn === 'string' && arn.includes(':cognito-idp:'));
  if (!name) {
    if (typeof arn === 'string') name = isCognito ? arn.split('/').pop() : arn.split(':').pop();
    else if (present(arn)) name = nameFromArn(arn, 'generic');
  }
  if (!name) {
    ec.c.diag('warning', 'sls-authorizer-invalid', `authorizer of function '${fn.key}' has neither name nor ARN; the method is treated as unauthenticated`, asrc);
    return null;
  }
  const id = names.restAuthorizer(name);
  if (!st.authorizers.has(id)) {
    st.authorizers.add(id);
    const props: JsonObject = {
      AuthorizerResultTtlInSeconds: cfg['resultTtlInSeconds'] ?? 300,
      IdentitySource: cfg['identitySource'] ?? 'method.request.header.Authorization',
      Name: name,
      RestApiId: st.apiId,
    };
    if (present(cfg['identityValidationExpression'])) props['IdentityValidationExpression'] = cfg['identityValidationExpression'];
    if (isCognito) {
      props['Type'] = 'COGNITO_USER_POOLS';
      props['ProviderARNs'] = [arn ?? null];
    } else {
      let fnArn: JsonValue;
      const local = arn === undefined ? ec.c.functions.get(name) : undefined;
      if (local) fnArn = getAtt(local.logicalId, 'Arn');
      else if (present(arn)) fnArn = arn;
      else {
        ec.c.diag('warning', 'sls-authorizer-unknown', `authorizer '${name}' of function '${fn.key}' is neither a function of this service nor an ARN`, asrc);
        fnArn = name;
      }
      props['AuthorizerUri'] = lambdaUri(fnArn);
      props['Type'] = (type === 'request' ? 'REQUEST' : 'TOKEN');
      if (type === 'request' && cfg['identitySource'] === undefined) delete props['IdentitySource'];
      const permId = local ? names.restPermission(local.key) : `${alphaNumeric(name)}LambdaPermissionApiGateway`;
      addOnce(ec, st.permissions, permId, permission(fnArn, 'apigateway.amazonaws.com', { SourceArn: join('', ['arn:', ref('AWS::Partition'), ':execute-api:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', st.apiId, '/*/*']) }), asrc);
    }
    ec.c.add(id, { Type: 'AWS::ApiGateway::Authorizer', Properties: props }, asrc);
  }
  return {
    type: isCognito ? 'COGNITO_USER_POOLS' : 'CUSTOM',
    authorizerId: ref(id),
    ...(present(cfg['scopes']) ? { scopes: cfg['scopes'] } : {}),
    dependsOn: id,
  };
}

export function finishRest(ec: EventContext): void {
  const st = ec.rest;
  if (!st) return;
  for (const [path, entry] of st.corsPaths) {
    const id = names.restMethod(path, 'options');
    const cors = entry.cors;
    const origins = asArray(cors['origins'] ?? cors['origin'] ?? '*');
    const headers = asArray(cors['headers'] ?? CORS_DEFAULT_HEADERS);
    const methods = ['OPTIONS', ...entry.methods];
    const params: JsonObject = {
      'method.response.header.Access-Control-Allow-Origin': `'${origins.map(String).join(',')}'`,
      'method.response.header.Access-Control-Allow-Headers': `'${headers.map(String).join(',')}'`,
      'method.response.header.Access-Control-Allow-Methods': `'${methods.join(',')}'`,
    };
    if (cors['allowCredentials'] === true) params['method.response.header.Access-Control-Allow-Credentials'] = "'true'";
    ec.c.add(
      id,
      {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          AuthorizationType: 'NONE',
          HttpMethod: 'OPTIONS',
          MethodResponses: [{ StatusCode: '200', ResponseParameters: Object.fromEntries(Object.keys(params).map((k) => [k, true])), ResponseModels: {} }],
          RequestParameters: {},
          Integration: {
            Type: 'MOCK',
            RequestTemplates: { 'application/json': '{statusCode:200}' },
            ContentHandling: 'CONVERT_TO_TEXT',
            IntegrationResponses: [{ StatusCode: '200', ResponseParameters: params, ResponseTemplates: { 'application/json': '' } }],
          },
          ResourceId: restResource(ec, st, path, entry.src),
          RestApiId: st.apiId,
        },
      },
      entry.src,
    );
    st.methods.unshift(id);
  }
  const deploymentId = names.restDeployment(shortHash(st.methods, 13).replace(/[^0-9]/g, '').padEnd(13, '0').slice(0, 13));
  const deployment: JsonObject = { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: st.apiId, StageName: ec.c.stage }, DependsOn: [...st.methods] };
  ec.c.add(deploymentId, deployment, st.firstSrc);
  stageSettings(ec, deploymentId, deployment['Properties'] as JsonObject);
  ec.c.outputs['ServiceEndpoint'] = {
    Description: 'URL of the service endpoint',
    Value: join('', ['https://', st.apiId, '.execute-api.', ref('AWS::Region'), '.', ref('AWS::URLSuffix'), `/${ec.c.stage}`]),
  };
  compileApiKeys(ec, st, deploymentId);
}

/**
 * `provider.logs.restApi` and `provider.tracing.apiGateway`. `serverless package` leaves them out of
 * the template: after the stack is deployed the framework sets them on the stage with API calls
 * (update-stage.js; access logs to `/aws/api-gateway/<service>-<stage>` in its default format,
 * execution logs at INFO with full request data unless turned off). They are written here as the
 * deployment's StageDescription, which gives the stage the same settings.
 */
function stageSettings(ec: EventContext, deploymentId: string, props: JsonObject): void {
  if (!ec.c.resources[names.restApi]) return; // an external API's stage is not the service's
  const logs = asObject(ec.provider['logs'])?.['restApi'];
  const tracing = asObject(ec.provider['tracing'])?.['apiGateway'];
  if (!present(logs) && !present(tracing)) return;
  const desc: JsonObject = {};
  if (present(tracing)) desc['TracingEnabled'] = tracing === true || tracing === 'true';
  if (present(logs)) {
    const cfg = asObject(logs) ?? {};
    const on = logs !== false;
    if (on && cfg['accessLogging'] !== false) {
      desc['AccessLogSetting'] = {
        DestinationArn: { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/api-gateway/${ec.c.service}-${ec.c.stage}` },
        Format: cfg['format'] ?? API_LOG_FORMAT,
      };
      const group: JsonObject = { LogGroupName: `/aws/api-gateway/${ec.c.service}-${ec.c.stage}` };
      if (present(ec.provider['logRetentionInDays'])) group['RetentionInDays'] = ec.provider['logRetentionInDays'];
      ec.c.add(names.restApiLogGroup, { Type: 'AWS::Logs::LogGroup', Metadata: { [GENERATED]: true }, Properties: group }, ['provider', 'logs', 'restApi']);
    }
    desc['LoggingLevel'] = !on || cfg['executionLogging'] === false ? 'OFF' : (cfg['level'] ?? 'INFO');
    desc['DataTraceEnabled'] = on && cfg['fullExecutionData'] !== false;
  }
  props['StageDescription'] = desc;
  ec.c.remount(['Resources', deploymentId, 'Properties', 'StageDescription'], present(logs) ? ['provider', 'logs', 'restApi'] : ['provider', 'tracing', 'apiGateway']);
}

/** The framework's default REST access log format (update-stage.js). */
const API_LOG_FORMAT = 'requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, responseLength: $context.responseLength';

function compileApiKeys(ec: EventContext, st: RestState, deploymentId: string): void {
  const ag = asObject(ec.provider['apiGateway']) ?? {};
  const keys = asArray(ag['apiKeys'] ?? ec.provider['apiKeys']);
  const usagePlan = ag['usagePlan'] ?? ec.provider['usagePlan'];
  if (keys.length === 0 && !present(usagePlan)) return;
  const keysSrc: DocPath = ag['apiKeys'] !== undefined ? ['provider', 'apiGateway', 'apiKeys'] : ['provider', 'apiKeys'];
  const planSrc: DocPath = ag['usagePlan'] !== undefined ? ['provider', 'apiGateway', 'usagePlan'] : ['provider', 'usagePlan'];
  const plans: { name?: string; cfg: JsonObject; src: DocPath }[] = [];
  if (Array.isArray(usagePlan)) {
    usagePlan.forEach((p, i) => {
      if (isObject(p)) for (const [k, v] of Object.entries(p)) plans.push({ name: k, cfg: asObject(v) ?? {}, src: [...planSrc, i, k] });
    });
  } else plans.push({ cfg: asObject(usagePlan) ?? {}, src: present(usagePlan) ? planSrc : keysSrc });
  for (const plan of plans) {
    const props: JsonObject = {
      ApiStages: [{ ApiId: st.apiId, Stage: ec.c.stage }],
      Description: `Usage plan${plan.name ? ` "${plan.name}"` : ''} for ${ec.c.service} ${ec.c.stage} stage`,
      UsagePlanName: plan.name ? `${ec.c.service}-${plan.name}-${ec.c.stage}` : `${ec.c.service}-${ec.c.stage}`,
    };
    const quota = asObject(plan.cfg['quota']);
    if (quota) props['Quota'] = { Limit: quota['limit'] ?? null, Offset: quota['offset'] ?? null, Period: quota['period'] ?? null };
    const throttle = asObject(plan.cfg['throttle']);
    if (throttle) props['Throttle'] = { BurstLimit: throttle['burstLimit'] ?? null, RateLimit: throttle['rateLimit'] ?? null };
    ec.c.add(names.usagePlan(plan.name), { Type: 'AWS::ApiGateway::UsagePlan', Properties: props, DependsOn: deploymentId }, plan.src);
  }
  let i = 0;
  keys.forEach((k, ki) => {
    const entries: { planName?: string; key: JsonValue; src: DocPath }[] = [];
    if (isObject(k) && !('name' in k) && !('value' in k) && plans.some((p) => p.name && p.name in k)) {
      for (const [planName, list] of Object.entries(k)) asArray(list).forEach((key, j) => entries.push({ planName, key, src: [...keysSrc, ki, planName, j] }));
    } else entries.push({ key: k, src: [...keysSrc, ki] });
    for (const e of entries) {
      i++;
      const keyCfg = isObject(e.key) ? e.key : { name: e.key };
      const props: JsonObject = { Enabled: keyCfg['enabled'] ?? true, Name: keyCfg['name'] ?? null, StageKeys: [{ RestApiId: st.apiId, StageName: ec.c.stage }] };
      if (present(keyCfg['value'])) props['Value'] = keyCfg['value'];
      if (present(keyCfg['description'])) props['Description'] = keyCfg['description'];
      if (present(keyCfg['customerId'])) props['CustomerId'] = keyCfg['customerId'];
      const keyId = names.apiKey(i, e.planName);
      ec.c.add(keyId, { Type: 'AWS::ApiGateway::ApiKey', Properties: props, DependsOn: deploymentId }, e.src);
      ec.c.add(
        names.usagePlanKey(i, e.planName),
        { Type: 'AWS::ApiGateway::UsagePlanKey', Properties: { KeyId: ref(keyId), KeyType: 'API_KEY', UsagePlanId: ref(names.usagePlan(e.planName)) } },
        e.src,
      );
    }
  });
}

