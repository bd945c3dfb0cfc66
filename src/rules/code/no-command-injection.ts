import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not reach a shell command. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-command-injection',
  description: 'Event data must not reach a shell command.',
  category: 'command-injection',
  severity: 'high',
  cwe: [78],
  sink: 'command-injection',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (command injection: the attacker runs commands with the function\'s role); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.lang.security.detect-child-process', 'bandit:B602'),
});
