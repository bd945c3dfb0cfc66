/**
 * Entry points: every way an event reaches a function, with who can send it and how it is
 * authenticated. Built from the source side (APIs, URLs, buckets, queues, topics, rules, ...);
 * Lambda permissions that no source explains become entry points of their own.
 */
import type { AuthInfo, Cloud, CorsConfig, Edge, EntryPoint, EntryPointKind, FunctionNode, Maybe, PollerBounds, Principal, ResourceNode, ServiceRoute, SourceLocation, ThrottleSettings, DocPath } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RObject, type RValue } from './resolve.js';
import { principalFromPermission, principalFromResourcePolicy, toPolicyDocument, weakest, wildcardMatch } from './policy.js';
import { maybeNumber, maybeString, type ModelBuilder, type Stack, type StackResource } from './build.js';

interface Draft {
  kind: EntryPointKind;
  source: string | null;
  label: string;
  method?: string;
  path?: string;
  principal: Principal;
  auth: AuthInfo;
  target: FunctionNode;
  throttle?: ThrottleSettings | null;
  pollers?: PollerBounds;
  location: SourceLocation;
}

/** A route integrated with something other than a function, before its deliveries are known. */
interface ServiceDraft {
  kind: 'rest-api-method' | 'http-api-route';
  api: ResourceNode | null;
  source: string;
  label: string;
  method?: string;
  path?: string;
  principal: Principal;
  auth: AuthInfo;
  integration: ServiceRoute['integration'];
  action: string | null;
  /** The resource the integration names, else those its role's grants confine it to; [] = what the request names. */
  resources: ResourceNode[];
  location: SourceLocation;
}

/** The resource kind an AWS service integration acts on, by service. */
const SERVICE_RESOURCE: Record<string, ResourceNode['kind']> = {
  sqs: 'queue',
  sns: 'topic',
  s3: 'bucket',
  states: 'state-machine',
  kinesis: 'stream',
  dynamodb: 'table',
  events: 'event-bus',
};

/** HTTP API first-class integration subtypes (`SQS-SendMessage`) → IAM service prefix. */
const SUBTYPE_SERVICE: Record<string, string> = { SQS: 'sqs', EventBridge: 'events', Kinesis: 'kinesis', StepFunctions: 'states', AppConfig: 'appconfig' };

/**
 * What a non-function integration does: MOCK, HTTP(_PROXY), or an AWS service action on a resource
 * of the model. REST: `Type` + `Uri` (`arn:aws:apigateway:{region}:sqs:path/{account}/{queue}`,
 * `...:sns:action/Publish`); HTTP APIs: `IntegrationSubtype` (`SQS-SendMessage`). The resource is the
 * one of the matching kind that the URI, request parameters or templates name. Null for a function
 * integration (or nothing to tell).
 */
function serviceIntegration(b: ModelBuilder, s: Stack, integ: RObject, httpMethod: string | null): { integration: ServiceRoute['integration']; action: string | null; resources: ResourceNode[] } | null {
  const get = (k: string) => integ[k] ?? integ[k[0]!.toLowerCase() + k.slice(1)];
  const typeRaw = get('IntegrationType') ?? get('Type');
  const type = typeof typeRaw === 'string' ? typeRaw.toUpperCase() : '';
  if (type === 'MOCK') return { integration: 'MOCK', action: null, resources: [] };
  if (type === 'HTTP' || type === 'HTTP_PROXY') return { integration: 'HTTP', action: null, resources: [] };
  if (type !== 'AWS' && type !== 'AWS_PROXY') return null;
  let service: string | null = null;
  let action: string | null = null;
  const subtype = get('IntegrationSubtype');
  if (typeof subtype === 'string') {
    const [svc, op] = subtype.split('-');
    service = SUBTYPE_SERVICE[svc ?? ''] ?? (svc ?? '').toLowerCase();
    action = op ? `${service}:${op}` : null;
  } else {
    const uriRaw = get('Uri') ?? get('IntegrationUri');
    const uri = typeof uriRaw === 'string' ? uriRaw : isUnresolved(uriRaw) ? (uriRaw.pattern ?? '') : '';
    const m = /^arn:aws[\w-]*:apigateway:[^:]*:([a-z0-9-]+)(?:\.[a-z0-9-]+)*:(path|action)\/(.*)$/.exec(uri);
    if (!m || m[1] === 'lambda') return null;
    service = m[1]!;
    if (m[2] === 'action') action = `${service}:${m[3]!.split(/[/?&]/)[0]}`;
    else if (service === 'sqs') action = 'sqs:SendMessage';
    else if (service === 's3') {
      const verb = String(get('IntegrationHttpMethod') ?? httpMethod ?? '').toUpperCase();
      action = verb === 'PUT' || verb === 'POST' ? 's3:PutObject' : verb === 'DELETE' ? 's3:DeleteObject' : 's3:GetObject';
    }
  }
  const kind = service ? SERVICE_RESOURCE[service] : undefined;
  let resources: ResourceNode[] = [];
  if (kind) {
    const refs = new Set<string>();
    const texts: string[] = [];
    const visit = (v: RValue | undefined, depth: number): void => {
      if (v === undefined || v === null || depth > 16) return;
      if (isUnresolved(v)) {
        if (v.ref !== undefined) refs.add(v.ref);
        if (v.pattern !== undefined) texts.push(v.pattern);
      } else if (typeof v === 'string') texts.push(v);
      else if (Array.isArray(v)) for (const x of v) visit(x as RValue, depth + 1);
      else if (typeof v === 'object') for (const x of Object.values(v as RObject)) visit(x, depth + 1);
    };
    for (const k of ['Uri', 'IntegrationUri', 'RequestParameters', 'RequestTemplates']) visit(get(k), 0);
    const named = (n: ResourceNode) => {
      if (n.logicalId !== null && refs.has(n.logicalId)) return true;
      const words = [typeof n.name === 'string' && n.name.length >= 3 ? n.name : null, typeof n.arn === 'string' ? n.arn : null].filter((x): x is string => x !== null);
      return words.some((w) => texts.some((t) => new RegExp(`(^|[^A-Za-z0-9_.-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`).test(t)));
    };
    const one = b.resourceNodes.find((n) => n.kind === kind && n.stack === s.template.file && named(n));
    if (one) resources = [one];
    else if (action) resources = grantedResources(b, s, get('Credentials') ?? get('CredentialsArn'), kind, action);
  }
  return { integration: 'AWS', action, resources };
}

/**
 * The resources of `kind` an integration's role lets `action` act on when the request names the
 * resource (`"StreamName": "$input.params('stream-name')"`): what AWS would allow is bounded by the
 * role's grants. Only when every grant of the action names model resources, exactly or followed by a
 * wildcard (`${Stream.Arn}*`, `${Bucket.Arn}/*`), is the route a way into those; a grant on `*` or on
 * something else, an unreadable document or `NotResource` leave it at what the request names ([]).
 * Deny and conditions can only narrow it further.
 */
function grantedResources(b: ModelBuilder, s: Stack, roleRef: RValue | undefined, kind: ResourceNode['kind'], action: string): ResourceNode[] {
  const role = roleRef === undefined ? null : b.findRole(roleRef, s);
  if (!role) return [];
  const own = b.resourceNodes.filter((n) => n.kind === kind && n.stack === s.template.file && typeof n.arn === 'string');
  const hit = new Set<ResourceNode>();
  for (const p of role.policies) {
    if (isUnresolved(p.document)) return [];
    for (const st of p.document.statements) {
      if (st.effect !== 'Allow') continue;
      if (st.notAction?.length) return [];
      if (!st.action?.some((a) => isUnresolved(a) || wildcardMatch(a, action))) continue;
      if (st.notResource !== undefined || st.resource === undefined) return [];
      for (const r of st.resource) {
        if (isUnresolved(r)) return [];
        const exact = own.filter((n) => r === n.arn || r === `${n.arn as string}*` || r === `${n.arn as string}/*`);
        if (exact.length === 0) return [];
        for (const n of exact) hit.add(n);
      }
    }
  }
  return [...hit].sort((x, y) => (x.id < y.id ? -1 : 1));
}

const SERVICE_KINDS: Record<string, EntryPointKind[]> = {
  'apigateway.amazonaws.com': ['rest-api-method', 'http-api-route', 'websocket-route'],
  's3.amazonaws.com': ['s3-notification'],
  'sns.amazonaws.com': ['sns-subscription'],
  'events.amazonaws.com': ['eventbridge-rule', 'schedule'],
  'logs.amazonaws.com': ['cloudwatch-logs'],
  'iot.amazonaws.com': ['iot-rule'],
  'cognito-idp.amazonaws.com': ['cognito-trigger'],
  'elasticloadbalancing.amazonaws.com': ['alb-target'],
};

const SERVICE_AUTH: AuthInfo = { kind: 'service' };

export function buildEntryPoints(b: ModelBuilder): EntryPoint[] {
  const drafts: Draft[] = [];
  const services: ServiceDraft[] = [];
  functionUrls(b, drafts);
  restApis(b, drafts, services);
  httpApis(b, drafts, services);
  eventSourceMappings(b, drafts);
  s3Notifications(b, drafts);
  snsSubscriptions(b, drafts);
  eventRules(b, drafts);
  stateMachines(b);
  misc(b, drafts);
  customResources(b, drafts);
  unexplainedPermissions(b, drafts);

  // A source that is no element of the model (an API known only by the id in a permission's
  // SourceArn, a queue ARN) belongs to the stack that names it: qualified when two stacks name it.
  const known = new Set([...b.fns.map((f) => f.id), ...b.resourceNodes.map((n) => n.id)]);
  const stacksOf = new Map<string, Set<string>>();
  for (const d of drafts) {
    if (d.source === null || known.has(d.source)) continue;
    const set = stacksOf.get(d.source) ?? new Set<string>();
    set.add(b.stackOf(d.target).template.file);
    stacksOf.set(d.source, set);
  }
  for (const d of drafts) if (d.source !== null && (stacksOf.get(d.source)?.size ?? 0) > 1) d.source = `${b.stackOf(d.target).template.file}#${d.source}`;

  const byId = new Map<string, EntryPoint>();
  for (const d of drafts) {
    const id = `${d.kind}:${d.source ?? '-'}:${d.label}→${d.target.id}`;
    if (byId.has(id)) continue;
    const ep: EntryPoint = { id, kind: d.kind, source: d.source, label: d.label, principal: d.principal, auth: d.auth, targets: [d.target.id], location: d.location };
    if (d.method) ep.method = d.method;
    if (d.path) ep.path = d.path;
    if (d.throttle) ep.throttle = d.throttle;
    if (d.pollers) ep.pollers = d.pollers;
    if (d.target.cloud) {
      ep.cloud = d.target.cloud;
      const native = nativePrincipal(d.target.cloud, ep.principal, ep.auth);
      if (native) ep.principal = { ...ep.principal, native };
    }
    byId.set(id, ep);
  }
  for (const ep of serviceRoutes(b, services, [...byId.values()])) if (!byId.has(ep.id)) byId.set(ep.id, ep);
  return [...byId.values()];
}

/** The principal as Google or Azure names it (docs/clouds.md). */
function nativePrincipal(cloud: Cloud, p: Principal, auth: AuthInfo): string | undefined {
  if (p.native) return p.native;
  if (cloud === 'google') {
    const google: Partial<Record<string, string>> = { public: 'allUsers', 'any-aws-account': 'allAuthenticatedUsers', 'same-account': 'project principals with a role that allows it', 'aws-service': 'a Google service agent', 'cross-account': 'named principals', 'authenticated-users': 'signed-in users' };
    return google[p.kind];
  }
  if (p.kind === 'public') return auth.kind === 'api-key' ? 'function key holders' : 'anonymous';
  const azure: Partial<Record<string, string>> = { 'any-aws-account': 'any Entra ID tenant', 'same-account': 'identities of the subscription', 'aws-service': 'an Azure service', 'cross-account': 'named principals', 'authenticated-users': 'Entra ID users' };
  return azure[p.kind];
}

/**
 * Routes integrated with an AWS service that writes to a trigger are entry points into the functions
 * the trigger runs (a cascade through the queue, topic, bucket, stream, bus, table or state machine);
 * the others (MOCK, HTTP, reads, resources outside the model) are kept on their API node with their auth.
 */
function serviceRoutes(b: ModelBuilder, services: ServiceDraft[], entries: EntryPoint[]): EntryPoint[] {
  const deliveries = deliveryIndex(entries, b.edges, new Set(b.fns.map((f) => f.id)));
  const out: EntryPoint[] = [];
  for (const d of services) {
    for (const resource of d.resources.length ? d.resources : [null]) {
      const delivered = d.integration === 'AWS' && resource && d.action && isWrite(resource.kind, d.action) ? deliveries(resource.id) : [];
      if (delivered.length === 0) {
        if (d.api) (d.api.attributes.serviceRoutes ??= []).push({ label: d.label, integration: d.integration, action: d.action, resource: resource?.id ?? null, principal: d.principal, auth: d.auth, location: d.location });
        continue;
      }
      for (const { kind, targets: ids, pollers } of delivered) {
        const ep: EntryPoint = { id: `${d.kind}:${d.source}:${d.label}→${resource!.id}→${kind}:${ids.join(',')}`, kind: d.kind, source: d.source, label: d.label, principal: d.principal, auth: d.auth, targets: ids, location: d.location, via: { resource: resource!.id, action: d.action!, kind } };
        if (d.method) ep.method = d.method;
        if (d.path) ep.path = d.path;
        if (pollers) ep.pollers = pollers;
        out.push(ep);
      }
    }
  }
  for (const n of b.resourceNodes) n.attributes.serviceRoutes?.sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : x.location.line - y.location.line));
  return out;
}

/**
 * What an event put into a resource reaches: per kind of event, the functions its entry points run,
 * following the resources it publishes to; a state machine hands its input to the functions it runs
 * (`iam-principal`: the whole event is the caller's). Entry points that are themselves ways into the
 * resource (identity-based, service routes) are not deliveries.
 */
export function deliveryIndex(entries: readonly EntryPoint[], edges: readonly Edge[], fnIds: ReadonlySet<string>): (start: string) => { kind: EntryPointKind; targets: string[]; pollers?: PollerBounds }[] {
  const bySource = new Map<string, EntryPoint[]>();
  for (const ep of entries) if (ep.source && !ep.identity && !ep.via) bySource.set(ep.source, [...(bySource.get(ep.source) ?? []), ep]);
  const next = new Map<string, { to: string; run: boolean }[]>();
  for (const e of edges) {
    if (e.kind === 'publishes') next.set(e.from, [...(next.get(e.from) ?? []), { to: e.to, run: false }]);
    if (e.kind === 'can-invoke' && fnIds.has(e.to) && !fnIds.has(e.from)) next.set(e.from, [...(next.get(e.from) ?? []), { to: e.to, run: true }]);
  }
  return (start) => {
    // a polled source keeps its own delivery: what its mapping runs at once bounds what the writer drives
    const delivered = new Map<string, { kind: EntryPointKind; targets: Set<string>; pollers?: PollerBounds }>();
    const add = (kind: EntryPointKind, t: string, via?: EntryPoint) => {
      const key = via?.pollers ? `${kind}\u0000${via.id}` : kind;
      const d = delivered.get(key) ?? { kind, targets: new Set<string>(), ...(via?.pollers ? { pollers: via.pollers } : {}) };
      d.targets.add(t);
      delivered.set(key, d);
    };
    const seen = new Set<string>();
    const todo = [start];
    while (todo.length) {
      const id = todo.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const ep of bySource.get(id) ?? []) for (const t of ep.targets) add(ep.kind, t, ep);
      for (const n of next.get(id) ?? []) {
        if (n.run) add('iam-principal', n.to);
        else todo.push(n.to);
      }
    }
    return [...delivered].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([, d]) => ({ kind: d.kind, targets: [...d.targets].sort(), ...(d.pollers ? { pollers: d.pollers } : {}) }));
  };
}

/** Whether `action` puts an event into a resource of that kind. */
function isWrite(kind: ResourceNode['kind'], action: string): boolean {
  const WRITES: Partial<Record<ResourceNode['kind'], RegExp>> = {
    queue: /^sqs:SendMessage(Batch)?$/,
    topic: /^sns:Publish(Batch)?$/,
    bucket: /^s3:PutObject$/,
    stream: /^kinesis:PutRecords?$/,
    'event-bus': /^events:PutEvents$/,
    table: /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/,
    'state-machine': /^states:Start(Sync)?Execution$/,
  };
  return WRITES[kind]?.test(action) ?? false;
}

// ---------------------------------------------------------------------------------------------

function functionUrls(b: ModelBuilder, out: Draft[]): void {
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
      });
    }
  }
}

function restApis(b: ModelBuilder, out: Draft[], services: ServiceDraft[]): void {
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
    const api = findApi(b, s, r.props['RestApiId']);
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
      const api = findApi(b, s, (asObject(st as never) as RObject)['ApiId']);
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
      const api = findApi(b, s, p['RestApiId']);
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
    });
  }
  // A method setting for one path (or every path, `/*`) and method (or `*`) throttles those routes;
  // the most specific setting wins, as in API Gateway.
  for (const d of out) {
    if (d.kind !== 'rest-api-method' || d.throttle) continue;
    const node = findApi(b, b.stackOf(d.target), d.source);
    const match = methodThrottles
      .filter((m) => m.api === (node?.id ?? d.source) && (m.path === '*' || m.path === d.path) && (m.method === '*' || m.method === d.method))
      .sort((x, y) => Number(y.path !== '*') - Number(x.path !== '*') || Number(y.method !== '*') - Number(x.method !== '*'))[0];
    if (match) d.throttle = match.throttle;
  }
}

/** The API a RestApiId/ApiId of stack `s` names: by identity, else by name or logical id in `s`. */
function findApi(b: ModelBuilder, s: Stack, ref: RValue | undefined): ResourceNode | null {
  if (isUnresolved(ref)) return ref.ref === undefined ? null : b.resourceByLogical(s, ref.ref);
  if (typeof ref !== 'string') return null;
  return b.resourceNodes.find((n) => n.stack === s.template.file && (n.kind === 'rest-api' || n.kind === 'http-api' || n.kind === 'websocket-api') && (n.name === ref || n.logicalId === ref)) ?? null;
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

function httpApis(b: ModelBuilder, out: Draft[], services: ServiceDraft[]): void {
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
    const api = findApi(b, s, r.props['ApiId']);
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
    const apiNode = findApi(b, s, r.props['ApiId']);
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

// --- Event sources ---------------------------------------------------------------------------

function writerPrincipal(b: ModelBuilder, node: ResourceNode | null, actions: string[], ref: RValue | undefined): Principal {
  if (!node) {
    if (isUnresolved(ref)) return { kind: 'unresolved', detail: ref.reason };
    return { kind: 'unresolved', detail: `${typeof ref === 'string' ? ref : 'source'} is outside the scanned templates` };
  }
  let p = principalFromResourcePolicy(node.policy, actions, b.accountId);
  if (node.kind === 'bucket' && typeof node.acl === 'string' && /PublicReadWrite/i.test(node.acl)) p = weakest(p, { kind: 'public', detail: `bucket ACL ${node.acl}` });
  if (node.kind === 'bucket' && isUnresolved(node.acl)) p = weakest(p, { kind: 'unresolved', detail: node.acl.reason });
  return p;
}

function eventSourceMappings(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::Lambda::EventSourceMapping')) {
    const fn = b.findFunction(r.props['FunctionName'], s, r.logicalId);
    if (!fn) continue;
    const srcRef = r.props['EventSourceArn'];
    const node = b.findResource(srcRef, s, r.logicalId);
    const arn = typeof srcRef === 'string' ? srcRef : '';
    let kind: EntryPointKind = 'other';
    let actions: string[] = [];
    if (node?.kind === 'queue' || arn.includes(':sqs:')) {
      kind = 'sqs-queue';
      actions = ['sqs:SendMessage'];
    } else if (arn.includes(':dynamodb:') || node?.kind === 'table') kind = 'dynamodb-stream';
    else if (arn.includes(':kinesis:') || node?.kind === 'stream') kind = 'kinesis-stream';
    else if (arn.includes(':kafka:') || r.props['SelfManagedEventSource'] !== undefined) kind = 'kafka';
    else if (arn.includes(':mq:')) kind = 'mq';
    else if (arn.includes(':rds:') || arn.includes(':docdb')) kind = 'documentdb-stream';
    let principal: Principal;
    if (kind === 'sqs-queue') principal = writerPrincipal(b, node, actions, srcRef);
    else if (node) principal = { kind: 'same-account', detail: 'writers of the source' };
    else if (kind === 'kafka' || kind === 'mq') principal = { kind: 'same-account', detail: 'clients of the broker' };
    else if ((kind !== 'other' || r.props['StartingPosition'] !== undefined)) {
      // A stream (Kinesis, DynamoDB, DocumentDB) outside the templates: no resource policy makes a
      // stream writable by anyone, so its writers are IAM identities of its owner's account. (An
      // unresolved queue stays unresolved: a queue policy can admit anyone.)
      principal = { kind: 'same-account', detail: `writers of ${typeof srcRef === 'string' ? srcRef : 'the stream'} (outside the scanned templates; writing needs IAM in its owner's account)` };
    } else principal = writerPrincipal(b, null, actions, srcRef);
    const srcLabel = node?.id ?? (typeof srcRef === 'string' ? srcRef : r.props['SelfManagedEventSource'] !== undefined ? 'self-managed source' : 'source (unresolved ARN)');
    const pollers = pollerBounds(b, kind, node, r.props);
    out.push({ kind, source: node?.id ?? null, label: `${ESM_LABEL[kind] ?? kind} ${srcLabel}`, principal, auth: SERVICE_AUTH, target: fn, location: b.locate(s, ['Resources', r.logicalId]), ...(pollers ? { pollers } : {}) });
  }
}

/** AWS processes at most this many batches at once per SQS event-source mapping (Lambda developer guide, "Configuring scaling behavior for SQS event source mappings"). */
const SQS_MAX_BATCHES = 1000;

/**
 * How many invocations an event-source mapping runs at once (`PollerBounds`). Only what AWS
 * documents is assumed: an SQS mapping processes at most 1,000 batches, `ParallelizationFactor`
 * defaults to 1. A count the definition does not give (shards of a DynamoDB stream or of an
 * on-demand Kinesis stream, Kafka partitions) is unresolved.
 */
function pollerBounds(b: ModelBuilder, kind: EntryPointKind, node: ResourceNode | null, props: RObject): PollerBounds | undefined {
  const scaling = asObject(props['ScalingConfig'] as never) as RObject;
  const max = scaling['MaximumConcurrency'];
  if (kind === 'sqs-queue') {
    if (max !== undefined && max !== null) {
      const n = maybeNumber(max, 0);
      if (isUnresolved(n)) return { concurrency: n, detail: `ScalingConfig.MaximumConcurrency unresolved (${n.reason})`, explicit: true };
      return { concurrency: n, detail: `ScalingConfig.MaximumConcurrency ${n}`, explicit: true };
    }
    return { concurrency: SQS_MAX_BATCHES, detail: `no ScalingConfig.MaximumConcurrency: AWS processes at most ${SQS_MAX_BATCHES.toLocaleString('en-US')} batches at once per SQS mapping`, explicit: false };
  }
  if (kind === 'kinesis-stream' || kind === 'dynamodb-stream') {
    const pfRaw = props['ParallelizationFactor'];
    const pf = maybeNumber(pfRaw, 1);
    const pfText = pfRaw === undefined || pfRaw === null ? 'ParallelizationFactor 1 (the default)' : isUnresolved(pf) ? `ParallelizationFactor unresolved (${pf.reason})` : `ParallelizationFactor ${pf}`;
    const shards = kind === 'kinesis-stream' ? kinesisShards(b, node) : unresolved('DynamoDB manages the number of shards of a table stream');
    if (isUnresolved(shards)) return { concurrency: unresolved(`shards unknown: ${shards.reason}`), detail: `shards unknown (${shards.reason}) × ${pfText}`, explicit: false };
    if (isUnresolved(pf)) return { concurrency: pf, detail: `${shards} shard(s) × ${pfText}`, explicit: false };
    return { concurrency: shards * pf, detail: `${shards} shard(s) × ${pfText}`, explicit: false };
  }
  if (kind === 'kafka') return { concurrency: unresolved('one concurrent invocation per topic partition, and the partitions are not in the definition'), detail: 'one invocation per partition (partitions unknown)', explicit: false };
  return undefined;
}

/** The shard count of a provisioned Kinesis stream of the scan; unresolved otherwise. */
function kinesisShards(b: ModelBuilder, node: ResourceNode | null): Maybe<number> {
  if (node === null) return unresolved('the stream is outside the scanned templates');
  const r = b.stacks.find((st) => st.template.file === node.stack)?.resources.get(node.logicalId);
  if (!r) return unresolved('the stream definition is not readable');
  const mode = (asObject(r.props['StreamModeDetails'] as never) as RObject)['StreamMode'];
  if (mode === 'ON_DEMAND') return unresolved('an on-demand stream adds shards as it is written to');
  if (isUnresolved(mode)) return unresolved(`StreamMode unresolved (${mode.reason})`);
  const count = r.props['ShardCount'];
  if (count === undefined || count === null) return unresolved('ShardCount is not set');
  return maybeNumber(count, 0);
}

function s3Notifications(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::S3::Bucket')) {
    const nc = asObject(r.props['NotificationConfiguration'] as never) as RObject;
    const configs = nc['LambdaConfigurations'];
    if (!Array.isArray(configs)) continue;
    const node = b.resourceByLogical(s, r.logicalId);
    configs.forEach((c, i) => {
      const o = asObject(c as never) as RObject;
      const fn = b.findFunction(o['Function'], s, r.logicalId);
      if (!fn) return;
      const ev = typeof o['Event'] === 'string' ? (o['Event'] as string) : 's3:*';
      out.push({
        kind: 's3-notification',
        source: node?.id ?? r.logicalId,
        label: `${ev} on ${node?.id ?? r.logicalId}`,
        principal: writerPrincipal(b, node, ['s3:PutObject'], null),
        auth: SERVICE_AUTH,
        target: fn,
        location: b.locate(s, [...r.path, 'NotificationConfiguration', 'LambdaConfigurations', i]),
      });
    });
  }
}

function snsSubscriptions(b: ModelBuilder, out: Draft[]): void {
  const add = (s: Stack, topicRef: RValue | undefined, endpoint: RValue | undefined, path: DocPath) => {
    const fn = b.findFunction(endpoint, s);
    if (!fn) return;
    const node = b.findResource(topicRef, s);
    out.push({
      kind: 'sns-subscription',
      source: node?.id ?? null,
      label: `${fn.cloud === 'google' ? 'Pub/Sub' : 'SNS'} ${node?.id ?? (typeof topicRef === 'string' ? topicRef : 'topic')}`,
      principal: writerPrincipal(b, node, ['sns:Publish'], topicRef),
      auth: SERVICE_AUTH,
      target: fn,
      location: b.locate(s, path),
    });
  };
  for (const [s, r] of b.ofType('AWS::SNS::Subscription')) {
    if (r.props['Protocol'] !== 'lambda') continue;
    add(s, r.props['TopicArn'], r.props['Endpoint'], ['Resources', r.logicalId]);
  }
  for (const [s, r] of b.ofType('AWS::SNS::Topic')) {
    const subs = r.props['Subscription'];
    if (!Array.isArray(subs)) continue;
    subs.forEach((sub, i) => {
      const o = asObject(sub as never) as RObject;
      if (o['Protocol'] === 'lambda') add(s, s.resolver.arnOf(r.logicalId), o['Endpoint'], [...r.path, 'Subscription', i]);
    });
  }
  // SNS → SQS subscriptions connect resources (used by reachability).
  for (const [s, r] of b.ofType('AWS::SNS::Subscription')) {
    if (r.props['Protocol'] !== 'sqs') continue;
    const topic = b.findResource(r.props['TopicArn'], s, r.logicalId);
    const queue = b.findResource(r.props['Endpoint'], s, r.logicalId);
    if (topic && queue) b.edges.push({ kind: 'publishes', from: topic.id, to: queue.id, location: b.locate(s, ['Resources', r.logicalId]) });
  }
}

function eventRules(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::Events::Rule')) {
    const targets = r.props['Targets'];
    if (!Array.isArray(targets)) continue;
    const schedule = r.props['ScheduleExpression'] !== undefined;
    const busRef = r.props['EventBusName'];
    const bus = busRef === undefined || busRef === 'default' ? null : (b.findResource(busRef, s, r.logicalId) ?? b.resourceNodes.find((n) => n.kind === 'event-bus' && n.name === busRef && n.stack === s.template.file) ?? null);
    const node = b.resourceByLogical(s, r.logicalId);
    let principal: Principal;
    if (schedule) principal = { kind: 'aws-service', detail: 'EventBridge schedule', scopedBySource: true };
    else if (bus) principal = writerPrincipal(b, bus, ['events:PutEvents'], busRef);
    else if (busRef !== undefined && busRef !== 'default') principal = writerPrincipal(b, null, ['events:PutEvents'], busRef);
    else principal = { kind: 'same-account', detail: 'default event bus' };
    targets.forEach((t, i) => {
      const o = asObject(t as never) as RObject;
      const fn = b.findFunction(o['Arn'], s, r.logicalId);
      if (fn) {
        out.push({ kind: schedule ? 'schedule' : 'eventbridge-rule', source: node?.id ?? r.logicalId, label: `${schedule ? 'schedule' : 'rule'} ${node?.id ?? r.logicalId}`, principal, auth: SERVICE_AUTH, target: fn, location: b.locate(s, [...r.path, 'Targets', i]) });
        return;
      }
      const res = b.findResource(o['Arn'], s, r.logicalId);
      if (res && node) b.edges.push({ kind: 'publishes', from: node.id, to: res.id, location: b.locate(s, [...r.path, 'Targets', i]) });
    });
    if (bus && node) b.edges.push({ kind: 'publishes', from: bus.id, to: node.id, location: b.locate(s, ['Resources', r.logicalId]) });
  }
  for (const [s, r] of b.ofType('AWS::Scheduler::Schedule')) {
    const t = asObject(r.props['Target'] as never) as RObject;
    const fn = b.findFunction(t['Arn'], s, r.logicalId);
    if (fn) out.push({ kind: 'schedule', source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId, label: `schedule ${r.logicalId}`, principal: { kind: 'aws-service', detail: 'EventBridge Scheduler', scopedBySource: true }, auth: SERVICE_AUTH, target: fn, location: b.locate(s, [...r.path, 'Target']) });
  }
}

/**
 * A state machine runs the functions its definition names (a task's `Resource` or
 * `Parameters.FunctionName`, a `DefinitionSubstitutions` value, an ARN inside `DefinitionString`):
 * `can-invoke` edges from the state machine to them.
 */
function stateMachines(b: ModelBuilder): void {
  const LAMBDA_ARN = /arn:aws[\w-]*:lambda:[^"\s]*?:function:[A-Za-z0-9_-]+/g;
  for (const [s, r] of b.ofType('AWS::StepFunctions::StateMachine')) {
    const node = b.resourceByLogical(s, r.logicalId);
    if (!node) continue;
    const found = new Map<string, FunctionNode>();
    const visit = (v: RValue | undefined, depth: number): void => {
      if (v === undefined || v === null || depth > 32) return;
      if (isUnresolved(v)) {
        const fn = v.ref !== undefined ? b.findFunction(v, s, r.logicalId) : null;
        if (fn) found.set(fn.id, fn);
        return;
      }
      if (typeof v === 'string') {
        for (const m of v.match(LAMBDA_ARN) ?? []) {
          const fn = b.findFunction(m, s, r.logicalId);
          if (fn) found.set(fn.id, fn);
        }
        return;
      }
      if (Array.isArray(v)) for (const x of v) visit(x as RValue, depth + 1);
      else if (typeof v === 'object') for (const x of Object.values(v as RObject)) visit(x, depth + 1);
    };
    for (const k of ['Definition', 'DefinitionString', 'DefinitionSubstitutions']) visit(r.props[k], 0);
    const at = b.locate(s, ['Resources', r.logicalId]);
    for (const id of [...found.keys()].sort()) b.edges.push({ kind: 'can-invoke', from: node.id, to: id, location: at });
  }
}

function misc(b: ModelBuilder, out: Draft[]): void {
  for (const [s, r] of b.ofType('AWS::Logs::SubscriptionFilter')) {
    const fn = b.findFunction(r.props['DestinationArn'], s, r.logicalId);
    if (fn) out.push({ kind: 'cloudwatch-logs', source: b.findResource(r.props['LogGroupName'], s, r.logicalId)?.id ?? null, label: `logs ${String(r.props['LogGroupName'] ?? '')}`, principal: { kind: 'same-account', detail: 'log writers' }, auth: SERVICE_AUTH, target: fn, location: b.locate(s, ['Resources', r.logicalId]) });
  }
  for (const [s, r] of b.ofType('AWS::IoT::TopicRule')) {
    const payload = asObject(r.props['TopicRulePayload'] as never) as RObject;
    const actions = Array.isArray(payload['Actions']) ? (payload['Actions'] as RValue[]) : [];
    actions.forEach((a, i) => {
      const fn = b.findFunction((asObject((asObject(a as never) as RObject)['Lambda'] as never) as RObject)['FunctionArn'], s, r.logicalId);
      if (fn) out.push({ kind: 'iot-rule', source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId, label: `IoT rule ${r.logicalId}`, principal: { kind: 'authenticated-users', detail: 'IoT clients allowed to publish to the topic' }, auth: SERVICE_AUTH, target: fn, location: b.locate(s, [...r.path, 'TopicRulePayload', 'Actions', i]) });
    });
  }
  for (const [s, r] of b.ofType('AWS::Cognito::UserPool')) {
    const cfg = asObject(r.props['LambdaConfig'] as never) as RObject;
    const admin = asObject(r.props['AdminCreateUserConfig'] as never) as RObject;
    const selfSignUp = !(admin['AllowAdminCreateUserOnly'] === true || admin['AllowAdminCreateUserOnly'] === 'true');
    for (const [trigger, v] of Object.entries(cfg)) {
      const fnRef = v && typeof v === 'object' && !Array.isArray(v) && !isUnresolved(v) ? (v as RObject)['LambdaArn'] : v;
      const fn = b.findFunction(fnRef, s, r.logicalId);
      if (!fn) continue;
      out.push({
        kind: 'cognito-trigger',
        source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId,
        label: `${trigger} of ${r.logicalId}`,
        principal: selfSignUp ? { kind: 'public', detail: 'user pool allows self sign-up' } : { kind: 'aws-service', detail: 'Cognito (admin-created users only)', scopedBySource: true },
        auth: SERVICE_AUTH,
        target: fn,
        location: b.locate(s, [...r.path, 'LambdaConfig', trigger]),
      });
    }
  }
  for (const [s, r] of b.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    if (r.props['TargetType'] !== 'lambda') continue;
    const targets = Array.isArray(r.props['Targets']) ? (r.props['Targets'] as RValue[]) : [];
    const principal = targetGroupPrincipal(s, r.logicalId);
    targets.forEach((t, i) => {
      const fn = b.findFunction((asObject(t as never) as RObject)['Id'], s, r.logicalId);
      if (fn) out.push({ kind: 'alb-target', source: r.logicalId, label: `ALB target group ${r.logicalId}`, principal, auth: { kind: 'none' }, target: fn, location: b.locate(s, [...r.path, 'Targets', i]) });
    });
  }
}

/** The target groups an action list forwards to (TargetGroupArn, ForwardConfig.TargetGroups). */
/**
 * Custom resources (`AWS::CloudFormation::CustomResource`, `Custom::*`): CloudFormation invokes the
 * function their `ServiceToken` names when the stack is created, updated or deleted, with the
 * properties the template writes. The frameworks generate such functions to do deploy-time work
 * (the Serverless Framework's existing-bucket, user-pool and API Gateway log-role helpers; CDK's
 * provider frameworks, log retention, bucket notifications and `AwsCustomResource`). Its caller is
 * the deployment: whoever can make CloudFormation send it other input can already change the stack.
 * A function with any other way in is as exposed as that way in (the surface analysis keeps the
 * most exposed caller).
 */
function customResources(b: ModelBuilder, out: Draft[]): void {
  for (const s of b.stacks) {
    for (const r of s.resources.values()) {
      if (r.type !== 'AWS::CloudFormation::CustomResource' && !r.type.startsWith('Custom::')) continue;
      const fn = b.findFunction(r.props['ServiceToken'], s, r.logicalId);
      if (!fn) continue;
      out.push({
        kind: 'custom-resource',
        source: b.resourceByLogical(s, r.logicalId)?.id ?? r.logicalId,
        label: `custom resource ${r.logicalId} (${r.type})`,
        principal: { kind: 'deployment', detail: 'CloudFormation, when the stack is deployed' },
        auth: SERVICE_AUTH,
        target: fn,
        location: b.locate(s, [...r.path, 'ServiceToken']),
      });
    }
  }
}

function forwardedGroups(actions: RValue | undefined): RValue[] {
  const out: RValue[] = [];
  for (const a of Array.isArray(actions) ? actions : []) {
    const o = asObject(a as never) as RObject;
    if (o['TargetGroupArn'] !== undefined) out.push(o['TargetGroupArn']);
    const groups = (asObject(o['ForwardConfig'] as never) as RObject)['TargetGroups'];
    for (const g of Array.isArray(groups) ? groups : []) out.push((asObject(g as never) as RObject)['TargetGroupArn']);
  }
  return out;
}

/**
 * Who reaches a Lambda target group: follow the listener rules and listeners that forward to it to
 * their load balancer. Internet-facing (the default scheme) is anyone; internal is the VPC; a
 * listener or load balancer outside the scanned stack, or no listener at all, is unresolved.
 */
function targetGroupPrincipal(s: Stack, tgLogical: string): Principal {
  const refOf = (logicalId: string): RValue => s.resolver.resolve({ Ref: logicalId }, ['Resources', logicalId]);
  const same = (x: RValue, y: RValue): boolean => typeof x === 'string' && typeof y === 'string' && x === y;
  const tg = refOf(tgLogical);
  const listeners = new Map<string, StackResource>();
  const lbs = new Map<string, StackResource>();
  for (const r of s.resources.values()) {
    if (r.type === 'AWS::ElasticLoadBalancingV2::Listener') listeners.set(r.logicalId, r);
    if (r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') lbs.set(r.logicalId, r);
  }
  const viaListener = (listenerArn: RValue): Principal => {
    const listener = [...listeners.values()].find((l) => same(refOf(l.logicalId), listenerArn));
    if (!listener) return { kind: 'unresolved', detail: 'the listener is outside the scanned templates' };
    const lbArn = listener.props['LoadBalancerArn'];
    const lb = [...lbs.values()].find((x) => same(refOf(x.logicalId), lbArn));
    if (!lb) return { kind: 'unresolved', detail: 'the load balancer is outside the scanned templates' };
    const scheme = lb.props['Scheme'];
    if (isUnresolved(scheme)) return { kind: 'unresolved', detail: `load balancer ${lb.logicalId}: ${scheme.reason}` };
    return scheme === 'internal' ? { kind: 'same-account', detail: `internal load balancer ${lb.logicalId}` } : { kind: 'public', detail: `internet-facing load balancer ${lb.logicalId}` };
  };
  let result: Principal | null = null;
  const add = (p: Principal) => (result = result === null ? p : weakest(result, p));
  for (const r of s.resources.values()) {
    if (r.type === 'AWS::ElasticLoadBalancingV2::ListenerRule' && forwardedGroups(r.props['Actions']).some((g) => same(g, tg))) add(viaListener(r.props['ListenerArn']));
    if (r.type === 'AWS::ElasticLoadBalancingV2::Listener' && forwardedGroups(r.props['DefaultActions']).some((g) => same(g, tg))) add(viaListener(refOf(r.logicalId)));
  }
  return result ?? { kind: 'unresolved', detail: 'no listener in the scanned templates forwards to the target group' };
}

/** Functions that an API Gateway authorizer of the scan calls (its AuthorizerUri), with the API's id. */
function authorizerFunctions(b: ModelBuilder): Map<FunctionNode, string | null> {
  const out = new Map<FunctionNode, string | null>();
  for (const type of ['AWS::ApiGateway::Authorizer', 'AWS::ApiGatewayV2::Authorizer']) {
    for (const [s, r] of b.ofType(type)) {
      const fn = b.findFunction(r.props['AuthorizerUri'], s, r.logicalId);
      if (fn && !out.has(fn)) out.set(fn, b.findResource(r.props['RestApiId'] ?? r.props['ApiId'], s, r.logicalId)?.id ?? null);
    }
  }
  return out;
}

function unexplainedPermissions(b: ModelBuilder, out: Draft[]): void {
  // Routes derived below from permissions explain nothing else: each permission gives its own route.
  const derived = new Set<Draft>();
  const authorizers = authorizerFunctions(b);
  for (const fn of b.fns) {
    for (const perm of fn.permissions) {
      // URL grants belong to the function URL entry point.
      if (perm.invokedViaFunctionUrl || (!isUnresolved(perm.action) && /InvokeFunctionUrl$/i.test(perm.action))) continue;
      const principalStr = isUnresolved(perm.principal) ? null : perm.principal;
      // An API Gateway authorizer: API Gateway calls it for every request to the API, before any
      // authentication, so it is an entry point of its own and not a route of the API. It is one
      // when the permission's SourceArn says so (`/authorizers/`) or when an authorizer of the scan
      // calls the function (the Serverless Framework grants `<api>/*/*`).
      if (principalStr === 'apigateway.amazonaws.com') {
        const az = typeof perm.sourceArn === 'string' ? /^arn:[^:]+:execute-api:[^:]*:[^:]*:([^/]+)\/authorizers\//.exec(perm.sourceArn) : null;
        if (az || authorizers.has(fn)) {
          const source = (az ? findApi(b, b.stackOf(fn), az[1])?.id : undefined) ?? authorizers.get(fn) ?? az?.[1] ?? 'API';
          out.push({ kind: 'lambda-permission', source, label: `authorizer of ${source} (${perm.resourceId})`, principal: { kind: 'aws-service', detail: `API Gateway authorizer of ${source}`, scopedBySource: true }, auth: SERVICE_AUTH, target: fn, location: perm.location });
          continue;
        }
      }
      const kinds = principalStr ? SERVICE_KINDS[principalStr] : undefined;
      if (kinds && out.some((d) => d.target === fn && kinds.includes(d.kind) && !derived.has(d))) continue;
      const principal = principalFromPermission(perm.principal, perm.sourceArn, perm.sourceAccount, perm.principalOrgId, b.accountId);
      // An API Gateway permission without a visible API: derive the route from its SourceArn.
      if (principalStr === 'apigateway.amazonaws.com' && typeof perm.sourceArn === 'string') {
        const m = /^arn:[^:]+:execute-api:[^:]*:[^:]*:([^/]+)\/[^/]*\/([^/]+)(\/.*)?$/.exec(perm.sourceArn);
        // An API of the scan whose routes are visible has none to this function: the permission
        // alone does not make one (it stays a scoped service permission below). Routes are derived
        // only for an API out of sight (another stack, AWS::Include, an external body).
        const api = m ? findApi(b, b.stackOf(fn), m[1]) : null;
        const visible = api !== null && out.some((d) => d.source === api.id && !derived.has(d) && (SERVICE_KINDS['apigateway.amazonaws.com'] ?? []).includes(d.kind));
        if (m && !visible) {
          const method = m[2] === '*' ? 'ANY' : m[2]!;
          const path = m[3] ?? '/';
          if (out.some((d) => derived.has(d) && d.target === fn && d.source === m[1] && d.method === method && d.path === path)) continue;
          const draft: Draft = { kind: 'rest-api-method', source: m[1]!, label: `${method} ${path}`, method, path, principal: { kind: 'unresolved', detail: 'the API definition is not visible' }, auth: { kind: 'unresolved', reason: 'the API definition is not visible (AWS::Include, external body or another stack)' }, target: fn, location: perm.location };
          derived.add(draft);
          out.push(draft);
          continue;
        }
      }
      const kind: EntryPointKind = principalStr === 'alexa-appkit.amazon.com' ? 'alexa-skill' : 'lambda-permission';
      out.push({ kind, source: null, label: `${perm.resourceId} (${principalStr ?? 'unresolved principal'})`, principal, auth: principal.kind === 'aws-service' ? SERVICE_AUTH : { kind: principal.kind === 'public' ? 'none' : 'iam' }, target: fn, location: perm.location });
    }
  }
}

export { maybeString };

const ESM_LABEL: Partial<Record<EntryPointKind, string>> = {
  'sqs-queue': 'SQS',
  'dynamodb-stream': 'DynamoDB stream',
  'kinesis-stream': 'Kinesis',
  kafka: 'Kafka',
  mq: 'MQ',
  'documentdb-stream': 'DocumentDB stream',
};

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
