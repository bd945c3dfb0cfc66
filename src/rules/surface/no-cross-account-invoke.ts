import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';

/**
 * Another AWS account (or any account) can invoke a function: an external entry point that must be
 * intended, and is usually better scoped to an organization.
 */
export default findingsRule({
  id: 'surface/no-cross-account-invoke',
  description: 'Functions invocable from other AWS accounts must be reviewed and scoped to an organization.',
  category: 'cross-account-access',
  severity: 'medium',
  cwe: [284],
  messages: {
    cross: '{{entry}} lets {{who}} invoke {{fn}}.',
  },
  requires: [],
  sources: peers('aws-access-analyzer:external-access', 'nightlight-field:EXP-PERM-CROSS-ACCOUNT'),
  reads: 'model',
  *findings(model) {
    for (const ep of model.entryPoints) {
      if ((ep.kind !== 'lambda-permission' && ep.kind !== 'function-url') || ep.identity) continue;
      const k = ep.principal.kind;
      if (k !== 'cross-account' && k !== 'any-aws-account') continue;
      const who = k === 'any-aws-account' ? (ep.cloud === 'google' ? 'any Google account (allAuthenticatedUsers)' : 'any AWS account') : (ep.principal.detail ?? 'another account');
      yield { messageId: 'cross', data: { entry: ep.label, who, fn: ep.targets.join(', ') }, subject: ep.id, key: 'cross-account', location: ep.location, functions: ep.targets, severity: k === 'any-aws-account' ? 'high' : 'medium' };
    }
  },
});
