import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not be returned in an HTML response without escaping. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-xss',
  meta: {
    description: 'Event data must not be returned in an HTML response without escaping.',
    category: 'xss',
    severity: 'medium',
    cwe: [79],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (cross-site scripting: the attacker runs script in the browsers of the function\'s users); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'semgrep', id: 'javascript.express.security.audit.xss' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'xss', 'medium')) context.report(r);
  },
});
