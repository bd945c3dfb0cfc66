import { defineRule } from '../../engine/types.js';
import { COST_RULE_MESSAGES, findMissingThrottling } from '../../analyses/cost/index.js';

/** An API whose public routes rely only on the account-wide API Gateway throttle. */
export default defineRule({
  id: 'cost/require-api-throttling',
  meta: {
    description: 'APIs with public routes must set a stage, route or usage-plan throttle.',
    category: 'missing-throttling',
    severity: 'medium',
    cwe: [770],
    messages: { ...COST_RULE_MESSAGES.missingThrottling },
    requires: ['cost'],
    sources: [
      { tool: 'cdk-nag', id: 'APIGWDefaultThrottling' },
      { tool: 'serverless-rules', id: 'ES2003' },
      { tool: 'cfn_nag', id: 'W64' },
      { tool: 'nightlight-field', id: 'DOW-API-NO-THROTTLE' },
    ],
  },
  create(context) {
    const cost = context.analyses.cost;
    if (!cost) return;
    for (const f of findMissingThrottling(context.model, cost)) context.report(f);
  },
});
