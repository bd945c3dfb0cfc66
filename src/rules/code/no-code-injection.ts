import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not reach eval, Function, vm or exec. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-code-injection',
  meta: {
    description: 'Event data must not reach eval, Function, vm or exec.',
    category: 'code-injection',
    severity: 'high',
    cwe: [94, 95],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (code injection: the attacker runs code with the function\'s role); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'semgrep', id: 'javascript.lang.security.audit.code-string-concat' }, { tool: 'bandit', id: 'B307' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'code-injection', 'high')) context.report(r);
  },
});
