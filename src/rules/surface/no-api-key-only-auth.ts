import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isApiEntry } from '../../analyses/surface/exposure.js';
import type { SurfaceAnalysis } from '../../analyses/surface/types.js';
import { openEndpointRank, severityFor, type Severity } from '../../model/findings.js';
import type { EntryPoint } from '../../model/types.js';

/** `Query.order, Mutation.place`: the fields an AppSync entry point runs for (`?` for a name that cannot be read). */
function fieldList(ep: EntryPoint): string[] {
  return (ep.graphql?.fields ?? []).map((f) => `${typeof f.type === 'string' ? f.type : '?'}.${typeof f.field === 'string' ? f.field : '?'}`);
}

/** `fields Query.order, Query.orders (data source Backend)`, or the data source's resolvers when no resolver of the scan uses it. */
function fieldsOf(eps: readonly EntryPoint[]): { fields: string; many: boolean } {
  const parts = eps.map((ep) => {
    const fields = fieldList(ep);
    const ds = ep.graphql?.dataSource ?? ep.label;
    return { text: fields.length > 0 ? `${fields.join(', ')} (data source ${ds})` : `resolvers of data source ${ds}`, n: fields.length === 1 ? 1 : 2 };
  });
  const n = parts.reduce((a, p) => a + p.n, 0);
  const named = eps.some((ep) => fieldList(ep).length > 0);
  return { fields: `${named ? `field${n > 1 ? 's' : ''} ` : ''}${parts.map((p) => p.text).join('; ')}`, many: n > 1 };
}

/**
 * One policy for every key-only endpoint, API Gateway or AppSync: what it gives is what the
 * functions behind it can do (`openEndpointRank`, as for an endpoint anyone calls), and who reaches
 * it is whoever holds a key: one step below anyone (docs/severity.md), as the denial-of-wallet
 * ceiling of such an endpoint is ranked. Medium when the functions hold a grant beyond what they
 * need to run or what they hold is not known, low when they hold nothing more.
 */
function keyRank(surface: SurfaceAnalysis, eps: readonly EntryPoint[]): { severity: Severity; gives: string } {
  const { severity, gives } = openEndpointRank(eps.flatMap((e) => surface.blastRadius[e.id] ?? []));
  return { severity: severityFor(severity, 'authenticated-users'), gives };
}

const byLine = (a: EntryPoint, b: EntryPoint): number => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) || a.location.line - b.location.line || (a.id < b.id ? -1 : 1);

/**
 * API keys identify callers for usage plans; they are not authentication (they travel in clear and
 * are shared, and an AppSync API's key ships in its client app). An API Gateway route whose only
 * protection is `ApiKeyRequired`, and an AppSync API whose most open authentication type is
 * `API_KEY`, admit anyone holding a key, ranked by `keyRank`. AppSync has no unauthenticated mode,
 * so this rule is the one finding for such a resolver (surface/no-unauthenticated-api-route reads
 * API Gateway only), and for one whose authentication cannot be read: it may be `API_KEY` (unknown
 * is not safe), reported as unresolved at what could not be read, at medium as the other
 * unknown-auth cases are. One weakness, one finding: routes of one API, and AppSync data sources of
 * one API whose auth cannot be read, that invoke the same functions are one finding.
 */
export default findingsRule({
  id: 'surface/no-api-key-only-auth',
  description: 'API routes and GraphQL resolvers must not rely on an API key as their only protection.',
  category: 'weak-authentication',
  severity: 'medium',
  cwe: [287],
  messages: {
    apiKey: '{{route}} on {{api}} {{is}} protected only by an API key: keys identify callers for usage plans but are not authentication, so anyone holding one can call {{fn}}{{gives}}.',
    graphql: 'GraphQL {{fields}} on AppSync API {{api}} {{invokes}} {{fn}} for anyone holding an API key (API_KEY is its most open authentication type): the key ships in the client app, so anyone who extracts it can call {{them}}{{gives}}.',
    unresolved: 'The authentication of GraphQL {{fields}} on {{api}} ({{invokes}} {{fn}}) could not be determined ({{reason}}): if it admits API_KEY, anyone holding the key the client app ships can call {{them}}.',
  },
  requires: ['surface'],
  sources: peers('nightlight-field:EXP-APIKEY-AS-AUTH'),
  reads: 'surface',
  *findings(surface, { model }) {
    // Groups by API and functions: API Gateway key-only routes, and AppSync data sources whose
    // auth cannot be read (by reason too), as surface/no-unauthenticated-api-route groups routes.
    const routes = new Map<string, EntryPoint[]>();
    const unread = new Map<string, EntryPoint[]>();
    const add = (m: Map<string, EntryPoint[]>, k: string, ep: EntryPoint): void => void m.set(k, [...(m.get(k) ?? []), ep]);
    for (const ep of model.entryPoints) {
      const fns = [...ep.targets].sort().join('+');
      if (ep.kind === 'appsync-resolver' && ep.graphql) {
        if (ep.auth.kind === 'unresolved') add(unread, `${ep.graphql.api ?? ''}\u0000${ep.auth.reason ?? ''}\u0000${fns}`, ep);
        if (ep.auth.kind !== 'api-key') continue;
        const { fields, many } = fieldsOf([ep]);
        const { severity, gives } = keyRank(surface, [ep]);
        yield {
          messageId: 'graphql',
          data: { fields, invokes: many ? 'invoke' : 'invokes', them: many ? 'them' : 'it', api: ep.graphql.api ?? 'an AppSync API outside the scan', fn: ep.targets.join(', '), gives },
          subject: ep.id,
          key: 'api-key',
          location: ep.location,
          functions: ep.targets,
          severity,
        };
        continue;
      }
      if (ep.auth.kind === 'api-key' && isApiEntry(ep) && ep.method !== 'OPTIONS') add(routes, `${ep.source ?? ''}\u0000${fns}`, ep);
    }
    for (const group of routes.values()) {
      const eps = group.sort(byLine);
      const first = eps[0]!;
      const labels = eps.map((e) => e.label);
      const functions = [...new Set(eps.flatMap((e) => e.targets))].sort();
      const { severity, gives } = keyRank(surface, eps);
      yield {
        messageId: 'apiKey',
        data: { route: labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}` : labels[0]!, is: labels.length > 1 ? 'are' : 'is', api: first.source ?? 'API', fn: functions.join(', '), gives },
        subject: first.id,
        // A route added to the group is a change a baseline must not absorb: the key names the routes.
        key: eps.length > 1 ? `api-key:${labels.slice().sort().join(',')}` : 'api-key',
        location: first.location,
        functions,
        ...(eps.length > 1 ? { related: eps.slice(1).map((e) => ({ location: e.location, message: `${e.label} → ${e.targets.join(', ')}` })) } : {}),
        severity,
      };
    }
    for (const group of unread.values()) {
      const eps = group.sort((a, b) => (a.id < b.id ? -1 : 1));
      const first = eps[0]!;
      const { fields, many } = fieldsOf(eps);
      const functions = [...new Set(eps.flatMap((e) => e.targets))].sort();
      yield {
        messageId: 'unresolved',
        data: { fields, invokes: many ? 'invoke' : 'invokes', them: many ? 'them' : 'it', api: first.graphql!.api !== null ? `AppSync API ${first.graphql!.api}` : 'an AppSync API outside the scan', fn: functions.join(', '), reason: first.auth.reason ?? 'unknown' },
        subject: first.id,
        // A data source added to the group is a change a baseline must not absorb: the key names them.
        key: eps.length > 1 ? `auth:${eps.map((e) => e.graphql!.dataSource).join(',')}` : 'auth',
        location: first.graphql!.authLocation,
        functions,
        related: eps.map((e) => ({ location: e.location, message: `data source ${e.graphql!.dataSource} → ${e.targets.join(', ')}` })),
        severity: 'medium',
      };
    }
  },
});
