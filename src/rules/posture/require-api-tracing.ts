import { apiPostureRule, stageGaps } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { peers } from '../../engine/types.js';

/**
 * A REST stage without X-Ray tracing: a request from outside cannot be followed from the API through
 * its authorizer, its integration and the functions behind it after an incident (function tracing is
 * `posture/require-tracing`). Low when callers from outside the account reach the API, info
 * otherwise. HTTP and WebSocket APIs do not support X-Ray and are not reported.
 */
export default apiPostureRule({
  id: 'posture/require-api-tracing',
  description: 'REST API stages that callers from outside the account reach should have X-Ray tracing.',
  category: 'missing-observability',
  severity: 'low',
  cwe: [778],
  sources: peers('checkov:CKV_AWS_73'),
  messages: {
    stage: 'Stage {{stage}} of {{api}} has no X-Ray tracing and {{who}}: a request cannot be followed through the API into the functions behind it after an incident.',
    unresolved: '{{api}}: whether stage {{stage}} is traced could not be resolved ({{why}}), and {{who}}.',
  },
  gaps: (api) => stageGaps(api, (s) => s.tracing, (on) => (on ? null : {})),
  severityFor: (exposure) => (OUTSIDE.has(exposure.reach) ? 'low' : 'info'),
});
