/**
 * Function events → the CloudFormation `serverless package` generates for them: APIs, methods,
 * routes, permissions, event source mappings, rules, subscriptions, notifications. Each generated
 * resource is mounted on the event entry the user wrote.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import {
  arnJoin,
  asArray,
  asObject,
  asString,
  clone,
  Compilation,
  getAtt,
  isIntrinsic,
  isObject,
  join,
  present,
  ref,
  shortHash,
  sub,
  type FunctionInfo,
} from './context.js';
import { alphaNumeric, names, normalizeFunctionName, upperFirst } from './naming.js';
import { hasUnresolvedMarker } from './variables.js';

const CORS_DEFAULT_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'];

const lambdaUri = (fnArn: JsonValue): JsonObject =>
  join('', ['arn:', ref('AWS::Partition'), ':apigateway:', ref('AWS::Region'), ':lambda:path/2015-03-31/functions/', fnArn, '/invocations']);

function permission(functionName: JsonValue, principal: JsonValue, extra: JsonObject = {}): JsonObject {
  return { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: functionName, Action: 'lambda:InvokeFunction', Principal: principal, ...extra } };
}

/** A readable name for the thing an ARN (string or intrinsic) points at, as the framework derives it. */
export function nameFromArn(arn: JsonValue | undefined, kind: 'sqs' | 'sns' | 'kinesis' | 'dynamodb' | 'msk' | 'generic'): string {
  if (typeof arn === 'string') {
    if (kind === 'kinesis') {
      const m = /stream\/([^/]+)/.exec(arn);
      if (m) return m[1]!;
    }
    if (kind === 'dynamodb') {
      const m = /table\/([^/]+)/.exec(arn);
      if (m) return m[1]!;
    }
    if (kind === 'msk') {
      const m = /cluster\/([^/]+)/.exec(arn);
      if (m) return m[1]!;
    }
    return arn.split(':').pop()!.split('/').pop() ?? arn;
  }
  if (isObject(arn)) {
    const ga = arn['Fn::GetAtt'];
    if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
    if (typeof ga === 'string') return ga.split('.')[0]!;
    if (typeof arn['Ref'] === 'string') return arn['Ref'];
    const iv = arn['Fn::ImportValue'];
    if (typeof iv === 'string') return iv;
    if (isObject(iv)) return nameFromArn(iv, kind);
    const j = arn['Fn::Join'];
    if (Array.isArray(j) && Array.isArray(j[1]) && j[1].length > 0) {
      const last = j[1][j[1].length - 1];
      return nameFromArn(typeof last === 'string' ? last : last ?? '', kind);
    }
    const s = arn['Fn::Sub'];
    if (typeof s === 'string') return nameFromArn(s, kind);
    if (Array.isArray(s) && typeof s[0] === 'string') return nameFromArn(s[0], kind);
  }
  return 'Unknown';
}

interface RestState {
  apiId: JsonValue;
  rootId: JsonValue;
  existingResources: Map<string, JsonValue>;
  methods: string[];
  corsPaths: Map<string, { methods: Set<string>; cors: JsonObject; src: DocPath }>;
  permissions: Set<string>;
  authorizers: Set<string>;
  firstSrc: DocPath;
}

interface HttpState {
  apiId: JsonValue;
  integrations: Set<string>;
  permissions: Set<string>;
  authorizers: Set<string>;
  methods: Set<string>;
}

interface WsState {
  routes: string[];
  integrations: Set<string>;
  permissions: Set<string>;
  authorizers: Set<string>;
}


/** What Lambda needs to reach a broker or cluster inside a VPC (the framework adds it for MQ, MSK and Kafka events). */
function vpcAccessStatement(): JsonObject {
  return {
    Effect: 'Allow',
    Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
    Resource: '*',
  };
}
export class EventCompiler {
  private rest: RestState | null = null;
  private http: HttpState | null = null;
  private ws: WsState | null = null;
  private readonly buckets = new Map<string, { id: string; resource: JsonObject }>();
  private readonly topics = new Map<string, string>();
  private readonly pools = new Map<string, string>();
  private readonly buses = new Set<string>();
  private readonly existingS3 = new Map<string, string>();
  private cloudFront: JsonObject | null = null;

  constructor(private readonly c: Compilation) {}

  get provider(): JsonObject {
    return asObject(this.c.cfg['provider']) ?? {};
  }

  compileAll(): void {
    for (const fn of this.c.functions.values()) {
      const events = asArray(fn.config['events']);
      const counters = new Map<string, number>();
      events.forEach((raw, i) => {
        const src: DocPath = [...fn.src, 'events', i];
        let type: string;
        let value: JsonValue;
        if (typeof raw === 'string') {
          type = raw;
          value = null;
        } else if (isObject(raw) && Object.keys(raw).length >= 1) {
          type = Object.keys(raw)[0]!;
          value = raw[type] ?? null;
        } else {
          this.c.diag('warning', 'sls-event-invalid', `event ${i + 1} of function '${fn.key}' is not a mapping with one event type; ignored`, src);
          return;
        }
        const n = (counters.get(type) ?? 0) + 1;
        counters.set(type, n);
        try {
          this.compileEvent(fn, type, value, [...src, type], src, n);
        } catch (err) {
          this.c.diag('error', 'sls-event-internal', `event '${type}' of function '${fn.key}' could not be compiled (${(err as Error).message}); it is missing from the model`, src);
        }
      });
    }
    this.finishRest();
    this.finishHttp();
    this.finishWebsocket();
  }

  private compileEvent(fn: FunctionInfo, type: string, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
    switch (type) {
      case 'http':
        return this.compileHttp(fn, value, vsrc, esrc);
      case 'httpApi':
        return this.compileHttpApi(fn, value, vsrc, esrc);
      case 'websocket':
        return this.compileWebsocket(fn, value, vsrc, esrc);
      case 's3':
        return this.compileS3(fn, value, vsrc, esrc);
      case 'sqs':
        return this.compileSqs(fn, value, vsrc, esrc);
      case 'sns':
        return this.compileSns(fn, value, vsrc, esrc);
      case 'stream':
        return this.compileStream(fn, value, vsrc, esrc);
      case 'schedule':
        return this.compileSchedule(fn, value, vsrc, esrc, n);
      case 'eventBridge':
        return this.compileEventBridge(fn, value, vsrc, esrc, n);
      case 'cloudwatchEvent':
        return this.compileCloudWatchEvent(fn, value, vsrc, esrc, n);
      case 'cloudwatchLog':
        return this.compileCloudWatchLog(fn, value, vsrc, esrc, n);
      case 'cognitoUserPool':
        return this.compileCognito(fn, value, vsrc, esrc);
      case 'iot':
        return this.compileIot(fn, value, vsrc, esrc, n);
      case 'iotFleetProvisioning':
        return this.compileIotFleet(fn, value, esrc);
      case 'alexaSkill':
        return this.compileAlexa(fn, value, vsrc, esrc, n, 'skill');
      case 'alexaSmartHome':
        return this.compileAlexa(fn, value, vsrc, esrc, n, 'smartHome');
      case 'alb':
        return this.compileAlb(fn, value, vsrc, esrc);
      case 'kafka':
        return this.compileKafka(fn, value, vsrc, esrc);
      case 'msk':
        return this.compileMsk(fn, value, vsrc, esrc);
      case 'activemq':
        return this.compileMq(fn, value, vsrc, esrc, 'ActiveMQ');
      case 'rabbitmq':
        return this.compileMq(fn, value, vsrc, esrc, 'RabbitMQ');
      case 'cloudFront':
        return this.compileCloudFront(fn, value, vsrc, esrc);
      default:
        this.c.diag('warning', 'sls-event-unknown', `event type '${type}' of function '${fn.key}' is not known (a plugin's?); it is not in the model`, esrc);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // REST API (http)
  // ---------------------------------------------------------------------------------------------

  private restState(src: DocPath): RestState {
    if (this.rest) return this.rest;
    const ag = asObject(this.provider['apiGateway']) ?? {};
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
        Name: this.provider['apiName'] ?? (ag['shouldStartNameWithService'] === true ? `${this.c.service}-${this.c.stage}` : `${this.c.stage}-${this.c.service}`),
        EndpointConfiguration: { Types: [String(this.provider['endpointType'] ?? 'EDGE').toUpperCase()] },
      };
      const vpce = this.provider['vpcEndpointIds'];
      if (present(vpce)) (props['EndpointConfiguration'] as JsonObject)['VpcEndpointIds'] = vpce;
      if (present(ag['description'] ?? this.provider['description'])) props['Description'] = ag['description'] ?? null;
      if (present(ag['binaryMediaTypes'])) props['BinaryMediaTypes'] = ag['binaryMediaTypes'];
      if (present(ag['minimumCompressionSize'])) props['MinimumCompressionSize'] = ag['minimumCompressionSize'];
      if (present(ag['apiKeySourceType'])) props['ApiKeySourceType'] = String(ag['apiKeySourceType']).toUpperCase();
      if (ag['disableDefaultEndpoint'] === true) props['DisableExecuteApiEndpoint'] = true;
      const policy = ag['resourcePolicy'] ?? this.provider['resourcePolicy'];
      props['Policy'] = present(policy) ? { Version: '2012-10-17', Statement: clone(policy) } : '';
      if (props['Description'] === null) delete props['Description'];
      this.c.add(names.restApi, { Type: 'AWS::ApiGateway::RestApi', Properties: props }, src);
      if (present(policy)) {
        const psrc: DocPath = ag['resourcePolicy'] !== undefined ? ['provider', 'apiGateway', 'resourcePolicy'] : ['provider', 'resourcePolicy'];
        this.c.remount(['Resources', names.restApi, 'Properties', 'Policy', 'Statement'], psrc);
      }
      this.c.remount(['Resources', names.restApi, 'Properties', 'EndpointConfiguration'], this.provider['endpointType'] !== undefined ? ['provider', 'endpointType'] : src);
    }
    const existing = new Map<string, JsonValue>();
    const resMap = asObject(ag['restApiResources']);
    if (resMap) for (const [p, id] of Object.entries(resMap)) existing.set(p.replace(/^\/+|\/+$/g, ''), id);
    this.rest = { apiId, rootId, existingResources: existing, methods: [], corsPaths: new Map(), permissions: new Set(), authorizers: new Set(), firstSrc: src };
    return this.rest;
  }

  private restResource(st: RestState, path: string, src: DocPath): JsonValue {
    if (path === '') return st.rootId;
    const known = st.existingResources.get(path);
    if (present(known)) return known;
    const id = names.restResource(path);
    if (!this.c.resources[id]) {
      const parts = path.split('/');
      const parentPath = parts.slice(0, -1).join('/');
      const parent = this.restResource(st, parentPath, src);
      this.c.add(id, { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: parent, PathPart: parts[parts.length - 1]!, RestApiId: st.apiId } }, src);
    }
    return ref(id);
  }

  private compileHttp(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    let method: string;
    let path: string;
    let ev: JsonObject = {};
    if (typeof value === 'string') {
      const [m, ...rest] = value.trim().split(/\s+/);
      method = m ?? 'GET';
      path = rest.join(' ');
    } else if (isObject(value)) {
      ev = value;
      method = String(ev['method'] ?? 'GET');
      path = String(ev['path'] ?? '');
    } else {
      this.c.diag('warning', 'sls-event-invalid', `http event of function '${fn.key}' has no method and path; ignored`, esrc);
      return;
    }
    path = path.replace(/^\/+|\/+$/g, '');
    const httpMethod = method.toLowerCase() === 'any' || method === '*' ? 'ANY' : method.toUpperCase();
    const st = this.restState(esrc);
    const resourceId = this.restResource(st, path, esrc);
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
    const auth = this.restAuthorizer(fn, ev['authorizer'], [...vsrc, 'authorizer'], st);
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
    if (this.c.resources[methodId]) this.c.diag('warning', 'sls-duplicate-route', `${httpMethod} /${path} is declared twice; the last one wins`, esrc);
    this.c.add(methodId, resource, esrc);
    if (ev['authorizer'] !== undefined) this.c.remount(['Resources', methodId, 'Properties', 'AuthorizationType'], [...vsrc, 'authorizer']);
    if (ev['private'] !== undefined) this.c.remount(['Resources', methodId, 'Properties', 'ApiKeyRequired'], [...vsrc, 'private']);
    st.methods.push(methodId);
    if (invokesFunction && !st.permissions.has(permId)) {
      st.permissions.add(permId);
      this.c.add(
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

  private restAuthorizer(
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
      this.c.diag('warning', 'sls-authorizer-invalid', `authorizer of function '${fn.key}' is not a name, ARN or mapping; the method is treated as unauthenticated`, asrc);
      return null;
    }
    const isCognito = type === 'cognito_user_pools' || (typeof arn === 'string' && arn.includes(':cognito-idp:'));
    if (!name) {
      if (typeof arn === 'string') name = isCognito ? arn.split('/').pop() : arn.split(':').pop();
      else if (present(arn)) name = nameFromArn(arn, 'generic');
    }
    if (!name) {
      this.c.diag('warning', 'sls-authorizer-invalid', `authorizer of function '${fn.key}' has neither name nor ARN; the method is treated as unauthenticated`, asrc);
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
        const local = arn === undefined ? this.c.functions.get(name) : undefined;
        if (local) fnArn = getAtt(local.logicalId, 'Arn');
        else if (present(arn)) fnArn = arn;
        else {
          this.c.diag('warning', 'sls-authorizer-unknown', `authorizer '${name}' of function '${fn.key}' is neither a function of this service nor an ARN`, asrc);
          fnArn = name;
        }
        props['AuthorizerUri'] = lambdaUri(fnArn);
        props['Type'] = (type === 'request' ? 'REQUEST' : 'TOKEN');
        if (type === 'request' && cfg['identitySource'] === undefined) delete props['IdentitySource'];
        const permId = local ? names.restPermission(local.key) : `${alphaNumeric(name)}LambdaPermissionApiGateway`;
        if (!st.permissions.has(permId)) {
          st.permissions.add(permId);
          this.c.add(
            permId,
            permission(fnArn, 'apigateway.amazonaws.com', {
              SourceArn: join('', ['arn:', ref('AWS::Partition'), ':execute-api:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', st.apiId, '/*/*']),
            }),
            asrc,
          );
        }
      }
      this.c.add(id, { Type: 'AWS::ApiGateway::Authorizer', Properties: props }, asrc);
    }
    return {
      type: isCognito ? 'COGNITO_USER_POOLS' : 'CUSTOM',
      authorizerId: ref(id),
      ...(present(cfg['scopes']) ? { scopes: cfg['scopes'] } : {}),
      dependsOn: id,
    };
  }

  private finishRest(): void {
    const st = this.rest;
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
      this.c.add(
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
            ResourceId: this.restResource(st, path, entry.src),
            RestApiId: st.apiId,
          },
        },
        entry.src,
      );
      st.methods.unshift(id);
    }
    const deploymentId = names.restDeployment(shortHash(st.methods, 13).replace(/[^0-9]/g, '').padEnd(13, '0').slice(0, 13));
    const deployment: JsonObject = { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: st.apiId, StageName: this.c.stage }, DependsOn: [...st.methods] };
    this.c.add(deploymentId, deployment, st.firstSrc);
    this.c.outputs['ServiceEndpoint'] = {
      Description: 'URL of the service endpoint',
      Value: join('', ['https://', st.apiId, '.execute-api.', ref('AWS::Region'), '.', ref('AWS::URLSuffix'), `/${this.c.stage}`]),
    };
    this.compileApiKeys(st, deploymentId);
  }

  private compileApiKeys(st: RestState, deploymentId: string): void {
    const ag = asObject(this.provider['apiGateway']) ?? {};
    const keys = asArray(ag['apiKeys'] ?? this.provider['apiKeys']);
    const usagePlan = ag['usagePlan'] ?? this.provider['usagePlan'];
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
        ApiStages: [{ ApiId: st.apiId, Stage: this.c.stage }],
        Description: `Usage plan${plan.name ? ` "${plan.name}"` : ''} for ${this.c.service} ${this.c.stage} stage`,
        UsagePlanName: plan.name ? `${this.c.service}-${plan.name}-${this.c.stage}` : `${this.c.service}-${this.c.stage}`,
      };
      const quota = asObject(plan.cfg['quota']);
      if (quota) props['Quota'] = { Limit: quota['limit'] ?? null, Offset: quota['offset'] ?? null, Period: quota['period'] ?? null };
      const throttle = asObject(plan.cfg['throttle']);
      if (throttle) props['Throttle'] = { BurstLimit: throttle['burstLimit'] ?? null, RateLimit: throttle['rateLimit'] ?? null };
      this.c.add(names.usagePlan(plan.name), { Type: 'AWS::ApiGateway::UsagePlan', Properties: props, DependsOn: deploymentId }, plan.src);
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
        const props: JsonObject = { Enabled: keyCfg['enabled'] ?? true, Name: keyCfg['name'] ?? null, StageKeys: [{ RestApiId: st.apiId, StageName: this.c.stage }] };
        if (present(keyCfg['value'])) props['Value'] = keyCfg['value'];
        if (present(keyCfg['description'])) props['Description'] = keyCfg['description'];
        if (present(keyCfg['customerId'])) props['CustomerId'] = keyCfg['customerId'];
        const keyId = names.apiKey(i, e.planName);
        this.c.add(keyId, { Type: 'AWS::ApiGateway::ApiKey', Properties: props, DependsOn: deploymentId }, e.src);
        this.c.add(
          names.usagePlanKey(i, e.planName),
          { Type: 'AWS::ApiGateway::UsagePlanKey', Properties: { KeyId: ref(keyId), KeyType: 'API_KEY', UsagePlanId: ref(names.usagePlan(e.planName)) } },
          e.src,
        );
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP API (httpApi)
  // ---------------------------------------------------------------------------------------------

  private get httpApiConfig(): JsonObject {
    return asObject(this.provider['httpApi']) ?? {};
  }

  private httpState(src: DocPath): HttpState {
    if (this.http) return this.http;
    const cfg = this.httpApiConfig;
    let apiId: JsonValue;
    if (present(cfg['id'])) apiId = cfg['id'];
    else {
      apiId = ref(names.httpApi);
      const props: JsonObject = { Name: cfg['name'] ?? `${this.c.stage}-${this.c.service}`, ProtocolType: 'HTTP' };
      if (cfg['disableDefaultEndpoint'] === true) props['DisableExecuteApiEndpoint'] = true;
      this.c.add(names.httpApi, { Type: 'AWS::ApiGatewayV2::Api', Properties: props }, this.provider['httpApi'] !== undefined ? ['provider', 'httpApi'] : src);
      this.c.add(
        names.httpApiStage,
        {
          Type: 'AWS::ApiGatewayV2::Stage',
          Properties: { ApiId: apiId, StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { DetailedMetricsEnabled: cfg['metrics'] === true } },
        },
        this.provider['httpApi'] !== undefined ? ['provider', 'httpApi'] : src,
      );
      this.c.outputs['HttpApiId'] = { Description: 'Id of the HTTP API', Value: apiId };
      this.c.outputs['HttpApiUrl'] = {
        Description: 'URL of the HTTP API',
        Value: join('', ['https://', apiId, '.execute-api.', ref('AWS::Region'), '.', ref('AWS::URLSuffix')]),
      };
    }
    this.http = { apiId, integrations: new Set(), permissions: new Set(), authorizers: new Set(), methods: new Set() };
    return this.http;
  }

  private compileHttpApi(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    let method: string;
    let path: string;
    let ev: JsonObject = {};
    if (typeof value === 'string') {
      if (value.trim() === '*') {
        method = '*';
        path = '*';
      } else {
        const [m, ...rest] = value.trim().split(/\s+/);
        method = m ?? '*';
        path = rest.join(' ') || '/';
      }
    } else if (isObject(value)) {
      ev = value;
      method = String(ev['method'] ?? '*');
      path = String(ev['path'] ?? '*');
    } else {
      this.c.diag('warning', 'sls-event-invalid', `httpApi event of function '${fn.key}' has no method and path; ignored`, esrc);
      return;
    }
    const st = this.httpState(esrc);
    const routeKey = method === '*' && path === '*' ? '$default' : `${method === '*' ? 'ANY' : method.toUpperCase()} ${path}`;
    const integrationId = names.httpIntegration(fn.key);
    if (!st.integrations.has(integrationId)) {
      st.integrations.add(integrationId);
      this.c.add(
        integrationId,
        {
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: {
            ApiId: st.apiId,
            IntegrationType: 'AWS_PROXY',
            IntegrationUri: fn.invokeArn,
            PayloadFormatVersion: String(this.httpApiConfig['payload'] ?? '2.0'),
            TimeoutInMillis: 30000,
          },
        },
        esrc,
      );
    }
    const permId = names.httpPermission(fn.key);
    if (!st.permissions.has(permId)) {
      st.permissions.add(permId);
      this.c.add(
        permId,
        permission(fn.invokeArn, 'apigateway.amazonaws.com', {
          SourceArn: join('', ['arn:', ref('AWS::Partition'), ':execute-api:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', st.apiId, '/*']),
        }),
        esrc,
      );
    }
    if (method !== '*') st.methods.add(method.toUpperCase());
    const routeId = names.httpRoute(routeKey);
    const props: JsonObject = { ApiId: st.apiId, RouteKey: routeKey, Target: join('/', ['integrations', ref(integrationId)]) };
    const a = ev['authorizer'];
    if (present(a)) {
      const auth = this.httpAuthorizer(fn, a, [...vsrc, 'authorizer'], st);
      if (auth) {
        props['AuthorizationType'] = auth.type;
        if (present(auth.authorizerId)) props['AuthorizerId'] = auth.authorizerId;
        if (present(auth.scopes)) props['AuthorizationScopes'] = auth.scopes;
      }
    }
    if (this.c.resources[routeId]) this.c.diag('warning', 'sls-duplicate-route', `HTTP API route '${routeKey}' is declared twice; the last one wins`, esrc);
    this.c.add(routeId, { Type: 'AWS::ApiGatewayV2::Route', Properties: props, DependsOn: integrationId }, esrc);
    if (present(a)) this.c.remount(['Resources', routeId, 'Properties', 'AuthorizationType'], [...vsrc, 'authorizer']);
  }

  private httpAuthorizer(fn: FunctionInfo, a: JsonValue, asrc: DocPath, st: HttpState): { type: string; authorizerId?: JsonValue; scopes?: JsonValue } | null {
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
      this.c.diag('warning', 'sls-authorizer-invalid', `httpApi authorizer of function '${fn.key}' has no name; the route is treated as unauthenticated`, asrc);
      return null;
    }
    if (name.toLowerCase() === 'aws_iam') return { type: 'AWS_IAM' };
    const defs = asObject(this.httpApiConfig['authorizers']) ?? {};
    const def = asObject(defs[name]);
    if (!def) {
      this.c.diag('warning', 'sls-authorizer-unknown', `httpApi authorizer '${name}' is not defined under provider.httpApi.authorizers; the route's authorization is unresolved`, asrc);
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
        const local = asString(def['functionName']) ? this.c.functions.get(asString(def['functionName'])!) : undefined;
        if (local) fnArn = getAtt(local.logicalId, 'Arn');
        else if (present(def['functionName']) && !present(def['functionArn'])) {
          this.c.diag('warning', 'sls-authorizer-unknown', `httpApi authorizer '${name}' names function '${String(def['functionName'])}', which this service does not define`, dsrc);
        }
        props['AuthorizerType'] = 'REQUEST';
        props['AuthorizerUri'] = lambdaUri(fnArn);
        props['AuthorizerPayloadFormatVersion'] = String(def['payloadVersion'] ?? '2.0');
        if (present(def['enableSimpleResponses'])) props['EnableSimpleResponses'] = def['enableSimpleResponses'];
        if (present(def['resultTtlInSeconds'])) props['AuthorizerResultTtlInSeconds'] = def['resultTtlInSeconds'];
        if (present(def['identitySource'])) props['IdentitySource'] = asArray(def['identitySource']);
        this.c.add(
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
      this.c.add(id, { Type: 'AWS::ApiGatewayV2::Authorizer', Properties: props }, dsrc);
    }
    return { type: isRequest ? 'CUSTOM' : 'JWT', authorizerId: ref(id), ...(present(scopes) ? { scopes } : {}) };
  }

  private finishHttp(): void {
    const st = this.http;
    if (!st) return;
    const cors = this.httpApiConfig['cors'];
    const api = asObject(this.c.resources[names.httpApi]);
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
      this.c.remount(['Resources', names.httpApi, 'Properties', 'CorsConfiguration'], ['provider', 'httpApi', 'cors']);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // WebSocket API
  // ---------------------------------------------------------------------------------------------

  private wsState(src: DocPath): WsState {
    if (this.ws) return this.ws;
    this.c.add(
      names.websocketApi,
      {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          Name: this.provider['websocketsApiName'] ?? `${this.c.stage}-${this.c.service}-websockets`,
          RouteSelectionExpression: this.provider['websocketsApiRouteSelectionExpression'] ?? '$request.body.action',
          Description: this.provider['websocketsDescription'] ?? 'Serverless Websockets',
          ProtocolType: 'WEBSOCKET',
        },
      },
      src,
    );
    this.ws = { routes: [], integrations: new Set(), permissions: new Set(), authorizers: new Set() };
    return this.ws;
  }

  private compileWebsocket(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev: JsonObject = typeof value === 'string' ? { route: value } : isObject(value) ? value : {};
    const route = asString(ev['route']);
    if (!route) {
      this.c.diag('warning', 'sls-event-invalid', `websocket event of function '${fn.key}' has no route; ignored`, esrc);
      return;
    }
    const st = this.wsState(esrc);
    const integrationId = names.websocketIntegration(fn.key);
    if (!st.integrations.has(integrationId)) {
      st.integrations.add(integrationId);
      this.c.add(
        integrationId,
        { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: ref(names.websocketApi), IntegrationType: 'AWS_PROXY', IntegrationUri: lambdaUri(fn.invokeArn) } },
        esrc,
      );
    }
    const permId = names.websocketPermission(fn.key);
    if (!st.permissions.has(permId)) {
      st.permissions.add(permId);
      this.c.add(permId, { ...permission(fn.invokeArn, 'apigateway.amazonaws.com'), DependsOn: [names.websocketApi, fn.logicalId] }, esrc);
    }
    // Handlers answer clients through the connections API.
    this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['execute-api:ManageConnections'], Resource: [sub('arn:${AWS::Partition}:execute-api:*:*:*/@connections/*')] }, esrc);
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
        const local = present(arn) ? undefined : this.c.functions.get(name);
        const fnArn: JsonValue = local ? getAtt(local.logicalId, 'Arn') : present(arn) ? arn : name;
        if (!local && !present(arn)) this.c.diag('warning', 'sls-authorizer-unknown', `websocket authorizer '${name}' is neither a function of this service nor an ARN`, asrc);
        if (!st.authorizers.has(authId)) {
          st.authorizers.add(authId);
          this.c.add(
            authId,
            {
              Type: 'AWS::ApiGatewayV2::Authorizer',
              Properties: {
                ApiId: ref(names.websocketApi),
                Name: name,
                AuthorizerType: 'REQUEST',
                AuthorizerUri: lambdaUri(fnArn),
                IdentitySource: asArray(cfg['identitySource'] ?? 'route.request.header.Auth'),
              },
            },
            asrc,
          );
          const authPerm = local ? names.websocketPermission(local.key) : `${alphaNumeric(name)}LambdaPermissionWebsockets`;
          if (!st.permissions.has(authPerm)) {
            st.permissions.add(authPerm);
            this.c.add(authPerm, { ...permission(fnArn, 'apigateway.amazonaws.com'), DependsOn: [names.websocketApi] }, asrc);
          }
        }
        props['AuthorizationType'] = 'CUSTOM';
        props['AuthorizerId'] = ref(authId);
      }
    }
    if (present(ev['routeResponseSelectionExpression'])) {
      props['RouteResponseSelectionExpression'] = ev['routeResponseSelectionExpression'];
      const rrId = names.websocketRouteResponse(route);
      this.c.add(rrId, { Type: 'AWS::ApiGatewayV2::RouteResponse', Properties: { ApiId: ref(names.websocketApi), RouteId: ref(routeId), RouteResponseKey: '$default' } }, esrc);
      st.routes.push(rrId);
    }
    this.c.add(routeId, { Type: 'AWS::ApiGatewayV2::Route', Properties: props }, esrc);
    if (present(a)) this.c.remount(['Resources', routeId, 'Properties', 'AuthorizationType'], [...vsrc, 'authorizer']);
    st.routes.push(routeId);
  }

  private finishWebsocket(): void {
    const st = this.ws;
    if (!st) return;
    const deploymentId = names.websocketDeployment(shortHash(st.routes));
    this.c.add(deploymentId, { Type: 'AWS::ApiGatewayV2::Deployment', Properties: { ApiId: ref(names.websocketApi), Description: 'Serverless Websockets' }, DependsOn: [...st.routes] }, ['functions']);
    const logs = asObject(this.provider['logs'])?.['websocket'];
    if (logs === true || isObject(logs)) {
      this.c.add('WebsocketsLogGroup', { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/aws/websocket/${this.c.prefix}` } }, ['provider', 'logs', 'websocket']);
    }
    this.c.add(
      names.websocketStage,
      { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: ref(names.websocketApi), StageName: this.c.stage, Description: 'Serverless Websockets', DeploymentId: ref(deploymentId) } },
      ['functions'],
    );
  }

  // ---------------------------------------------------------------------------------------------
  // S3
  // ---------------------------------------------------------------------------------------------

  private compileS3(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev: JsonObject = typeof value === 'string' ? { bucket: value } : isObject(value) ? value : {};
    const bucketValue = ev['bucket'];
    const event = ev['event'] ?? 's3:ObjectCreated:*';
    const rules = asArray(ev['rules']).filter(isObject);
    if (typeof bucketValue !== 'string' || bucketValue.length === 0) {
      this.c.diag('warning', 'sls-event-invalid', `s3 event of function '${fn.key}' has no bucket name (the framework requires a string); the trigger is not in the model`, esrc);
      return;
    }
    if (ev['existing'] === true) {
      this.compileExistingS3(fn, bucketValue, event, rules, esrc);
      return;
    }
    const providerBuckets = asObject(this.provider['s3']) ?? {};
    const custom = asObject(providerBuckets[bucketValue]);
    const bucketName: JsonValue = custom ? custom['name'] ?? custom['bucketName'] ?? bucketValue : bucketValue;
    const idName = custom ? bucketValue : bucketValue;
    const bucketId = custom ? `S3Bucket${upperFirst(bucketValue).replace(/[^0-9A-Za-z]/g, '')}` : names.s3Bucket(idName);
    const permId = names.s3Permission(fn.key, custom ? bucketValue : bucketValue);
    let entry = this.buckets.get(bucketId);
    if (!entry) {
      const props: JsonObject = { BucketName: bucketName, NotificationConfiguration: { LambdaConfigurations: [] } };
      if (custom) {
        for (const [k, v] of Object.entries(custom)) if (k !== 'name' && k !== 'bucketName') props[upperFirst(k)] = pascalKeys(v);
      }
      const resource: JsonObject = { Type: 'AWS::S3::Bucket', Properties: props, DependsOn: [] };
      this.c.add(bucketId, resource, custom ? ['provider', 's3', bucketValue] : esrc);
      entry = { id: bucketId, resource };
      this.buckets.set(bucketId, entry);
    }
    const cfg: JsonObject = { Event: event, Function: getAtt(fn.logicalId, 'Arn') };
    if (rules.length > 0) {
      cfg['Filter'] = {
        S3Key: {
          Rules: rules.flatMap((r) => Object.entries(r).map(([k, v]) => ({ Name: k, Value: v }))),
        },
      };
    }
    const props = entry.resource['Properties'] as JsonObject;
    const list = (props['NotificationConfiguration'] as JsonObject)['LambdaConfigurations'] as JsonValue[];
    this.c.mount(['Resources', bucketId, 'Properties', 'NotificationConfiguration', 'LambdaConfigurations', list.length], esrc);
    list.push(cfg);
    const dependsOn = entry.resource['DependsOn'] as JsonValue[];
    if (!dependsOn.includes(permId)) dependsOn.push(permId);
    if (!this.c.resources[permId]) {
      this.c.add(
        permId,
        permission(getAtt(fn.logicalId, 'Arn'), 's3.amazonaws.com', {
          SourceArn: join('', ['arn:', ref('AWS::Partition'), ...(typeof bucketName === 'string' ? [`:s3:::${bucketName}`] : [':s3:::', bucketName])]),
          SourceAccount: ref('AWS::AccountId'),
        }),
        esrc,
      );
    }
  }

  private compileExistingS3(fn: FunctionInfo, bucket: string, event: JsonValue, rules: JsonObject[], esrc: DocPath): void {
    this.c.useCustomResource('existing-s3', esrc);
    const key = `${fn.key}\u0001${bucket}`;
    let id = this.existingS3.get(key);
    if (!id) {
      const n = [...this.existingS3.keys()].filter((k) => k.startsWith(`${fn.key}\u0001`)).length + 1;
      id = names.customS3(fn.key, n);
      this.existingS3.set(key, id);
      const dependsOn: JsonValue[] = [fn.logicalId, names.customResourceFunction('existing-s3')];
      const previous = [...this.existingS3.entries()].find(([k, v]) => k.endsWith(`\u0001${bucket}`) && v !== id);
      if (previous) dependsOn.push(previous[1]);
      this.c.add(
        id,
        {
          Type: 'Custom::S3',
          Version: 1,
          DependsOn: dependsOn,
          Properties: { ServiceToken: getAtt(names.customResourceFunction('existing-s3'), 'Arn'), FunctionName: fn.name, BucketName: bucket, BucketConfigs: [] },
        },
        esrc,
      );
      this.c.customResourceStatements.push({
        statement: { Effect: 'Allow', Resource: join(':', ['arn', ref('AWS::Partition'), 's3', '', '', bucket]), Action: ['s3:PutBucketNotification', 's3:GetBucketNotification'] },
        src: esrc,
      });
    }
    const resource = this.c.resources[id] as JsonObject;
    const configs = (resource['Properties'] as JsonObject)['BucketConfigs'] as JsonValue[];
    this.c.mount(['Resources', id, 'Properties', 'BucketConfigs', configs.length], esrc);
    configs.push({ Event: event, Rules: rules.flatMap((r) => Object.entries(r).map(([k, v]) => ({ [upperFirst(k)]: v }))) });
  }

  // ---------------------------------------------------------------------------------------------
  // Queues, streams, brokers
  // ---------------------------------------------------------------------------------------------

  private mappingDependsOn(fn: FunctionInfo): JsonValue[] {
    const deps: JsonValue[] = [];
    if (fn.roleId) deps.push(fn.roleId);
    if (fn.provisioned) deps.push(names.alias(fn.key));
    return deps;
  }

  private compileSqs(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev: JsonObject = typeof value === 'string' || isIntrinsic(value) ? { arn: value } : isObject(value) ? value : {};
    const arn = ev['arn'];
    if (!present(arn)) {
      this.c.diag('warning', 'sls-event-invalid', `sqs event of function '${fn.key}' has no queue ARN; ignored`, esrc);
      return;
    }
    const id = names.sqsMapping(fn.key, nameFromArn(arn, 'sqs'));
    const props: JsonObject = { BatchSize: ev['batchSize'] ?? 10, EventSourceArn: arn, FunctionName: fn.invokeArn, Enabled: ev['enabled'] ?? true };
    if (present(ev['maximumBatchingWindow'])) props['MaximumBatchingWindowInSeconds'] = ev['maximumBatchingWindow'];
    if (present(ev['functionResponseType'])) props['FunctionResponseTypes'] = [ev['functionResponseType']];
    if (present(ev['filterPatterns'])) props['FilterCriteria'] = { Filters: asArray(ev['filterPatterns']).map((p) => ({ Pattern: JSON.stringify(p) })) };
    if (present(ev['maximumConcurrency'])) props['ScalingConfig'] = { MaximumConcurrency: ev['maximumConcurrency'] };
    this.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: this.mappingDependsOn(fn), Properties: props }, esrc);
    this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: [arn] }, esrc);
    void vsrc;
  }

  private compileStream(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev: JsonObject = typeof value === 'string' || isIntrinsic(value) ? { arn: value } : isObject(value) ? value : {};
    const arn = ev['arn'];
    if (!present(arn)) {
      this.c.diag('warning', 'sls-event-invalid', `stream event of function '${fn.key}' has no stream ARN; ignored`, esrc);
      return;
    }
    let type = asString(ev['type']);
    if (!type && typeof arn === 'string') type = arn.includes(':kinesis:') ? 'kinesis' : arn.includes(':dynamodb:') ? 'dynamodb' : undefined;
    if (!type) {
      this.c.diag('warning', 'sls-event-invalid', `stream event of function '${fn.key}' does not say whether it is kinesis or dynamodb; assumed dynamodb`, esrc);
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
        this.c.add(consumerId, { Type: 'AWS::Kinesis::StreamConsumer', Properties: { StreamARN: arn, ConsumerName: `${fn.key}${streamName}Consumer` } }, esrc);
        consumerArn = ref(consumerId);
      } else consumerArn = ev['consumer'];
      props['EventSourceArn'] = consumerArn;
    }
    this.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: this.mappingDependsOn(fn), Properties: props }, esrc);
    const actions =
      type === 'kinesis'
        ? ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:ListStreams']
        : ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'];
    this.c.addEventStatement(fn, { Effect: 'Allow', Action: actions, Resource: [arn] }, esrc);
    if (consumerArn !== null) this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['kinesis:SubscribeToShard'], Resource: [consumerArn] }, esrc);
    if (present(destArn)) {
      const action = typeof destArn === 'string' && destArn.includes(':sns:') ? 'sns:Publish' : 'sqs:SendMessage';
      this.c.addEventStatement(fn, { Effect: 'Allow', Action: [action], Resource: [destArn] }, esrc);
    }
    void vsrc;
  }

  private compileKafka(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
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
    this.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: this.mappingDependsOn(fn), Properties: props }, esrc);
    if (secrets.length > 0) this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secrets }, esrc);
    if (sac.some((s) => isObject(s) && String(s['Type']).startsWith('VPC_'))) {
      this.c.addEventStatement(fn, vpcAccessStatement(), esrc);
    }
    void vsrc;
  }

  private compileMsk(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev = asObject(value) ?? {};
    const arn = ev['arn'];
    const topic = asString(ev['topic']) ?? 'topic';
    if (!present(arn)) {
      this.c.diag('warning', 'sls-event-invalid', `msk event of function '${fn.key}' has no cluster ARN; ignored`, esrc);
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
    this.c.add(id, { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: this.mappingDependsOn(fn), Properties: props }, esrc);
    this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['kafka:DescribeCluster', 'kafka:GetBootstrapBrokers'], Resource: [arn] }, esrc);
    this.c.addEventStatement(fn, vpcAccessStatement(), esrc);
    if (present(ev['saslScram512'])) this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [ev['saslScram512']] }, esrc);
    void vsrc;
  }

  private compileMq(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, kind: 'ActiveMQ' | 'RabbitMQ'): void {
    const ev = asObject(value) ?? {};
    const arn = ev['arn'];
    const queue = asString(ev['queue']) ?? 'queue';
    if (!present(arn)) {
      this.c.diag('warning', 'sls-event-invalid', `${kind.toLowerCase()} event of function '${fn.key}' has no broker ARN; ignored`, esrc);
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
    this.c.add(names.mqMapping(fn.key, kind, queue), { Type: 'AWS::Lambda::EventSourceMapping', DependsOn: this.mappingDependsOn(fn), Properties: props }, esrc);
    this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['mq:DescribeBroker'], Resource: [arn] }, esrc);
    if (present(ev['basicAuthArn'])) this.c.addEventStatement(fn, { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [ev['basicAuthArn']] }, esrc);
    this.c.addEventStatement(fn, vpcAccessStatement(), esrc);
    void vsrc;
  }

  // ---------------------------------------------------------------------------------------------
  // SNS
  // ---------------------------------------------------------------------------------------------

  private compileSns(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    let ev: JsonObject;
    if (typeof value === 'string') ev = value.startsWith('arn:') ? { arn: value } : { topicName: value };
    else if (isIntrinsic(value)) ev = { arn: value };
    else if (isObject(value)) ev = value;
    else {
      this.c.diag('warning', 'sls-event-invalid', `sns event of function '${fn.key}' has no topic; ignored`, esrc);
      return;
    }
    const arn = ev['arn'];
    const fnArn = getAtt(fn.logicalId, 'Arn');
    if (present(arn)) {
      const topicName = asString(ev['topicName']) ?? nameFromArn(arn, 'sns');
      this.c.add(names.snsSubscription(fn.key, topicName), { Type: 'AWS::SNS::Subscription', Properties: this.snsSubscriptionProps(ev, arn, fnArn) }, esrc);
      this.c.add(names.snsPermission(fn.key, topicName), permission(fnArn, 'sns.amazonaws.com', { SourceArn: arn }), esrc);
      return;
    }
    const topicName = asString(ev['topicName']);
    if (!topicName) {
      this.c.diag('warning', 'sls-event-invalid', `sns event of function '${fn.key}' has neither topicName nor arn; ignored`, esrc);
      return;
    }
    const topicId = names.snsTopic(topicName);
    let topic = asObject(this.c.resources[topicId]);
    if (!topic || !this.topics.has(topicId)) {
      const props: JsonObject = { TopicName: topicName };
      if (present(ev['displayName'])) props['DisplayName'] = ev['displayName'];
      if (present(ev['kmsMasterKeyId'])) props['KmsMasterKeyId'] = ev['kmsMasterKeyId'];
      topic = this.c.add(topicId, { Type: 'AWS::SNS::Topic', Properties: props }, esrc);
      this.topics.set(topicId, topicName);
    }
    const separate = present(ev['filterPolicy']) || present(ev['redrivePolicy']) || present(ev['filterPolicyScope']);
    if (separate) {
      this.c.add(names.snsSubscription(fn.key, topicName), { Type: 'AWS::SNS::Subscription', Properties: this.snsSubscriptionProps(ev, ref(topicId), fnArn) }, esrc);
    } else {
      const props = topic['Properties'] as JsonObject;
      const subs = (props['Subscription'] as JsonValue[] | undefined) ?? [];
      this.c.mount(['Resources', topicId, 'Properties', 'Subscription', subs.length], esrc);
      subs.push({ Endpoint: fnArn, Protocol: 'lambda' });
      props['Subscription'] = subs;
    }
    this.c.add(
      names.snsPermission(fn.key, topicName),
      permission(fnArn, 'sns.amazonaws.com', {
        SourceArn: join('', ['arn:', ref('AWS::Partition'), ':sns:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':', topicName]),
      }),
      esrc,
    );
    void vsrc;
  }

  private snsSubscriptionProps(ev: JsonObject, topicArn: JsonValue, fnArn: JsonValue): JsonObject {
    const props: JsonObject = { TopicArn: topicArn, Protocol: 'lambda', Endpoint: fnArn };
    if (present(ev['filterPolicy'])) props['FilterPolicy'] = ev['filterPolicy'];
    if (present(ev['filterPolicyScope'])) props['FilterPolicyScope'] = ev['filterPolicyScope'];
    const redrive = asObject(ev['redrivePolicy']);
    if (redrive) {
      const target = redrive['deadLetterTargetArn'] ?? redrive['deadLetterTargetRef'] ?? redrive['deadLetterTargetImport'] ?? null;
      props['RedrivePolicy'] = { deadLetterTargetArn: target };
    }
    return props;
  }

  // ---------------------------------------------------------------------------------------------
  // Rules and schedules
  // ---------------------------------------------------------------------------------------------

  private ruleTarget(ev: JsonObject, arn: JsonValue, id: JsonValue): JsonObject {
    const t: JsonObject = {};
    if (present(ev['input'])) t['Input'] = typeof ev['input'] === 'string' ? ev['input'] : JSON.stringify(ev['input']);
    if (present(ev['inputPath'])) t['InputPath'] = ev['inputPath'];
    const it = asObject(ev['inputTransformer']);
    if (it) t['InputTransformer'] = { InputTemplate: it['inputTemplate'] ?? null, ...(present(it['inputPathsMap']) ? { InputPathsMap: it['inputPathsMap'] } : {}) };
    t['Arn'] = arn;
    t['Id'] = id;
    return t;
  }

  private scheduleIndex = new Map<string, number>();

  private compileSchedule(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, _n: number): void {
    const ev: JsonObject = typeof value === 'string' ? { rate: value } : isObject(value) ? value : {};
    const rates = asArray(ev['rate']);
    if (rates.length === 0) {
      this.c.diag('warning', 'sls-event-invalid', `schedule event of function '${fn.key}' has no rate; ignored`, esrc);
      return;
    }
    const state = ev['enabled'] === false ? 'DISABLED' : 'ENABLED';
    for (const rate of rates) {
      const i = (this.scheduleIndex.get(fn.key) ?? 0) + 1;
      this.scheduleIndex.set(fn.key, i);
      if (String(ev['method'] ?? 'eventBus') === 'scheduler') {
        const roleId = names.schedulerRole(fn.key, i);
        this.c.add(
          roleId,
          {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['scheduler.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] },
              Policies: [{ PolicyName: `${this.c.prefix}-${fn.key}-schedule-${i}`, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [fn.invokeArn] }] } }],
            },
          },
          esrc,
        );
        this.c.add(
          names.scheduler(fn.key, i),
          {
            Type: 'AWS::Scheduler::Schedule',
            Properties: {
              ScheduleExpression: rate,
              State: state,
              FlexibleTimeWindow: { Mode: 'OFF' },
              Target: { Arn: fn.invokeArn, RoleArn: getAtt(roleId, 'Arn'), ...(present(ev['input']) ? { Input: JSON.stringify(ev['input']) } : {}) },
            },
          },
          esrc,
        );
        continue;
      }
      const ruleId = names.scheduleRule(fn.key, i);
      const props: JsonObject = { ScheduleExpression: rate, State: state, Targets: [this.ruleTarget(ev, fn.invokeArn, `${fn.key}Schedule`)] };
      if (present(ev['name'])) props['Name'] = ev['name'];
      if (present(ev['description'])) props['Description'] = ev['description'];
      this.c.add(ruleId, { Type: 'AWS::Events::Rule', Properties: props }, esrc);
      this.c.add(names.schedulePermission(fn.key, i), permission(fn.invokeArn, 'events.amazonaws.com', { SourceArn: getAtt(ruleId, 'Arn') }), esrc);
    }
    void vsrc;
  }

  private compileEventBridge(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
    const ev = asObject(value) ?? {};
    const ruleName = asString(ev['name']) ?? `${this.c.prefix}-${fn.key}-rule-${n}`.slice(0, 64);
    const ruleId = names.eventBridgeRule(ruleName);
    const props: JsonObject = {};
    const bus = ev['eventBus'];
    let busName: JsonValue | null = null;
    if (present(bus)) {
      if (typeof bus === 'string' && !bus.startsWith('arn:')) {
        if (bus !== 'default') {
          busName = bus;
          const busId = names.eventBus(bus);
          if (!this.buses.has(busId) && !this.c.resources[busId]) {
            this.buses.add(busId);
            this.c.add(busId, { Type: 'AWS::Events::EventBus', Properties: { Name: bus } }, [...vsrc, 'eventBus']);
          }
        }
      } else busName = bus;
      if (busName !== null) props['EventBusName'] = busName;
    }
    if (present(ev['pattern'])) props['EventPattern'] = ev['pattern'];
    if (present(ev['schedule'])) props['ScheduleExpression'] = ev['schedule'];
    props['Name'] = ruleName;
    props['State'] = ev['enabled'] === false ? 'DISABLED' : 'ENABLED';
    const target = this.ruleTarget(ev, fn.invokeArn, `${ruleName}-target`);
    const retry = asObject(ev['retryPolicy']);
    if (retry) target['RetryPolicy'] = { MaximumEventAgeInSeconds: retry['maximumEventAge'] ?? null, MaximumRetryAttempts: retry['maximumRetryAttempts'] ?? null };
    if (present(ev['deadLetterQueueArn'])) target['DeadLetterConfig'] = { Arn: ev['deadLetterQueueArn'] };
    props['Targets'] = [target];
    const resource: JsonObject = { Type: 'AWS::Events::Rule', Properties: props };
    if (typeof bus === 'string' && !bus.startsWith('arn:') && bus !== 'default') resource['DependsOn'] = names.eventBus(bus);
    this.c.add(ruleId, resource, esrc);
    const busPart: JsonValue[] = busName === null ? [] : [typeof busName === 'string' && busName.startsWith('arn:') ? busName.split('/').pop()! : busName];
    this.c.add(
      names.eventBridgePermission(fn.key, n),
      {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: fn.invokeArn,
          Principal: 'events.amazonaws.com',
          SourceArn: join(':', ['arn', ref('AWS::Partition'), 'events', ref('AWS::Region'), ref('AWS::AccountId'), join('/', ['rule', ...busPart, ruleName])]),
        },
      },
      esrc,
    );
  }

  private compileCloudWatchEvent(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
    const ev = asObject(value) ?? {};
    const ruleId = names.cloudWatchEventRule(fn.key, n);
    const props: JsonObject = { EventPattern: ev['event'] ?? null, State: ev['enabled'] === false ? 'DISABLED' : 'ENABLED', Targets: [this.ruleTarget(ev, fn.invokeArn, `${fn.key}CloudWatchEvent`)] };
    if (present(ev['name'])) props['Name'] = ev['name'];
    if (present(ev['description'])) props['Description'] = ev['description'];
    this.c.add(ruleId, { Type: 'AWS::Events::Rule', Properties: props }, esrc);
    this.c.add(names.cloudWatchEventPermission(fn.key, n), permission(fn.invokeArn, 'events.amazonaws.com', { SourceArn: getAtt(ruleId, 'Arn') }), esrc);
    void vsrc;
  }

  private compileCloudWatchLog(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
    const ev: JsonObject = typeof value === 'string' ? { logGroup: value } : isObject(value) ? value : {};
    const logGroup = ev['logGroup'];
    if (!present(logGroup)) {
      this.c.diag('warning', 'sls-event-invalid', `cloudwatchLog event of function '${fn.key}' has no logGroup; ignored`, esrc);
      return;
    }
    const permId = names.logPermission(fn.key);
    if (!this.c.resources[permId]) {
      this.c.add(
        permId,
        permission(getAtt(fn.logicalId, 'Arn'), join('', ['logs.', ref('AWS::Region'), '.amazonaws.com']), {
          SourceArn: join('', ['arn:', ref('AWS::Partition'), ':logs:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':log-group:*']),
        }),
        esrc,
      );
    }
    this.c.add(
      names.logSubscription(fn.key, n),
      {
        Type: 'AWS::Logs::SubscriptionFilter',
        DependsOn: permId,
        Properties: { LogGroupName: logGroup, FilterPattern: ev['filter'] ?? '', DestinationArn: getAtt(fn.logicalId, 'Arn') },
      },
      esrc,
    );
    void vsrc;
  }

  // ---------------------------------------------------------------------------------------------
  // Cognito, IoT, Alexa, ALB, CloudFront
  // ---------------------------------------------------------------------------------------------

  private existingPools = new Map<string, { id: string; configs: JsonValue[] }>();

  private compileCognito(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev = asObject(value) ?? {};
    const pool = asString(ev['pool']);
    const trigger = asString(ev['trigger']);
    if (!pool || !trigger) {
      this.c.diag('warning', 'sls-event-invalid', `cognitoUserPool event of function '${fn.key}' needs pool and trigger; ignored`, esrc);
      return;
    }
    const isSender = trigger === 'CustomEmailSender' || trigger === 'CustomSMSSender';
    if (ev['existing'] === true) {
      this.c.useCustomResource('existing-cup', esrc);
      let entry = this.existingPools.get(fn.key);
      if (!entry) {
        const id = names.customUserPool(fn.key, 1);
        entry = { id, configs: [] };
        this.existingPools.set(fn.key, entry);
        this.c.add(
          id,
          {
            Type: 'Custom::CognitoUserPool',
            Version: 1,
            DependsOn: [fn.logicalId, names.customResourceFunction('existing-cup')],
            Properties: { ServiceToken: getAtt(names.customResourceFunction('existing-cup'), 'Arn'), FunctionName: fn.name, UserPoolName: pool, UserPoolConfigs: entry.configs },
          },
          esrc,
        );
        this.c.customResourceStatements.push({
          statement: { Effect: 'Allow', Resource: sub(`arn:\${AWS::Partition}:lambda:*:*:function:${typeof fn.name === 'string' ? fn.name : fn.key}`), Action: ['lambda:AddPermission', 'lambda:RemovePermission'] },
          src: esrc,
        });
      }
      const cfg: JsonObject = { Trigger: trigger };
      if (isSender) {
        cfg['LambdaVersion'] = 'V1_0';
        if (present(ev['kmsKeyId'])) {
          cfg['KMSKeyID'] = ev['kmsKeyId'];
          this.c.customResourceStatements.push({ statement: { Effect: 'Allow', Resource: ev['kmsKeyId'], Action: ['kms:CreateGrant'] }, src: esrc });
        }
      }
      this.c.mount(['Resources', entry.id, 'Properties', 'UserPoolConfigs', entry.configs.length], esrc);
      entry.configs.push(cfg);
      return;
    }
    const poolId = names.userPool(pool);
    if (!this.pools.has(poolId)) {
      this.pools.set(poolId, pool);
      this.c.add(poolId, { Type: 'AWS::Cognito::UserPool', DependsOn: [], Properties: { UserPoolName: pool, LambdaConfig: {} } }, esrc);
    }
    const resource = this.c.resources[poolId] as JsonObject;
    const props = resource['Properties'] as JsonObject;
    const lc = props['LambdaConfig'] as JsonObject;
    if (isSender) {
      lc[trigger] = { LambdaArn: getAtt(fn.logicalId, 'Arn'), LambdaVersion: 'V1_0' };
      if (present(ev['kmsKeyId'])) lc['KMSKeyID'] = ev['kmsKeyId'];
    } else lc[trigger] = getAtt(fn.logicalId, 'Arn');
    this.c.mount(['Resources', poolId, 'Properties', 'LambdaConfig', trigger], esrc);
    const deps = resource['DependsOn'] as JsonValue[];
    if (!deps.includes(fn.logicalId)) deps.push(fn.logicalId);
    this.c.add(names.userPoolPermission(fn.key, poolId, trigger), permission(getAtt(fn.logicalId, 'Arn'), 'cognito-idp.amazonaws.com', { SourceArn: getAtt(poolId, 'Arn') }), esrc);
    void vsrc;
  }

  private compileIot(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
    const ev = asObject(value) ?? {};
    const ruleId = names.iotRule(fn.key, n);
    const payload: JsonObject = { RuleDisabled: ev['enabled'] === false, Sql: ev['sql'] ?? null, Actions: [{ Lambda: { FunctionArn: fn.invokeArn } }] };
    if (present(ev['sqlVersion'])) payload['AwsIotSqlVersion'] = ev['sqlVersion'];
    if (present(ev['description'])) payload['Description'] = ev['description'];
    const props: JsonObject = { TopicRulePayload: payload };
    if (present(ev['name'])) props['RuleName'] = ev['name'];
    this.c.add(ruleId, { Type: 'AWS::IoT::TopicRule', Properties: props }, esrc);
    this.c.add(
      names.iotPermission(fn.key, n),
      permission(fn.invokeArn, 'iot.amazonaws.com', { SourceArn: join('', ['arn:', ref('AWS::Partition'), ':iot:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':rule/', ref(ruleId)]) }),
      esrc,
    );
    void vsrc;
  }

  private compileIotFleet(fn: FunctionInfo, value: JsonValue, esrc: DocPath): void {
    const ev = asObject(value) ?? {};
    const id = `${normalizeFunctionName(fn.key)}IotProvisioningTemplate`;
    this.c.add(
      id,
      {
        Type: 'AWS::IoT::ProvisioningTemplate',
        Properties: {
          PreProvisioningHook: { TargetArn: getAtt(fn.logicalId, 'Arn'), PayloadVersion: '2020-04-01' },
          ProvisioningRoleArn: ev['provisioningRoleArn'] ?? null,
          TemplateBody: JSON.stringify(ev['templateBody'] ?? {}),
          Enabled: ev['enabled'] ?? true,
        },
      },
      esrc,
    );
    this.c.add(`${normalizeFunctionName(fn.key)}LambdaPermissionIotProvisioningTemplate`, permission(getAtt(fn.logicalId, 'Arn'), 'iot.amazonaws.com', {}), esrc);
  }

  private compileAlexa(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number, kind: 'skill' | 'smartHome'): void {
    const appId = typeof value === 'string' ? value : asObject(value)?.['appId'];
    const enabled = asObject(value)?.['enabled'] !== false;
    if (!present(appId)) {
      this.c.diag(
        'warning',
        'sls-event-invalid',
        `${kind === 'skill' ? 'alexaSkill' : 'alexaSmartHome'} event of function '${fn.key}' has no appId; the framework creates no permission for it`,
        esrc,
      );
      return;
    }
    const id = kind === 'skill' ? names.alexaSkillPermission(fn.key, n) : names.alexaSmartHomePermission(fn.key, n);
    this.c.add(
      id,
      permission(fn.invokeArn, kind === 'skill' ? 'alexa-appkit.amazonaws.com' : 'alexa-connectedhome.amazonaws.com', {
        Action: enabled ? 'lambda:InvokeFunction' : 'lambda:DisableInvokeFunction',
        EventSourceToken: appId,
      }),
      esrc,
    );
    void vsrc;
  }

  private compileAlb(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev = asObject(value) ?? {};
    const listenerArn = ev['listenerArn'];
    const priority = String(ev['priority'] ?? '1');
    if (!present(listenerArn)) {
      this.c.diag('warning', 'sls-event-invalid', `alb event of function '${fn.key}' has no listenerArn; ignored`, esrc);
      return;
    }
    let albId = 'Alb';
    if (typeof listenerArn === 'string') {
      const m = /listener\/app\/[^/]+\/([^/]+)\//.exec(listenerArn);
      if (m) albId = m[1]!;
    } else albId = alphaNumeric(nameFromArn(listenerArn, 'generic'));
    const tgId = names.albTargetGroup(fn.key, albId);
    if (!this.c.resources[tgId]) {
      this.c.add(
        tgId,
        {
          Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
          DependsOn: [names.albPermission(fn.key)],
          Properties: {
            TargetType: 'lambda',
            Targets: [{ Id: getAtt(fn.logicalId, 'Arn') }],
            Name: ev['targetGroupName'] ?? shortHash([this.c.prefix, fn.key, albId], 32),
            ...(ev['multiValueHeaders'] === true ? { TargetGroupAttributes: [{ Key: 'lambda.multi_value_headers.enabled', Value: true }] } : {}),
          },
        },
        esrc,
      );
    }
    const cond = asObject(ev['conditions']) ?? {};
    const conditions: JsonValue[] = [];
    if (present(cond['path'])) conditions.push({ Field: 'path-pattern', Values: asArray(cond['path']) });
    if (present(cond['host'])) conditions.push({ Field: 'host-header', Values: asArray(cond['host']) });
    if (present(cond['method'])) conditions.push({ Field: 'http-request-method', HttpRequestMethodConfig: { Values: asArray(cond['method']) } });
    if (present(cond['ip'])) conditions.push({ Field: 'source-ip', SourceIpConfig: { Values: asArray(cond['ip']) } });
    const header = asObject(cond['header']);
    if (header) conditions.push({ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: header['name'] ?? null, Values: asArray(header['values']) } });
    const query = asObject(cond['query']);
    if (query) conditions.push({ Field: 'query-string', QueryStringConfig: { Values: Object.entries(query).map(([Key, Value]) => ({ Key, Value })) } });
    this.c.add(
      names.albListenerRule(fn.key, priority),
      {
        Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
        Properties: { Actions: [{ Type: 'forward', TargetGroupArn: ref(tgId) }], Conditions: conditions, ListenerArn: listenerArn, Priority: ev['priority'] ?? 1 },
      },
      esrc,
    );
    const permId = names.albPermission(fn.key);
    if (!this.c.resources[permId]) this.c.add(permId, permission(getAtt(fn.logicalId, 'Arn'), 'elasticloadbalancing.amazonaws.com', {}), esrc);
    void vsrc;
  }

  private compileCloudFront(fn: FunctionInfo, value: JsonValue, vsrc: DocPath, esrc: DocPath): void {
    const ev = asObject(value) ?? {};
    this.c.extraAssumeServices.add('edgelambda.amazonaws.com');
    // Lambda@Edge writes its logs in every region it runs in.
    this.c.addEventStatement(
      fn,
      { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:TagResource'], Resource: [sub('arn:${AWS::Partition}:logs:*:*:*')] },
      esrc,
    );
    const versionRef: JsonValue = { Ref: `${fn.logicalId.replace(/LambdaFunction$/, '')}LambdaVersion` };
    const versionId = Object.keys(this.c.resources).find((k) => k.startsWith(`${normalizeFunctionName(fn.key)}LambdaVersion`));
    const fnVersion: JsonValue = versionId ? ref(versionId) : versionRef;
    if (!this.cloudFront) {
      this.cloudFront = this.c.add(
        names.cloudFrontDistribution,
        {
          Type: 'AWS::CloudFront::Distribution',
          Properties: { DistributionConfig: { Comment: `${this.c.service} ${this.c.stage}`, Enabled: true, DefaultCacheBehavior: { ViewerProtocolPolicy: 'allow-all', TargetOriginId: 'origin', LambdaFunctionAssociations: [] }, Origins: [] } },
        },
        esrc,
      );
    }
    const dc = (this.cloudFront['Properties'] as JsonObject)['DistributionConfig'] as JsonObject;
    const behavior = dc['DefaultCacheBehavior'] as JsonObject;
    (behavior['LambdaFunctionAssociations'] as JsonValue[]).push({ EventType: ev['eventType'] ?? 'viewer-request', LambdaFunctionARN: fnVersion });
    const origin = ev['origin'];
    if (typeof origin === 'string') {
      const host = origin.replace(/^https?:\/\//, '').split('/')[0]!;
      (dc['Origins'] as JsonValue[]).push({ DomainName: host, CustomOriginConfig: { OriginProtocolPolicy: 'match-viewer' }, Id: `custom/${host}` });
      behavior['TargetOriginId'] = `custom/${host}`;
    } else if (isObject(origin)) (dc['Origins'] as JsonValue[]).push(origin);
    const permId = names.cloudFrontPermission(fn.key);
    if (!this.c.resources[permId]) {
      this.c.add(
        permId,
        permission(fnVersion, 'edgelambda.amazonaws.com', {
          SourceArn: join('', ['', 'arn:', ref('AWS::Partition'), ':cloudfront::', ref('AWS::AccountId'), ':distribution/', ref(names.cloudFrontDistribution)]),
        }),
        esrc,
      );
    }
    void vsrc;
  }
}

/** provider.s3 bucket settings use camelCase keys for the CloudFormation PascalCase properties. */
function pascalKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(pascalKeys);
  if (isObject(v) && !isIntrinsic(v)) {
    const o: JsonObject = {};
    for (const [k, x] of Object.entries(v as JsonObject)) o[upperFirst(k)] = pascalKeys(x);
    return o;
  }
  return v;
}

export function isMarker(v: JsonValue | undefined): boolean {
  return typeof v === 'string' && hasUnresolvedMarker(v);
}
