import { postureRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * A function outside a VPC. Checkov (CKV_AWS_117) fails nearly every function for it; on its own
 * it claims no harm: a function outside a VPC cannot reach VPC-only data at all, and a VPC does
 * not stop an attacker who controls the event. So it is info (reported under the `all` profile
 * only), for users who keep a VPC policy and map their Checkov baseline onto nightlight.
 */
export default postureRule({
  id: 'posture/require-vpc',
  description: 'Functions outside a VPC (informational: a VPC policy check, no harm on its own).',
  category: 'misconfiguration',
  severity: 'info',
  messages: {
    outside: '{{fn}} is not attached to a VPC: its outbound traffic is not subject to security groups or VPC endpoints policy; no harm on its own.',
  },
  requires: [],
  sources: peers('checkov:CKV_AWS_117'),
  function: (fn) => (fn.posture?.inVpc === false ? { messageId: 'outside', key: 'vpc', severity: 'info' } : null),
});
