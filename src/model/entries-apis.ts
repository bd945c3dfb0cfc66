/**
 * HTTP entry points: function URLs, REST APIs and HTTP APIs (routes, authorizers, resource
 * policies, CORS).
 */
import type { AuthInfo, CorsConfig, FunctionNode, Maybe, Principal, ResourceNode, SourceLocation, ThrottleSettings } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import { principalFromPermission, principalFromResourcePolicy, toPolicyDocument, weakest } from './policy.js';
import { maybeNumber, type ModelBuilder, type Stack, type StackResource } from './builder.js';
import type { Draft, ServiceDraft } from './entries-draft.js';
import { serviceIntegration } from './entries-services.js';
import { methodValidation, operationValidation } from './request-validation.js';

export function functionUrls(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::Lambda::Url')) {
    const fn = b.findFunction(r.props['TargetFunctionArn'], s, r.logicalId);
    if (!fn) continue;
    const authRaw = r.props['AuthType'];
    const authType: Maybe<'NONE' | 'AWS_IAM'> = authRaw === 'NONE' || authRaw === 'AWS_IAM' ? authRaw : isUnresolved(authRaw) ? authRaw : unresolved(`AuthType ${JSON.stringify(authRaw)} is not NONE or AWS_IAM`);
    const authLoc = b.locate(s, [...r.path, 'AuthType']);
    fn.url = {
      authType,
      cors: corsFromConfig(r.props['Cors'], b.locate(s, [...r.path, 'Cors'])),
      invokeMode: r.props['InvokeMode'] === 'RESPONSE_STREAM' ? 'RESPONSE_STREAM' : 'BUFFERED',
      resourceId: b.ids.id(s, r.logicalId),
      location: b.locate(s, ['Resources', r.logicalId]),
      authTypeLocation: authLoc,
    };
    let principal: Principal;
    let auth: AuthInfo;
    const native = typeof r.metadata['nightlight:native'] === 'string' ? (r.metadata['nightlight:native'] as string) : null;
    const internal = r.metadata['nightlight:internal-only'];
    const easyAuth = typeof r.metadata['nightlight:easy-auth'] === 'string' ? (r.metadata['nightlight:easy-auth'] as string) : null;
    const keyAuth = typeof r.metadata['nightlight:key-auth'] === 'string' ? (r.metadata['nightlight:key-auth'] as string) : null;
    const tenant = r.metadata['nightlight:entra-tenant'];
    const netNote = typeof r.metadata['nightlight:network-note'] === 'string' ? `; ${r.metadata['nightlight:network-note'] as string}` : '';
    if (internal !== undefined && authType !== 'AWS_IAM') {
      // Google ingress ALLOW_INTERNAL_ONLY, Azure private endpoints or access restrictions: only the
      // project's / subscription's networks reach the endpoint, whoever the invoker IAM admits.
      const why = fn.cloud === 'azure' ? String(internal) : `ingress ${String(internal)}: the project's networks only`;
      principal = internal === 'unresolved' ? { kind: 'unresolved', detail: 'ingress setting not known statically' } : { kind: 'same-account', detail: why };
      auth = keyAuth ? { kind: 'api-key', native: native ?? `authLevel ${keyAuth}` } : easyAuth ? { kind: tenant === undefined ? 'jwt' : 'iam', native: easyAuth } : authType === 'NONE' ? { kind: 'none', native: native ?? undefined } : { kind: 'iam' };
      if (auth.native === undefined) delete auth.native;
    } else if (authType === 'NONE' && easyAuth && tenant !== undefined) {
      // Azure Easy Auth with Entra ID only: identities of the tenant (one organization: its users,
      // apps and managed identities), any Entra ID tenant (multi-tenant endpoint), or not known.
      principal =
        tenant === 'one'
          ? { kind: 'same-account', detail: `Entra ID identities of the tenant${netNote}`, native: 'Entra ID identities of the tenant' }
          : tenant === 'any'
            ? { kind: 'any-aws-account', detail: `any Entra ID tenant (multi-tenant sign-in)${netNote}`, native: 'any Entra ID tenant' }
            : { kind: 'unresolved', detail: 'the Entra ID tenant of Easy Auth is not known statically' };
      auth = { kind: 'iam', native: easyAuth };
    } else if (authType === 'NONE' && easyAuth) {
      // Azure Easy Auth with an identity provider anyone can sign up to
      principal = { kind: 'authenticated-users', detail: `${easyAuth}${netNote}`, native: 'signed-in users' };
      auth = { kind: 'jwt', native: easyAuth };
    } else if (authType === 'NONE' && keyAuth) {
      // Azure authLevel function / admin: a shared key, like an API key
      principal = { kind: 'public', detail: `anyone holding the ${keyAuth}${netNote}`, native: `${keyAuth} holders` };
      auth = { kind: 'api-key', native: native ?? `authLevel ${keyAuth}` };
    } else if (authType === 'NONE') {
      principal = fn.cloud ? { kind: 'public', detail: `${native ?? 'HTTPS endpoint'} with no authentication${netNote}` } : { kind: 'public', detail: 'function URL with AuthType NONE' };
      auth = { kind: 'none' };
      if (native) auth.native = native;
    } else if (authType === 'AWS_IAM') {
      principal = { kind: 'same-account', detail: 'IAM principals of this account' };
      for (const p of fn.permissions) {
        if (isUnresolved(p.action) || !/InvokeFunctionUrl|lambda:\*|^\*$/.test(p.action)) continue;
        const pp = principalFromPermission(p.principal, p.sourceArn, p.sourceAccount, p.principalOrgId, b.accountId);
        principal = weakest(principal, pp.kind === 'public' ? { kind: 'any-aws-account', detail: 'any AWS account (IAM-signed requests)' } : pp);
      }
      const anyAccount = r.metadata['nightlight:any-account'];
      if (typeof anyAccount === 'string') principal = weakest(principal, { kind: 'any-aws-account', detail: `any Google account: ${anyAccount}`, native: 'allAuthenticatedUsers' });
      auth = { kind: 'iam' };
    } else {
      principal = { kind: 'unresolved', detail: authType.reason };
      auth = { kind: 'unresolved', reason: authType.reason };
    }
    out.push({ kind: 'function-url', source: null, label: fn.cloud ? `HTTPS endpoint of ${fn.id}` : `URL of ${fn.id}`, principal, auth, target: fn, location: authLoc });
  }
}

// --- REST APIs ------------------------------------------------------------------------------

interface ApiContext {
  node: ResourceNode | null;
  source: string;
  private: boolean;
  policyPrincipal: Principal | null;
  stack: Stack;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'];

function methodName(m: string): string {
  return m === 'x-amazon-apigateway-any-method' ? 'ANY' : m.toUpperCase();
}

function restContext(b: ModelBuilder, s: Stack, r: StackResource): ApiContext {
  const node = b.resourceByLogical(s, r.logicalId);
  const endpoint = asObject(r.props['EndpointConfiguration'] as never);
  const types = endpoint['Types'];
  const isPrivate = Array.isArray(types) && types.includes('PRIVATE');
  if (node) node.attributes.endpointType = Array.isArray(types) && typeof types[0] === 'string' ? types[0] : 'EDGE';
  const body = asObject(r.props['Body'] as never) as RObject;
  const policyRaw = r.props['Policy'] ?? body['x-amazon-apigateway-policy'];
  let policyPrincipal: Principal | null = null;
  // `Policy: ""` is how `serverless package` writes "no resource policy".
  if (policyRaw !== undefined && policyRaw !== '' && policyRaw !== null) {
    const doc = toPolicyDocument(policyRaw as RValue, [...r.path, r.props['Policy'] !== undefined ? 'Policy' : 'Body'], (p) => b.locate(s, p));
    if (node) node.policy = doc;
    policyPrincipal = principalFromResourcePolicy(doc, ['execute-api:Invoke'], b.accountId);
  }
  if (node) node.attributes.disableExecuteApiEndpoint = r.props['DisableExecuteApiEndpoint'] === true;
  return { node, source: node?.id ?? r.logicalId, private: isPrivate, policyPrincipal, stack: s };
}

/** Principal of a REST/HTTP route from its auth and the API's endpoint type and resource policy. */
function routePrincipal(auth: AuthInfo, api: ApiContext): Principal {
  let p: Principal;
  switch (auth.kind) {
    case 'none':
    case 'api-key':
      p = { kind: 'public', detail: auth.kind === 'api-key' ? 'anyone holding an API key' : 'no authorizer' };
      break;
    case 'iam':
      p = { kind: 'same-account', detail: 'IAM principals allowed execute-api:Invoke' };
      break;
    case 'cognito':
    case 'jwt':
    case 'lambda-authorizer':
      p = { kind: 'authenticated-users', detail: auth.authorizer ? `authorizer ${auth.authorizer}` : auth.kind };
      break;
    case 'resource-policy':
      // Set only when the API's resource policy admits less than anyone: the callers it names.
      p = api.policyPrincipal ? { ...api.policyPrincipal, detail: `resource policy: ${api.policyPrincipal.detail ?? api.policyPrincipal.kind}` } : { kind: 'unresolved', detail: 'resource policy could not be read' };
      break;
    default:
      p = { kind: 'unresolved', detail: auth.reason ?? 'authorization could not be resolved' };
  }
  if (api.private) {
    // A private endpoint is only reachable through VPC endpoints; its resource policy says which.
    if (p.kind === 'public') p = { kind: 'same-account', detail: 'private API (VPC endpoints only)' };
    return p;
  }
  if (api.policyPrincipal) {
    const pol = api.policyPrincipal;
    if (auth.kind === 'iam') return pol.kind === 'public' ? { kind: 'any-aws-account', detail: 'resource policy allows any AWS account' } : weakest(p, pol);
    if (p.kind === 'public' && pol.kind !== 'public') return { ...pol, detail: `resource policy: ${pol.detail ?? pol.kind}` };
  }
  return p;
}

interface SecurityScheme {
  kind: AuthInfo['kind'];
  name: string;
}

function schemesOf(body: RObject): Map<string, SecurityScheme> {
  const defs = {
    ...(asObject(body['securityDefinitions'] as never) as RObject),
    ...(asObject(asObject(body['components'] as never)['securitySchemes'] as never) as RObject),
  };
  const out = new Map<string, SecurityScheme>();
  for (const [name, raw] of Object.entries(defs)) {
    const d = asObject(raw as never) as RObject;
    const authtype = String(d['x-amazon-apigateway-authtype'] ?? '').toLowerCase();
    const authorizer = asObject(d['x-amazon-apigateway-authorizer'] as never) as RObject;
    const atype = String(authorizer['type'] ?? '').toLowerCase();
    let kind: AuthInfo['kind'];
    if (authtype === 'cognito_user_pools' || atype === 'cognito_user_pools') kind = 'cognito';
    else if (atype === 'jwt') kind = 'jwt';
    else if (authtype === 'awssigv4' || authtype === 'aws_iam') kind = 'iam';
    else if (authtype === 'custom' || atype === 'token' || atype === 'request') kind = 'lambda-authorizer';
    else if (d['type'] === 'apiKey') kind = 'api-key';
    else if (d['type'] === 'oauth2' || d['type'] === 'openIdConnect') kind = 'jwt';
    else kind = 'unresolved';
    out.set(name, { kind, name });
  }
  return out;
}

/**
 * OpenAPI `security` as API Gateway applies it: one authorizer per method (the first non-API-key
 * scheme listed) plus an API key requirement when `api_key`-type schemes appear anywhere. (API
 * Gateway does not implement OpenAPI's OR between requirement objects; the SAM translator relies
 * on that, emitting `[{AWS_IAM: []}, {api_key: []}]` for IAM plus API key.)
 */
function authFromSecurity(security: RValue | undefined, schemes: Map<string, SecurityScheme>): AuthInfo {
  if (security === undefined || security === null) return { kind: 'none' };
  if (isUnresolved(security) || !Array.isArray(security)) return { kind: 'unresolved', reason: 'security requirement could not be resolved' };
  let auth: AuthInfo | null = null;
  let apiKey = false;
  for (const alt of security) {
    const req = asObject(alt as never);
    for (const n of Object.keys(req)) {
      if (n === 'NONE') continue;
      const sch = schemes.get(n) ?? (n === 'AWS_IAM' ? { kind: 'iam' as const, name: n } : n === 'api_key' ? { kind: 'api-key' as const, name: n } : { kind: 'unresolved' as const, name: n });
      if (sch.kind === 'api-key') {
        apiKey = true;
        continue;
      }
      if (auth) continue;
      auth = { kind: sch.kind, authorizer: n };
      const scopes = req[n];
      if (Array.isArray(scopes) && scopes.length) auth.scopes = scopes.filter((x): x is string => typeof x === 'string');
      if (sch.kind === 'unresolved') auth.reason = `security scheme ${n} is not defined`;
    }
  }
  if (!auth) return apiKey ? { kind: 'api-key', apiKeyRequired: true } : { kind: 'none' };
  if (apiKey) auth.apiKeyRequired = true;
  return auth;
}

function integrationTarget(b: ModelBuilder, s: Stack, r: StackResource, op: RObject): FunctionNode | null {
  const integ = asObject(op['x-amazon-apigateway-integration'] as never) as RObject;
  const uri = integ['uri'] ?? integ['Uri'];
  return b.findFunction(uri as RValue, s, r.logicalId);
}

function routesFromBody(b: ModelBuilder, s: Stack, r: StackResource, kind: 'rest-api-method' | 'http-api-route', api: ApiContext, out: Draft[], services: ServiceDraft[]): void {
  const bodyRaw = r.props['Body'];
  if (bodyRaw === undefined) return;
  if (isUnresolved(bodyRaw)) {
    const loc = b.locate(s, [...r.path, 'Body']);
    b.diagnostics.push({ level: 'warning', code: 'unresolved-api-definition', message: `${loc.file}:${loc.line}: the definition of API ${r.logicalId} could not be read (${bodyRaw.reason}); its routes are derived from Lambda permissions with unresolved auth`, location: loc });
    return;
  }
  const body = asObject(bodyRaw as never) as RObject;
  if (api.node) {
    const cors = kind === 'http-api-route' ? corsFromConfig(body['x-amazon-apigateway-cors'], b.locate(s, [...r.path, 'Body', 'x-amazon-apigateway-cors'])) : corsFromPreflights(body, b.locate(s, [...r.path, 'Body']));
    if (cors) api.node.attributes.cors = mergeCors(api.node.attributes.cors ?? null, cors);
  }
  const schemes = schemesOf(body);
  const defaultSecurity = body['security'];
  const paths = asObject(body['paths'] as never) as RObject;
  for (const [path, itemRaw] of Object.entries(paths)) {
    const item = asObject(itemRaw as never) as RObject;
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (op === undefined) continue;
      const opObj = asObject(op as never) as RObject;
      const fn = integrationTarget(b, s, r, opObj);
      const other = fn ? null : serviceIntegration(b, s, asObject(opObj['x-amazon-apigateway-integration'] as never) as RObject, methodName(m));
      if (!fn && !other) continue;
      let auth = authFromSecurity(opObj['security'] ?? defaultSecurity, schemes);
      if (auth.kind === 'none' && api.policyPrincipal && api.policyPrincipal.kind !== 'public') auth = { kind: 'resource-policy' };
      const method = methodName(m);
      const opPath = [...r.path, 'Body', 'paths', path, m];
      if (!fn) {
        services.push({ kind, api: api.node, source: api.source, label: `${method} ${path}`, method, path, principal: routePrincipal(auth, api), auth, ...other!, location: b.locate(s, opPath) });
        continue;
      }
      out.push({
        kind,
        source: api.source,
        label: `${method} ${path}`,
        method,
        path,
        principal: routePrincipal(auth, api),
        auth,
        target: fn,
        location: b.locate(s, opPath),
        ...(kind === 'rest-api-method' ? { request: operationValidation(b, s, body, item, opObj, opPath, [...r.path, 'Body']) } : {}),
      });
    }
  }
}

export function restApis(b: ModelBuilder, out: Draft[], services: ServiceDraft[]): void {
  const contexts = new Map<string, ApiContext>();
  for (const [s, r] of b.ofType('AWS::ApiGateway::RestApi')) {
    const api = restContext(b, s, r);
    contexts.set(`${s.template.file}#${r.logicalId}`, api);
    routesFromBody(b, s, r, 'rest-api-method', api, out, services);
  }
  // Stages and usage plans: throttling on the API node; per-method settings on the routes they name
  // (applied once every method is known, below).
  const methodThrottles: { api: string; path: string; method: string; throttle: ThrottleSettings }[] = [];
  for (const [s, r] of b.ofType('AWS::ApiGateway::Stage')) {
    const api = findApi(b, s, r.props['RestApiId'], REST);
    if (!api) continue;
    const settings = Array.isArray(r.props['MethodSettings']) ? (r.props['MethodSettings'] as RValue[]) : [];
    for (const [i, ms] of settings.entries()) {
      const o = asObject(ms as never) as RObject;
      if (o['ThrottlingRateLimit'] === undefined && o['ThrottlingBurstLimit'] === undefined) continue;
      const throttle: ThrottleSettings = {
        rateLimit: o['ThrottlingRateLimit'] === undefined ? null : maybeNumber(o['ThrottlingRateLimit'] as RValue, 0),
        burstLimit: o['ThrottlingBurstLimit'] === undefined ? null : maybeNumber(o['ThrottlingBurstLimit'] as RValue, 0),
        location: b.locate(s, [...r.path, 'MethodSettings', i]),
      };
      const path = typeof o['ResourcePath'] === 'string' ? (o['ResourcePath'] as string) : '/*';
      const method = typeof o['HttpMethod'] === 'string' ? (o['HttpMethod'] as string).toUpperCase() : '*';
      if (path === '/*' && method === '*') api.attributes.throttle = throttle;
      // ResourcePath is `/` then the resource path with `/` escaped as `~1` and `~` as `~0` (JSON
      // Pointer): `/~1orders` is /orders, `/~1` is the root.
      else methodThrottles.push({ api: api.id, path: path === '/*' ? '*' : path.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~'), method, throttle });
    }
  }
  for (const [s, r] of b.ofType('AWS::ApiGateway::UsagePlan')) {
    const stages = Array.isArray(r.props['ApiStages']) ? (r.props['ApiStages'] as RValue[]) : [];
    const t = asObject(r.props['Throttle'] as never) as RObject;
    const q = asObject(r.props['Quota'] as never) as RObject;
    for (const st of stages) {
      const api = findApi(b, s, (asObject(st as never) as RObject)['ApiId'], REST);
      if (!api) continue;
      (api.attributes.usagePlans ??= []).push({
        throttle: r.props['Throttle'] === undefined ? null : { rateLimit: t['RateLimit'] === undefined ? null : maybeNumber(t['RateLimit'] as RValue, 0), burstLimit: t['BurstLimit'] === undefined ? null : maybeNumber(t['BurstLimit'] as RValue, 0), location: b.locate(s, [...r.path, 'Throttle']) },
        quotaLimit: q['Limit'] === undefined ? null : maybeNumber(q['Limit'] as RValue, 0),
        period: typeof q['Period'] === 'string' ? (q['Period'] as string) : null,
      });
    }
  }
  // Methods declared as resources.
  const authorizers = new Map<string, { kind: AuthInfo['kind']; name: string }>();
  for (const [s, r] of b.ofType('AWS::ApiGateway::Authorizer')) {
    const t = String(r.props['Type'] ?? '').toUpperCase();
    authorizers.set(`${s.template.file}#${r.logicalId}`, { kind: t === 'COGNITO_USER_POOLS' ? 'cognito' : t === 'TOKEN' || t === 'REQUEST' ? 'lambda-authorizer' : 'unresolved', name: r.logicalId });
    const name = s.resolver.physicalName(r.logicalId);
    if (typeof name === 'string') authorizers.set(`${s.template.file}#${name}`, authorizers.get(`${s.template.file}#${r.logicalId}`)!);
  }
  for (const [s, r] of b.ofType('AWS::ApiGateway::Method')) {
    const p = r.props;
    const integ = asObject(p['Integration'] as never) as RObject;
    if (String(p['HttpMethod']).toUpperCase() === 'OPTIONS') {
      const api = findApi(b, s, p['RestApiId'], REST);
      const responses = Array.isArray(integ['IntegrationResponses']) ? (integ['IntegrationResponses'] as RValue[]) : [];
      for (const resp of responses) {
        const cors = corsFromHeaders(asObject((asObject(resp as never) as RObject)['ResponseParameters'] as never) as RObject, b.locate(s, ['Resources', r.logicalId]));
        if (api && cors) api.attributes.cors = mergeCors(api.attributes.cors ?? null, cors);
      }
    }
    const fn = b.findFunction(integ['Uri'] as RValue, s, r.logicalId);
    const other = fn || String(p['HttpMethod']).toUpperCase() === 'OPTIONS' ? null : serviceIntegration(b, s, integ, String(p['HttpMethod'] ?? 'ANY').toUpperCase());
    if (!fn && !other) continue;
    const apiRef = p['RestApiId'];
    const apiLogical = findLogicalByName(s, 'AWS::ApiGateway::RestApi', apiRef);
    const api = (apiLogical && contexts.get(`${s.template.file}#${apiLogical}`)) || { node: null, source: typeof apiRef === 'string' ? apiRef : 'unknown-api', private: false, policyPrincipal: null, stack: s };
    const method = String(p['HttpMethod'] ?? 'ANY').toUpperCase();
    const path = resourcePath(s, p['ResourceId']);
    const at = String(isUnresolved(p['AuthorizationType']) ? 'UNRESOLVED' : (p['AuthorizationType'] ?? 'NONE')).toUpperCase();
    let auth: AuthInfo;
    if (at === 'NONE') auth = { kind: 'none' };
    else if (at === 'AWS_IAM') auth = { kind: 'iam' };
    else if (at === 'COGNITO_USER_POOLS' || at === 'CUSTOM') {
      const az = typeof p['AuthorizerId'] === 'string' ? authorizers.get(`${s.template.file}#${p['AuthorizerId']}`) : undefined;
      auth = { kind: at === 'CUSTOM' ? 'lambda-authorizer' : 'cognito', ...(az ? { authorizer: az.name } : {}) };
    } else auth = { kind: 'unresolved', reason: `AuthorizationType ${at}` };
    if (p['ApiKeyRequired'] === true || p['ApiKeyRequired'] === 'true') {
      if (auth.kind === 'none') auth = { kind: 'api-key', apiKeyRequired: true };
      else auth.apiKeyRequired = true;
    }
    if (auth.kind === 'none' && api.policyPrincipal && api.policyPrincipal.kind !== 'public') auth = { kind: 'resource-policy' };
    const location = b.locate(s, p['AuthorizationType'] !== undefined ? [...r.path, 'AuthorizationType'] : ['Resources', r.logicalId]);
    if (!fn) {
      services.push({ kind: 'rest-api-method', api: api.node, source: api.source, label: `${method} ${path}`, method, path, principal: routePrincipal(auth, api), auth, ...other!, location });
      continue;
    }
    out.push({
      kind: 'rest-api-method',
      source: api.source,
      label: `${method} ${path}`,
      method,
      path,
      principal: routePrincipal(auth, api),
      auth,
      target: fn,
      location: b.locate(s, p['AuthorizationType'] !== undefined ? [...r.path, 'AuthorizationType'] : ['Resources', r.logicalId]),
      request: methodValidation(b, s, r),
    });
  }
  // A method setting for one path (or every path, `/*`) and method (or `*`) throttles those routes;
  // the most specific setting wins, as in API Gateway.
  for (const d of out) {
    if (d.kind !== 'rest-api-method' || d.throttle) continue;
    const node = findApi(b, b.stackOf(d.target), d.source, REST);
    const match = methodThrottles
      .filter((m) => m.api === (node?.id ?? d.source) && (m.path === '*' || m.path === d.path) && (m.method === '*' || m.method === d.method))
      .sort((x, y) => Number(y.path !== '*') - Number(x.path !== '*') || Number(y.method !== '*') - Number(x.method !== '*'))[0];
    if (match) d.throttle = match.throttle;
  }
}

const REST: readonly ResourceNode['kind'][] = ['rest-api'];
const V2: readonly ResourceNode['kind'][] = ['http-api', 'websocket-api'];

/**
 * The API a RestApiId/ApiId of stack `s` names: by identity, else by name or logical id in `s`,
 * among APIs of `kinds` (a REST API and an HTTP API may share a name: the Serverless Framework
 * names both `<stage>-<service>`).
 */
export function findApi(b: ModelBuilder, s: Stack, ref: RValue | undefined, kinds: readonly ResourceNode['kind'][] = [...REST, ...V2]): ResourceNode | null {
  if (isUnresolved(ref)) return ref.ref === undefined ? null : b.resourceByLogical(s, ref.ref);
  if (typeof ref !== 'string') return null;
  return apisOf(b, s.template.file).find((n) => kinds.includes(n.kind) && (n.name === ref || n.logicalId === ref)) ?? null;
}

const API_KINDS: ReadonlySet<ResourceNode['kind']> = new Set([...REST, ...V2]);
/** Per builder, the API nodes of each stack in node order (nodes are only appended: remade when more were). */
const apiIndex = new WeakMap<ModelBuilder, { nodes: number; byStack: Map<string, ResourceNode[]> }>();

/** The API nodes of one stack: each permission of a function asks (a walk over every node was quadratic). */
function apisOf(b: ModelBuilder, stack: string): readonly ResourceNode[] {
  let index = apiIndex.get(b);
  if (index === undefined || index.nodes !== b.resourceNodes.length) {
    const byStack = new Map<string, ResourceNode[]>();
    for (const n of b.resourceNodes) {
      if (!API_KINDS.has(n.kind)) continue;
      const list = byStack.get(n.stack);
      if (list) list.push(n);
      else byStack.set(n.stack, [n]);
    }
    apiIndex.set(b, (index = { nodes: b.resourceNodes.length, byStack }));
  }
  return index.byStack.get(stack) ?? [];
}

function findLogicalByName(s: Stack, type: string, ref: RValue | undefined): string | null {
  if (isUnresolved(ref)) return ref.ref !== undefined && s.resources.get(ref.ref)?.type === type ? ref.ref : null;
  if (typeof ref !== 'string') return null;
  for (const r of s.resources.values()) if (r.type === type && (s.resolver.physicalName(r.logicalId) === ref || r.logicalId === ref)) return r.logicalId;
  return null;
}

/** Builds `/a/b/{id}` from an AWS::ApiGateway::Resource chain. */
function resourcePath(s: Stack, ref: RValue | undefined, depth = 0): string {
  if ((typeof ref !== 'string' && !isUnresolved(ref)) || depth > 32) return '/';
  if (typeof ref === 'string' && ref.endsWith('-root')) return '/';
  const logical = findLogicalByName(s, 'AWS::ApiGateway::Resource', ref);
  if (!logical) return '/';
  const r = s.resources.get(logical)!;
  const parent = resourcePath(s, r.props['ParentId'], depth + 1);
  const part = typeof r.props['PathPart'] === 'string' ? (r.props['PathPart'] as string) : '*';
  return `${parent === '/' ? '' : parent}/${part}`;
}

// --- HTTP and WebSocket APIs ------------------------------------------------------------------

export function httpApis(b: ModelBuilder, out: Draft[], services: ServiceDraft[]): void {
  const contexts = new Map<string, ApiContext>();
  for (const [s, r] of b.ofType('AWS::ApiGatewayV2::Api')) {
    const node = b.resourceByLogical(s, r.logicalId);
    const api: ApiContext = { node, source: node?.id ?? r.logicalId, private: false, policyPrincipal: null, stack: s };
    contexts.set(`${s.template.file}#${r.logicalId}`, api);
    if (node) node.attributes.disableExecuteApiEndpoint = r.props['DisableExecuteApiEndpoint'] === true;
    if (node && r.props['CorsConfiguration'] !== undefined) node.attributes.cors = corsFromConfig(r.props['CorsConfiguration'], b.locate(s, [...r.path, 'CorsConfiguration']));
    routesFromBody(b, s, r, 'http-api-route', api, out, services);
    // Quick create: `Target` routes every request to one function.
    const fn = b.findFunction(r.props['Target'], s, r.logicalId);
    if (fn) out.push({ kind: 'http-api-route', source: api.source, label: '$default', path: '$default', method: 'ANY', principal: { kind: 'public', detail: 'no authorizer' }, auth: { kind: 'none' }, target: fn, location: b.locate(s, [...r.path, 'Target']) });
  }
  for (const [s, r] of b.ofType('AWS::ApiGatewayV2::Stage')) {
    const api = findApi(b, s, r.props['ApiId'], V2);
    if (!api) continue;
    const d = asObject(r.props['DefaultRouteSettings'] as never) as RObject;
    if (d['ThrottlingRateLimit'] !== undefined || d['ThrottlingBurstLimit'] !== undefined) {
      api.attributes.throttle = {
        rateLimit: d['ThrottlingRateLimit'] === undefined ? null : maybeNumber(d['ThrottlingRateLimit'] as RValue, 0),
        burstLimit: d['ThrottlingBurstLimit'] === undefined ? null : maybeNumber(d['ThrottlingBurstLimit'] as RValue, 0),
        location: b.locate(s, [...r.path, 'DefaultRouteSettings']),
      };
    }
  }
  const integrations = new Map<string, FunctionNode>();
  const others = new Map<string, NonNullable<ReturnType<typeof serviceIntegration>>>();
  for (const [s, r] of b.ofType('AWS::ApiGatewayV2::Integration')) {
    const fn = b.findFunction(r.props['IntegrationUri'], s, r.logicalId);
    const other = fn ? null : serviceIntegration(b, s, r.props as RObject, null);
    const name = s.resolver.physicalName(r.logicalId);
    if (fn) {
      integrations.set(`${s.template.file}#${r.logicalId}`, fn);
      if (typeof name === 'string') integrations.set(`${s.template.file}#${name}`, fn);
    } else if (other) {
      others.set(`${s.template.file}#${r.logicalId}`, other);
      if (typeof name === 'string') others.set(`${s.template.file}#${name}`, other);
    }
  }
  const authorizers = new Map<string, AuthInfo['kind']>();
  for (const [s, r] of b.ofType('AWS::ApiGatewayV2::Authorizer')) {
    const t = String(r.props['AuthorizerType'] ?? '').toUpperCase();
    const kind: AuthInfo['kind'] = t === 'JWT' ? 'jwt' : t === 'REQUEST' ? 'lambda-authorizer' : 'unresolved';
    authorizers.set(`${s.template.file}#${r.logicalId}`, kind);
    const name = s.resolver.physicalName(r.logicalId);
    if (typeof name === 'string') authorizers.set(`${s.template.file}#${name}`, kind);
  }
  const connectAuth = new Map<string, AuthInfo>();
  const routes = [...b.ofType('AWS::ApiGatewayV2::Route')];
  const routeAuth = (s: Stack, r: StackResource): AuthInfo => {
    const at = String(isUnresolved(r.props['AuthorizationType']) ? 'UNRESOLVED' : (r.props['AuthorizationType'] ?? 'NONE')).toUpperCase();
    const azId = r.props['AuthorizerId'];
    const az = typeof azId === 'string' ? authorizers.get(`${s.template.file}#${azId}`) : undefined;
    let auth: AuthInfo;
    if (at === 'NONE') auth = { kind: 'none' };
    else if (at === 'AWS_IAM') auth = { kind: 'iam' };
    else if (at === 'JWT') auth = { kind: 'jwt', ...(typeof azId === 'string' ? { authorizer: azId } : {}) };
    else if (at === 'CUSTOM') auth = { kind: az ?? 'lambda-authorizer', ...(typeof azId === 'string' ? { authorizer: azId } : {}) };
    else auth = { kind: 'unresolved', reason: `AuthorizationType ${at}` };
    if (r.props['ApiKeyRequired'] === true) auth.apiKeyRequired = true;
    return auth;
  };
  for (const [s, r] of routes) if (r.props['RouteKey'] === '$connect') connectAuth.set(`${s.template.file}\u0000${String(r.props['ApiId'])}`, routeAuth(s, r));
  for (const [s, r] of routes) {
    const target = r.props['Target'];
    const m = typeof target === 'string' ? /integrations\/(.+)$/.exec(target) : null;
    const fn = m ? integrations.get(`${s.template.file}#${m[1]}`) : undefined;
    const other = m && !fn ? others.get(`${s.template.file}#${m[1]}`) : undefined;
    if (!fn && !other) continue;
    const apiNode = findApi(b, s, r.props['ApiId'], V2);
    const apiLogical = apiNode?.logicalId;
    const api = (apiLogical && contexts.get(`${s.template.file}#${apiLogical}`)) || { node: null, source: String(r.props['ApiId'] ?? 'unknown-api'), private: false, policyPrincipal: null, stack: s };
    const ws = apiNode?.kind === 'websocket-api';
    const key = typeof r.props['RouteKey'] === 'string' ? (r.props['RouteKey'] as string) : 'unresolved';
    // WebSocket authorization happens on $connect; other routes inherit it.
    const auth = ws && key !== '$connect' ? (connectAuth.get(`${s.template.file}\u0000${String(r.props['ApiId'])}`) ?? { kind: 'none' as const }) : routeAuth(s, r);
    const [method, ...rest] = key.split(' ');
    if (!fn) {
      // WebSocket routes to services are left to the map's future; HTTP API routes are checked like function routes.
      if (!ws) services.push({ kind: 'http-api-route', api: apiNode, source: api.source, label: key, ...(rest.length ? { method: method!, path: rest.join(' ') } : { path: key }), principal: routePrincipal(auth, api), auth, ...other!, location: b.locate(s, r.props['AuthorizationType'] !== undefined ? [...r.path, 'AuthorizationType'] : ['Resources', r.logicalId]) });
      continue;
    }
    out.push({
      kind: ws ? 'websocket-route' : 'http-api-route',
      source: api.source,
      label: key,
      ...(rest.length ? { method: method!, path: rest.join(' ') } : { path: key }),
      principal: routePrincipal(auth, api),
      auth,
      target: fn,
      location: b.locate(s, r.props['AuthorizationType'] !== undefined ? [...r.path, 'AuthorizationType'] : ['Resources', r.logicalId]),
    });
  }
}

// --- CORS -----------------------------------------------------------------------------------

function corsList(v: RValue | undefined): Maybe<string>[] {
  if (v === undefined || v === null) return [];
  if (isUnresolved(v)) return [v];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : isUnresolved(x) ? x : String(x)));
}

/** A CORS block of AllowOrigins/AllowMethods/AllowHeaders/AllowCredentials (function URLs, HTTP APIs; either case). */
function corsFromConfig(raw: RValue | undefined, location: SourceLocation): CorsConfig | null {
  if (raw === undefined || raw === null) return null;
  if (isUnresolved(raw)) return { allowOrigins: [raw], allowMethods: [], allowHeaders: [], allowCredentials: raw, location };
  const c = asObject(raw as never) as RObject;
  const cred = c['AllowCredentials'] ?? c['allowCredentials'];
  return {
    allowOrigins: corsList(c['AllowOrigins'] ?? c['allowOrigins']),
    allowMethods: corsList(c['AllowMethods'] ?? c['allowMethods']),
    allowHeaders: corsList(c['AllowHeaders'] ?? c['allowHeaders']),
    allowCredentials: cred === undefined ? null : isUnresolved(cred) ? cred : cred === true || cred === 'true',
    location,
  };
}

/** A REST preflight (mock OPTIONS integration) response: header values are quoted literals (`'*'`). */
function corsFromHeaders(params: RObject, location: SourceLocation): CorsConfig | null {
  const get = (h: string) => params[`method.response.header.${h}`];
  const origin = get('Access-Control-Allow-Origin');
  if (origin === undefined) return null;
  const unquote = (v: RValue | undefined): Maybe<string>[] => corsList(v).map((x) => (typeof x === 'string' ? x.replace(/^'(.*)'$/s, '$1') : x));
  const cred = unquote(get('Access-Control-Allow-Credentials'))[0];
  return {
    allowOrigins: unquote(origin).flatMap((o): Maybe<string>[] => (typeof o === 'string' ? o.split(',').map((x) => x.trim()) : [o])),
    allowMethods: unquote(get('Access-Control-Allow-Methods')),
    allowHeaders: unquote(get('Access-Control-Allow-Headers')),
    allowCredentials: cred === undefined ? null : isUnresolved(cred) ? cred : cred === 'true',
    location,
  };
}

function corsFromPreflights(body: RObject, location: SourceLocation): CorsConfig | null {
  let out: CorsConfig | null = null;
  for (const item of Object.values(asObject(body['paths'] as never) as RObject)) {
    const op = (asObject(item as never) as RObject)['options'];
    if (op === undefined) continue;
    const integ = asObject((asObject(op as never) as RObject)['x-amazon-apigateway-integration'] as never) as RObject;
    for (const resp of Object.values(asObject(integ['responses'] as never) as RObject)) {
      const cors = corsFromHeaders(asObject((asObject(resp as never) as RObject)['responseParameters'] as never) as RObject, location);
      if (cors) out = mergeCors(out, cors);
    }
  }
  return out;
}

function mergeCors(a: CorsConfig | null, b: CorsConfig): CorsConfig {
  if (!a) return b;
  const cred = a.allowCredentials === true || b.allowCredentials === true ? true : isUnresolved(a.allowCredentials) ? a.allowCredentials : b.allowCredentials;
  return { allowOrigins: [...a.allowOrigins, ...b.allowOrigins], allowMethods: [...a.allowMethods, ...b.allowMethods], allowHeaders: [...a.allowHeaders, ...b.allowHeaders], allowCredentials: cred, location: a.location };
}
