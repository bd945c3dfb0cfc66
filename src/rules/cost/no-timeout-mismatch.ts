import { costRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/** A function that runs (and bills) after its caller has given up, or that an attacker can hold for minutes. */
export default costRule({
  id: 'cost/no-timeout-mismatch',
  description: 'Function timeouts must not exceed the API Gateway integration timeout, nor approach 900 s on a public path.',
  category: 'timeout-mismatch',
  severity: 'medium',
  cwe: [400],
  check: 'timeoutMismatch',
  messages: {
    integration: '{{function}} has a timeout of {{timeout}} s behind {{entry}}, whose integration gives up after {{integrationTimeout}} s: the caller gets an error while Lambda keeps billing.',
    long: '{{function}} has a timeout of {{timeout}} s on a public path ({{entry}}): each call an attacker holds is billed for up to {{timeout}} s.',
  },
  sources: peers('nightlight-field:DOW-TIMEOUT-MISMATCH'),
});
