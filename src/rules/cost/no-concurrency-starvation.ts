import { defineRule } from '../../engine/types.js';
import { COST_RULE_MESSAGES, findConcurrencyStarvation } from '../../analyses/cost/index.js';

/**
 * The flip side of denial of wallet: one attacked function without reserved concurrency takes the
 * whole unreserved pool and throttles every other function; or reservations leave fewer than 100.
 */
export default defineRule({
  id: 'cost/no-concurrency-starvation',
  meta: {
    description: 'A publicly driven function must not be able to take the whole unreserved concurrency pool, and reservations must leave at least 100 unreserved.',
    category: 'concurrency-starvation',
    severity: 'medium',
    cwe: [400],
    messages: { ...COST_RULE_MESSAGES.concurrencyStarvation },
    requires: ['cost'],
    sources: [{ tool: 'nightlight-field', id: 'DOW-POOL-STARVATION' }],
  },
  create(context) {
    const cost = context.analyses.cost;
    if (!cost) return;
    for (const f of findConcurrencyStarvation(context.model, cost)) context.report(f);
  },
});
