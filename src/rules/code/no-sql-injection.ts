import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not reach SQL text (string-built queries) without parameters. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-sql-injection',
  description: 'Event data must not reach SQL text (string-built queries) without parameters.',
  category: 'sql-injection',
  severity: 'high',
  cwe: [89],
  sink: 'sql-injection',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (SQL injection: the attacker can read, change or delete the database); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.lang.security.audit.sqli', 'bandit:B608'),
});
