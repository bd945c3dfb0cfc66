import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not be compiled into a regular expression. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-regex-dos',
  meta: {
    description: 'Event data must not be compiled into a regular expression.',
    category: 'regex-dos',
    severity: 'low',
    cwe: [1333],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (regular-expression denial of service: a crafted pattern makes the function spin until it times out (and bills)); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'semgrep', id: 'javascript.lang.security.audit.detect-non-literal-regexp' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'regex-dos', 'low')) context.report(r);
  },
});
