import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isApiEntry } from '../../analyses/surface/exposure.js';

/** API keys identify callers for usage plans; they are not authentication (they travel in clear and are shared). */
export default findingsRule({
  id: 'surface/no-api-key-only-auth',
  description: 'API routes must not rely on an API key as their only protection.',
  category: 'weak-authentication',
  severity: 'medium',
  cwe: [287],
  messages: {
    apiKey: '{{route}} on {{api}} is protected only by an API key: keys identify callers for usage plans but are not authentication.',
  },
  requires: [],
  sources: peers('nightlight-field:EXP-APIKEY-AS-AUTH'),
  reads: 'model',
  *findings(model) {
    for (const ep of model.entryPoints) {
      if (!isApiEntry(ep) || ep.auth.kind !== 'api-key' || ep.method === 'OPTIONS') continue;
      yield { messageId: 'apiKey', data: { route: ep.label, api: ep.source ?? 'API' }, subject: ep.id, key: 'api-key', location: ep.location, functions: ep.targets };
    }
  },
});
