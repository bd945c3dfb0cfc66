import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not choose the URL or host a function requests. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-ssrf',
  meta: {
    description: 'Event data must not choose the URL or host a function requests.',
    category: 'ssrf',
    severity: 'high',
    cwe: [918],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (server-side request forgery: the attacker makes the function call internal or metadata endpoints); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'semgrep', id: 'javascript.lang.security.audit.ssrf' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'ssrf', 'high')) context.report(r);
  },
});
