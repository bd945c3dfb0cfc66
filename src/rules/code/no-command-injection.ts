import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not reach a shell command. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-command-injection',
  meta: {
    description: 'Event data must not reach a shell command.',
    category: 'command-injection',
    severity: 'high',
    cwe: [78],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (command injection: the attacker runs commands with the function\'s role); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'semgrep', id: 'javascript.lang.security.detect-child-process' }, { tool: 'bandit', id: 'B602' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'command-injection', 'high')) context.report(r);
  },
});
