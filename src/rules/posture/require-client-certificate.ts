import { apiPostureRule, stageGaps } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { peers } from '../../engine/types.js';

/**
 * A REST stage that forwards routes to an HTTP backend without a client certificate: the backend
 * cannot tell API Gateway's calls from anyone else's, so whoever reaches the backend directly skips
 * the API's authorizers, API keys and throttling. Only stages of APIs with HTTP integrations are
 * reported: API Gateway invokes functions through IAM, where a client certificate plays no part.
 * Low when callers from outside the account reach the API, info otherwise.
 */
export default apiPostureRule({
  id: 'posture/require-client-certificate',
  description: 'REST API stages that forward to HTTP backends should present a client certificate.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [295],
  sources: peers('checkov:CKV2_AWS_51'),
  messages: {
    stage: 'Stage {{stage}} of {{api}} forwards {{routes}} to an HTTP backend without a client certificate and {{who}}: the backend cannot tell the API\'s calls from anyone else\'s, so reaching it directly skips the API\'s authorization and throttling.',
    unresolved: '{{api}}: whether stage {{stage}} presents a client certificate could not be resolved ({{why}}), and {{who}}.',
  },
  gaps(api, exposure) {
    if (exposure.httpRoutes.length === 0) return [];
    const routes = exposure.httpRoutes.length > 3 ? `${exposure.httpRoutes.slice(0, 3).join(', ')} and ${exposure.httpRoutes.length - 3} more` : exposure.httpRoutes.join(', ');
    return stageGaps(api, (s) => s.clientCertificate, (on) => (on ? null : { routes }));
  },
  severityFor: (exposure) => (OUTSIDE.has(exposure.reach) ? 'low' : 'info'),
});
