import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not reach SQL text (string-built queries) without parameters. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-sql-injection',
  meta: {
    description: 'Event data must not reach SQL text (string-built queries) without parameters.',
    category: 'sql-injection',
    severity: 'high',
    cwe: [89],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (SQL injection: the attacker can read, change or delete the database); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'semgrep', id: 'javascript.lang.security.audit.sqli' }, { tool: 'bandit', id: 'B608' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'sql-injection', 'high')) context.report(r);
  },
});
