import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not be compiled into a regular expression. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-regex-dos',
  description: 'Event data must not be compiled into a regular expression.',
  category: 'regex-dos',
  severity: 'low',
  cwe: [1333],
  sink: 'regex-dos',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (regular-expression denial of service: a crafted pattern makes the function spin until it times out (and bills)); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.lang.security.audit.detect-non-literal-regexp'),
});
