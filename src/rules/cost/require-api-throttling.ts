import { costRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/** An API whose public routes rely only on the account-wide API Gateway throttle. */
export default costRule({
  id: 'cost/require-api-throttling',
  description: 'APIs with public routes must set a stage, route or usage-plan throttle.',
  category: 'missing-throttling',
  severity: 'medium',
  cwe: [770],
  check: 'missingThrottling',
  messages: {
    noThrottle: '{{api}} has no stage, route or usage-plan throttle on {{count}} public route(s) ({{routes}}): only the {{accountRps}} rps account-wide limit applies, shared with every other API in the Region.',
  },
  sources: peers('cdk-nag:APIGWDefaultThrottling', 'serverless-rules:ES2003', 'cfn_nag:W64', 'nightlight-field:DOW-API-NO-THROTTLE'),
});
