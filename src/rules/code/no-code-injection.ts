import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not reach eval, Function, vm or exec. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-code-injection',
  description: 'Event data must not reach eval, Function, vm or exec.',
  category: 'code-injection',
  severity: 'high',
  cwe: [94, 95],
  sink: 'code-injection',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (code injection: the attacker runs code with the function\'s role); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.lang.security.audit.code-string-concat', 'bandit:B307'),
});
