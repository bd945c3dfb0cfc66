import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not choose the URL or host a function requests. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-ssrf',
  description: 'Event data must not choose the URL or host a function requests.',
  category: 'ssrf',
  severity: 'high',
  cwe: [918],
  sink: 'ssrf',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (server-side request forgery: the attacker makes the function call internal or metadata endpoints); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.lang.security.audit.ssrf'),
});
