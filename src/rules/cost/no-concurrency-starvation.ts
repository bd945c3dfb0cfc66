import { costRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * The flip side of denial of wallet: one attacked function without reserved concurrency takes the
 * whole unreserved pool and throttles every other function; or reservations leave fewer than 100.
 */
export default costRule({
  id: 'cost/no-concurrency-starvation',
  description: 'A publicly driven function must not be able to take the whole unreserved concurrency pool, and reservations must leave at least 100 unreserved.',
  category: 'concurrency-starvation',
  severity: 'medium',
  cwe: [400],
  check: 'concurrencyStarvation',
  messages: {
    poolTooSmall: "Reserved concurrency totals {{reserved}} of the account's {{account}}, leaving {{unreserved}} unreserved: AWS requires at least {{minimum}}, and functions without reservations are starved.",
    takesPool: '{{function}} has no reserved concurrency and {{entry}} lets an outside caller occupy the whole unreserved pool ({{pool}}), throttling every other function in the account and Region ({{others}} in this app).',
  },
  sources: peers('nightlight-field:DOW-POOL-STARVATION'),
});
