/**
 * What a CloudFront distribution stands in front of, for the edge posture rules (issue 22): the
 * routes and function URLs of the model it forwards viewers to (through the front doors the model
 * puts on their entry points), whether anyone on the internet calls one of them without signing in,
 * and otherwise what its origins are (a bucket of static files, a load balancer or a host the scan
 * cannot judge, an origin it cannot resolve).
 */
import type { AppModel, DistributionOrigin, EntryPoint, Maybe, ResourceNode } from '../../model/types.js';
import { REACH_WORDS, widestReach, type Reach, type Severity } from '../../model/findings.js';
import { cmp } from '../../model/order.js';
import { apiExposure } from './api.js';

export interface EdgeExposure {
  /**
   * `open`: a route or function URL behind it takes requests from anyone without signing in;
   * `api`: routes or function URLs behind it with other callers; `unresolved`: an origin the scan
   * cannot judge (unresolved, a load balancer, an API or URL not in the model); `static`: only
   * buckets and other hosts.
   */
  behind: 'open' | 'api' | 'unresolved' | 'static';
  /** The most exposed caller of what is behind it (`none` for static origins). */
  reach: Reach;
  /** "it forwards to Api, where anyone on the internet calls GET /items without signing in". */
  words: string;
  /** Functions behind it. */
  functions: string[];
}

const OPEN_AUTH = new Set(['none', 'api-key']);

/** The entry points a distribution stands in front of: through it or with it as a front door, except direct calls an origin refuses. */
function fronted(model: AppModel, d: ResourceNode, origin?: string): EntryPoint[] {
  return model.entryPoints.filter((ep) => ep.frontDoors?.some((f) => f.distribution === d.id && (origin === undefined || f.origin === origin) && (ep.source === d.id || f.restricted !== true)));
}

/** An entry point's label without the distribution it came through (the message names it already). */
function label(ep: EntryPoint): string {
  return ep.label.replace(/ through CloudFront distribution .*$/, '');
}

function originWords(o: DistributionOrigin): string {
  if (o.kind === 'bucket') return `the bucket ${o.target ?? '(not in the model)'}`;
  if (o.kind === 'load-balancer') return `the load balancer ${o.target ?? '(not in the model)'}`;
  if (o.kind === 'unresolved') return `origin ${o.id}, whose domain could not be resolved`;
  if (o.kind === 'other') return `the host of origin ${o.id}`;
  return `${o.kind === 'api' ? 'the API' : 'the function URL of'} ${o.target ?? `of origin ${o.id} (not in the model)`}`;
}

/** What stands behind a distribution, or behind one of its origins (a cache behaviour's target). */
export function edgeExposure(model: AppModel, d: ResourceNode, origin?: Maybe<string>): EdgeExposure {
  // A behaviour whose target origin is unresolved may forward to any of them.
  const only = typeof origin === 'string' && origin !== '' ? origin : undefined;
  const origins = (d.posture?.distribution?.origins ?? []).filter((o) => only === undefined || o.id === only);
  const eps = fronted(model, d, only).sort((a, b) => cmp(a.label, b.label));
  const functions = [...new Set(eps.flatMap((ep) => ep.targets))].sort(cmp);
  const open = eps.find((ep) => ep.principal.kind === 'public' && OPEN_AUTH.has(ep.auth.kind));
  if (open) return { behind: 'open', reach: 'public', words: `it forwards to ${open.source === d.id || open.source === null ? label(open) : `${open.label} of ${open.source}`}, which anyone on the internet calls without signing in`, functions };
  // An API's routes that are no entry point (service integrations: MOCK, HTTP, AWS) count too.
  const apis = origins.flatMap((o) => {
    const api = o.kind === 'api' && o.target !== null ? model.resources.find((r) => r.id === o.target) : undefined;
    return api ? [{ api, exposure: apiExposure(model, api) }] : [];
  });
  const openApi = apis.find((a) => a.exposure.open !== null);
  if (openApi) return { behind: 'open', reach: 'public', words: `it forwards to ${openApi.exposure.open} of ${openApi.api.id}, which anyone on the internet calls without signing in`, functions };
  // A load balancer whose listeners forward only to Lambda target groups of the model is judged by their entry points.
  const unjudged = origins.filter((o) => o.kind === 'unresolved' || (o.kind === 'load-balancer' && o.lambdaOnly !== true) || ((o.kind === 'api' || o.kind === 'function-url') && o.target === null));
  if (eps.length > 0 || apis.length > 0) {
    const reach = widestReach([...eps.map((ep) => ep.principal.kind), ...apis.map((a) => a.exposure.reach)]);
    const first = eps.find((ep) => ep.principal.kind === reach);
    const what = first ? `${label(first)}${first.source && first.source !== d.id ? ` of ${first.source}` : ''}, which ${REACH_WORDS[reach]} call${reach === 'public' || reach === 'unresolved' ? 's' : ''}` : (() => {
      const a = apis.find((x) => x.exposure.reach === reach)!;
      return `${a.api.id}, where ${a.exposure.words}`;
    })();
    const more = unjudged.length ? `, and to ${unjudged.map(originWords).join(', ')}` : '';
    return { behind: unjudged.length ? 'unresolved' : 'api', reach: unjudged.length ? widestReach([reach, 'unresolved']) : reach, words: `it forwards to ${what}${more}`, functions };
  }
  if (unjudged.length) return { behind: 'unresolved', reach: 'unresolved', words: `it forwards to ${unjudged.map(originWords).join(', ')}: what answers there is not known`, functions };
  const list = origins.length ? origins.map(originWords).join(', ') : 'no origin the scan can read';
  return { behind: 'static', reach: 'none', words: `it serves ${list}, with no route or function of the app behind it`, functions };
}

/** Callers from outside the account (as for APIs: what logs, TLS and a web ACL are for). */
const OUTSIDE_REACH: ReadonlySet<Reach> = new Set<Reach>(['public', 'unresolved', 'any-aws-account', 'cross-account', 'authenticated-users']);

/**
 * A distribution gap's severity from what stands behind it: `open` when a route or function URL
 * behind it takes requests from anyone without signing in, `outside` for other callers from outside
 * the account and origins the scan cannot judge, `rest` for static origins and the account's own.
 */
export function edgeSeverity(e: EdgeExposure, open: Severity, outside: Severity, rest: Severity = 'info'): Severity {
  if (e.behind === 'open') return open;
  if (e.behind === 'static') return rest;
  return OUTSIDE_REACH.has(e.reach) ? outside : rest;
}
