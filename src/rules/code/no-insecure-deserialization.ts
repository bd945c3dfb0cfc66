import { defineRule } from '../../engine/types.js';
import { taintReportInputs } from '../../analyses/code/findings.js';

/**
 * Event data must not be deserialised with formats that can build arbitrary objects (pickle, node-serialize, yaml.load). Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default defineRule({
  id: 'code/no-insecure-deserialization',
  meta: {
    description: 'Event data must not be deserialised with formats that can build arbitrary objects (pickle, node-serialize, yaml.load).',
    category: 'insecure-deserialization',
    severity: 'high',
    cwe: [502],
    messages: {
      taint: '{{fn}} passes {{source}} to {{sink}} unsanitised (insecure deserialisation: the attacker runs code when the data is loaded); reachable from {{exposure}}.',
    },
    requires: ['code', 'surface'],
    sources: [{ tool: 'bandit', id: 'B301' }, { tool: 'semgrep', id: 'python.lang.security.deserialization.pickle' }],
  },
  create(context) {
    const code = context.analyses.code;
    if (!code) return;
    for (const r of taintReportInputs(context.model, code, 'insecure-deserialization', 'high')) context.report(r);
  },
});
