import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';

/**
 * An AWS SDK call in the handler that the execution role does not allow on the resource it names:
 * it fails with AccessDenied at run time. Reported at the call.
 */
export default findingsRule({
  id: 'iam/require-granted-permission',
  description: 'Every AWS SDK call the handler makes must be allowed by its execution role.',
  category: 'missing-permission',
  severity: 'low',
  messages: {
    missing: '{{fn}} calls {{action}} on {{resource}}, which its role does not allow ({{decision}}): the call fails with AccessDenied.',
  },
  requires: ['iam', 'code'],
  sources: peers('nightlight-field:IAM-MISSING'),
  reads: 'leastPrivilege',
  *findings(lp) {
    for (const id of Object.keys(lp.functions).sort()) {
      for (const m of lp.functions[id]!.missing) {
        yield {
          messageId: 'missing',
          data: { fn: id, action: m.action, resource: m.resource, decision: m.decision === 'explicitly-denied' ? 'explicitly denied' : 'no statement allows it' },
          subject: id,
          key: `${m.action}::${m.resource}`,
          location: m.call,
          functions: [id],
          related: m.deniedBy.map((d) => ({ location: d.location, message: `denied by ${d.policy}` })),
        };
      }
    }
  },
});
