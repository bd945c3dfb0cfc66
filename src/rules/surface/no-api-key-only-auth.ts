import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isApiEntry } from '../../analyses/surface/exposure.js';
import { openEndpointRank } from '../../model/findings.js';

/**
 * API keys identify callers for usage plans; they are not authentication (they travel in clear and are shared).
 * An AppSync API whose most open authentication type is `API_KEY` admits anyone holding the key its
 * client app ships: its resolvers are open endpoints, ranked by what the functions behind them can do
 * (`openEndpointRank`, docs/severity.md). AppSync has no unauthenticated mode, so this rule is the one
 * finding for such a resolver (surface/no-unauthenticated-api-route reads API Gateway only).
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
  },
  requires: ['surface'],
  sources: peers('nightlight-field:EXP-APIKEY-AS-AUTH'),
  reads: 'surface',
  *findings(surface, { model }) {
    for (const ep of model.entryPoints) {
      if (ep.auth.kind !== 'api-key') continue;
      if (ep.kind === 'appsync-resolver') {
        // The label is `Type.field, ... (data source X)` or `data source X of API` (no resolver in the scan).
        const m = /^(.*) \(data source (.*)\)$/.exec(ep.label);
        const fields = m ? m[1]!.split(', ') : [];
        const { severity, gives } = openEndpointRank(surface.blastRadius[ep.id] ? [surface.blastRadius[ep.id]!] : []);
        yield {
          messageId: 'graphql',
          data: {
            fields: m ? `field${fields.length > 1 ? 's' : ''} ${fields.join(', ')} (data source ${m[2]!})` : `resolvers of ${ep.label.replace(/ of .*$/, '')}`,
            invokes: fields.length > 1 || !m ? 'invoke' : 'invokes',
            them: fields.length > 1 || !m ? 'them' : 'it',
            api: ep.source ?? 'an AppSync API outside the scan',
            fn: ep.targets.join(', '),
            gives,
          },
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
  },
});
