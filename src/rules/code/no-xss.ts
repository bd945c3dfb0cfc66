import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not be returned in an HTML response without escaping. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-xss',
  description: 'Event data must not be returned in an HTML response without escaping.',
  category: 'xss',
  severity: 'medium',
  cwe: [79],
  sink: 'xss',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (cross-site scripting: the attacker runs script in the browsers of the function\'s users); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.express.security.audit.xss'),
});
