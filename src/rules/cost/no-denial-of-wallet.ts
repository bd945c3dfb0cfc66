import { costRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * A public or any-account entry point with no effective cap: the worst-case spend an outside caller
 * can cause, per day, against the configured budget.
 */
export default costRule({
  id: 'cost/no-denial-of-wallet',
  description: 'Publicly invocable entry points must have a cap (throttle, usage plan or reserved concurrency) that keeps the worst-case spend within budget.',
  category: 'denial-of-wallet',
  severity: 'high',
  cwe: [400, 770],
  check: 'denialOfWallet',
  messages: {
    ceiling: '{{entry}} {{lets}} {{who}} drive {{function}} to about {{perDay}}/day ({{perHour}}/hour, bound by {{binding}}), {{ratio}}× the {{budget}}/day budget{{starves}}.{{fix}}',
    unbounded: '{{entry}} {{lets}} {{who}} reach a recursion loop through {{function}} that AWS does not stop: spend (about {{perDay}}/day at the concurrency cap) continues after the attack ends.{{fix}}',
  },
  sources: peers('nightlight-field:DOW-COST-CEILING', 'nightlight-field:DOW-PUBLIC-NO-CAP'),
});
