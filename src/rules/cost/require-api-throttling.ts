import { costRule } from '../kinds.js';

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
  sources: [
    { tool: 'cdk-nag', id: 'APIGWDefaultThrottling' },
    { tool: 'serverless-rules', id: 'ES2003' },
    { tool: 'cfn_nag', id: 'W64' },
    { tool: 'nightlight-field', id: 'DOW-API-NO-THROTTLE' },
  ],
});
