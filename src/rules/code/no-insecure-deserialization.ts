import { taintRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Event data must not be deserialised with formats that can build arbitrary objects (pickle, node-serialize, yaml.load). Reported at the sink line, with the flow from the event field (and, when the data
 * crosses functions, from the first handler's source) as code flows. Exposure sets the severity.
 */
export default taintRule({
  id: 'code/no-insecure-deserialization',
  description: 'Event data must not be deserialised with formats that can build arbitrary objects (pickle, node-serialize, yaml.load).',
  category: 'insecure-deserialization',
  severity: 'high',
  cwe: [502],
  sink: 'insecure-deserialization',
  message:
    '{{fn}} passes {{source}} to {{sink}} unsanitised (insecure deserialisation: the attacker runs code when the data is loaded); reachable from {{exposure}}.',
  sources: peers('bandit:B301', 'semgrep:python.lang.security.deserialization.pickle'),
});
