/**
 * Entry points: every way an event reaches a function, with who can send it and how it is
 * authenticated. Built from the source side (APIs, URLs, buckets, queues, topics, rules, ...);
 * Lambda permissions that no source explains become entry points of their own.
 */
import type { AuthInfo, Cloud, EntryPoint, Principal } from './types.js';
import type { ModelBuilder } from './builder.js';
import type { Draft, ServiceDraft } from './entries-draft.js';
import { serviceRoutes } from './entries-services.js';
import { appsyncResolvers } from './entries-appsync.js';
import { functionUrls, httpApis, restApis } from './entries-apis.js';
import { customResources, eventRules, eventSourceMappings, misc, s3Notifications, snsSubscriptions, stateMachines, unexplainedPermissions } from './entries-events.js';

export function buildEntryPoints(b: ModelBuilder): EntryPoint[] {
  const drafts: Draft[] = [];
  const services: ServiceDraft[] = [];
  functionUrls(b, drafts);
  restApis(b, drafts, services);
  httpApis(b, drafts, services);
  appsyncResolvers(b, drafts);
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
    if (d.request) ep.request = d.request;
    if (d.graphql) ep.graphql = d.graphql;
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
