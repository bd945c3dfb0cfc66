import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not reach NoSQL query objects or DynamoDB expression strings. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-nosql-injection',
  meta: {
    description: 'Event data must not reach NoSQL query objects or DynamoDB expression strings.',
    category: 'nosql-injection',
    severity: 'high',
    cwe: [943],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (NoSQL injection: the attacker can widen or rewrite the query); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'semgrep', id: 'javascript.express.security.injection.tainted-nosql' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'nosql-injection', 'high')) context.report(r);
  },
});
