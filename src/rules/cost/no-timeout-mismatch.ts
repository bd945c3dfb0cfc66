import { defineRule } from '../../engine/types.js';
import { COST_RULE_MESSAGES, findTimeoutMismatch } from '../../analyses/cost/index.js';

/** A function that runs (and bills) after its caller has given up, or that an attacker can hold for minutes. */
export default defineRule({
  id: 'cost/no-timeout-mismatch',
  meta: {
    description: 'Function timeouts must not exceed the API Gateway integration timeout, nor approach 900 s on a public path.',
    category: 'timeout-mismatch',
    severity: 'medium',
    cwe: [400],
    messages: { ...COST_RULE_MESSAGES.timeoutMismatch },
    requires: ['cost'],
    sources: [{ tool: 'nightlight-field', id: 'DOW-TIMEOUT-MISMATCH' }],
  },
  create(context) {
    const cost = context.analyses.cost;
    if (!cost) return;
    for (const f of findTimeoutMismatch(context.model, cost)) context.report(f);
  },
});
