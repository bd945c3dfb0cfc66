/**
 * Who calls an API, for the API posture rules (issue 22): the most exposed caller of its routes
 * (function routes and service routes), whether some route takes requests from anyone on the
 * internet without signing in (no authorizer, or an API key only), and which routes forward to an
 * HTTP backend. AppSync APIs are judged by their authentication types.
 */
import type { AppModel, Maybe, ResourceNode } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import { REACH_WORDS, widestReach, type Reach } from '../../model/findings.js';
import { cmp } from '../../model/order.js';

export interface ApiExposure {
  /** The most exposed caller of the API's routes (`unresolved` when none is in the model, unless the API is private). */
  reach: Reach;
  /** A route anyone on the internet calls without signing in, when there is one. */
  open: string | null;
  /** "anyone on the internet calls GET /items without signing in" / "its routes are not in the model ...". */
  words: string;
  /** Routes whose integration is an HTTP backend (`HTTP`, `HTTP_PROXY`). */
  httpRoutes: string[];
}

const PLURAL: ReadonlySet<Reach> = new Set<Reach>(['authenticated-users', 'cross-account', 'same-account']);

/** Callers from outside the account: what logging, tracing and a web ACL are for. */
export const OUTSIDE: ReadonlySet<Reach> = new Set<Reach>(['public', 'unresolved', 'any-aws-account', 'cross-account', 'authenticated-users']);

export function apiExposure(model: AppModel, api: ResourceNode): ApiExposure {
  if (api.posture?.appsync) return appsyncExposure(api.posture.appsync.authTypes);
  const routes = [
    ...model.entryPoints.filter((ep) => ep.source === api.id).map((ep) => ({ label: ep.label, principal: ep.principal, auth: ep.auth, http: false })),
    ...(api.attributes.serviceRoutes ?? []).map((r) => ({ label: r.label, principal: r.principal, auth: r.auth, http: r.integration === 'HTTP' })),
  ].sort((a, b) => cmp(a.label, b.label));
  const httpRoutes = routes.filter((r) => r.http).map((r) => r.label);
  const reach = widestReach(routes.map((r) => r.principal.kind));
  const open = routes.find((r) => r.principal.kind === 'public' && (r.auth.kind === 'none' || r.auth.kind === 'api-key'))?.label ?? null;
  if (reach === 'none') {
    // Routes the scan could not read (a definition in a file outside the scan, integrations it does
    // not follow) may be open to anyone: unknown is not safe. A private API is the account's.
    if (api.attributes.endpointType === 'PRIVATE') return { reach: 'same-account', open, words: 'it is a private API (VPC endpoints only)', httpRoutes };
    return { reach: 'unresolved', open, words: 'its routes are not in the model (a definition the scan could not read, or integrations it does not follow), so who calls it is unknown', httpRoutes };
  }
  const first = routes.find((r) => r.principal.kind === reach)!;
  const words = open !== null ? `anyone on the internet calls ${open} without signing in` : `${REACH_WORDS[reach]} call${PLURAL.has(reach) ? '' : 's'} ${first.label}`;
  return { reach, open, words, httpRoutes };
}

/** AppSync: API_KEY is anyone holding the key the client app ships; IAM the account's identities; the others signed-in users. */
function appsyncExposure(types: readonly Maybe<string>[]): ApiExposure {
  const reaches: Reach[] = types.map((t) => (isUnresolved(t) ? 'unresolved' : t === 'API_KEY' ? 'public' : t === 'AWS_IAM' ? 'same-account' : 'authenticated-users'));
  const reach = widestReach(reaches);
  const open = reach === 'public' ? 'its API key' : null;
  const words = open !== null ? 'anyone holding the API key its client app ships can query it' : `${REACH_WORDS[reach]} can query it`;
  return { reach, open, words, httpRoutes: [] };
}
