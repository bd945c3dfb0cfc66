/**
 * API routes integrated with an AWS service rather than a function: what the integration does,
 * on which resources, and the functions a write into those resources reaches (a cascade).
 */
import type { Edge, EntryPoint, EntryPointKind, PollerBounds, ResourceNode, ServiceRoute } from './types.js';
import { isUnresolved } from './types.js';
import type { RObject, RValue } from './resolve.js';
import { wildcardMatch } from './policy.js';
import type { ModelBuilder, Stack } from './builder.js';
import type { ServiceDraft } from './entries-draft.js';

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
export function serviceIntegration(b: ModelBuilder, s: Stack, integ: RObject, httpMethod: string | null): { integration: ServiceRoute['integration']; action: string | null; resources: ResourceNode[] } | null {
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
/**
 * Routes integrated with an AWS service that writes to a trigger are entry points into the functions
 * the trigger runs (a cascade through the queue, topic, bucket, stream, bus, table or state machine);
 * the others (MOCK, HTTP, reads, resources outside the model) are kept on their API node with their auth.
 */
export function serviceRoutes(b: ModelBuilder, services: ServiceDraft[], entries: EntryPoint[]): EntryPoint[] {
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
  // appended in place: a REST API is the source of one entry point per method (copying the list per addition was quadratic)
  const append = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const ep of entries) if (ep.source && !ep.identity && !ep.via) append(bySource, ep.source, ep);
  const next = new Map<string, { to: string; run: boolean }[]>();
  for (const e of edges) {
    if (e.kind === 'publishes') append(next, e.from, { to: e.to, run: false });
    if (e.kind === 'can-invoke' && fnIds.has(e.to) && !fnIds.has(e.from)) append(next, e.from, { to: e.to, run: true });
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
