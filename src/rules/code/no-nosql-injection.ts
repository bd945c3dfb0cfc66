import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not reach NoSQL query objects or DynamoDB expression strings. Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-nosql-injection',
  description: 'Event data must not reach NoSQL query objects or DynamoDB expression strings.',
  category: 'nosql-injection',
  severity: 'high',
  cwe: [943],
  sink: 'nosql-injection',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (NoSQL injection: the attacker can widen or rewrite the query); reachable from {{exposure}}.',
  sources: peers('semgrep:javascript.express.security.injection.tainted-nosql'),
});
