import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isApiEntry } from '../../analyses/surface/exposure.js';
import { openEndpointRank } from '../../model/findings.js';
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
 * API keys identify callers for usage plans; they are not authentication (they travel in clear and are shared).
 * An AppSync API whose most open authentication type is `API_KEY` admits anyone holding the key its
 * client app ships: its resolvers are open endpoints, ranked by what the functions behind them can do
 * (`openEndpointRank`, docs/severity.md). AppSync has no unauthenticated mode, so this rule is the one
 * finding for such a resolver (surface/no-unauthenticated-api-route reads API Gateway only), and for
 * one whose authentication cannot be read: it may be `API_KEY` (unknown is not safe), reported as
 * unresolved at what could not be read, at medium as the other unknown-auth cases are.
 */
export default findingsRule({
  id: 'surface/no-api-key-only-auth',
  description: 'API routes and GraphQL resolvers must not rely on an API key as their only protection.',
  category: 'weak-authentication',
  severity: 'medium',
  cwe: [287],
  messages: {
    apiKey: '{{route}} on {{api}} is protected only by an API key: keys identify callers for usage plans but are not authentication.',
    graphql: 'GraphQL {{fields}} on AppSync API {{api}} {{invokes}} {{fn}} for anyone holding an API key (API_KEY is its most open authentication type): the key ships in the client app, so anyone who extracts it can call {{them}}{{gives}}.',
    unresolved: 'The authentication of GraphQL {{fields}} on {{api}} ({{invokes}} {{fn}}) could not be determined ({{reason}}): if it admits API_KEY, anyone holding the key the client app ships can call {{them}}.',
  },
  requires: ['surface'],
  sources: peers('nightlight-field:EXP-APIKEY-AS-AUTH'),
  reads: 'surface',
  *findings(surface, { model }) {
    // AppSync entry points whose auth cannot be read: one finding per API, reason and functions,
    // as surface/no-unauthenticated-api-route groups API Gateway routes.
    const unread = new Map<string, EntryPoint[]>();
    for (const ep of model.entryPoints) {
      if (ep.kind === 'appsync-resolver' && ep.graphql && ep.auth.kind === 'unresolved') {
        const k = `${ep.graphql.api ?? ''}\u0000${ep.auth.reason ?? ''}\u0000${[...ep.targets].sort().join('+')}`;
        unread.set(k, [...(unread.get(k) ?? []), ep]);
        continue;
      }
      if (ep.auth.kind !== 'api-key') continue;
      if (ep.kind === 'appsync-resolver' && ep.graphql) {
        const { fields, many } = fieldsOf([ep]);
        const { severity, gives } = openEndpointRank(surface.blastRadius[ep.id] ? [surface.blastRadius[ep.id]!] : []);
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
      if (!isApiEntry(ep) || ep.method === 'OPTIONS') continue;
      yield { messageId: 'apiKey', data: { route: ep.label, api: ep.source ?? 'API' }, subject: ep.id, key: 'api-key', location: ep.location, functions: ep.targets };
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
