import { defineRule } from '../../engine/types.js';
import { COST_RULE_MESSAGES, findDenialOfWallet } from '../../analyses/cost/index.js';

/**
 * A public or any-account entry point with no effective cap: the worst-case spend an outside caller
 * can cause, per day, against the configured budget.
 */
export default defineRule({
  id: 'cost/no-denial-of-wallet',
  meta: {
    description: 'Publicly invocable entry points must have a cap (throttle, usage plan or reserved concurrency) that keeps the worst-case spend within budget.',
    category: 'denial-of-wallet',
    severity: 'high',
    cwe: [400, 770],
    messages: { ...COST_RULE_MESSAGES.denialOfWallet },
    requires: ['cost', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'DOW-COST-CEILING' }, { tool: 'nightlight-field', id: 'DOW-PUBLIC-NO-CAP' }],
  },
  create(context) {
    const cost = context.analyses.cost;
    if (!cost) return;
    for (const f of findDenialOfWallet(context.model, cost)) context.report(f);
  },
});
