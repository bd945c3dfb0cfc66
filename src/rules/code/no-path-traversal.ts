import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not choose the file path a function reads or writes. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-path-traversal',
  description: 'Event data must not choose the file path a function reads or writes.',
  category: 'path-traversal',
  severity: 'medium',
  cwe: [22],
  sink: 'path-traversal',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (path traversal: the attacker reads or overwrites files outside the intended directory (/var/task code, /proc/self/environ credentials)); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.lang.security.audit.path-traversal.path-join-resolve-traversal'),
});
