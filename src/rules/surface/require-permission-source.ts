import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isUnresolved } from '../../model/types.js';

/** Services that cannot name a source (prowler PR #5300: Secrets Manager rotation). */
const EXEMPT = new Set(['secretsmanager.amazonaws.com']);
/** S3 bucket ARNs carry no account, so S3 also needs SourceAccount. */
const NEEDS_ACCOUNT = new Set(['s3.amazonaws.com']);

/**
 * A permission for an AWS service principal with no SourceArn (and, for S3, no SourceAccount) lets
 * that service invoke the function on behalf of any customer's resource: the confused deputy.
 */
export default findingsRule({
  id: 'surface/require-permission-source',
  description: 'Lambda permissions for AWS service principals must be scoped with SourceArn (and SourceAccount for S3).',
  category: 'public-resource-policy',
  severity: 'high',
  cwe: [441],
  messages: {
    noSource: 'Permission {{perm}} lets {{service}} invoke {{fn}} without SourceArn: any {{service}} resource, in any account, can trigger it (confused deputy).',
    noAccount: 'Permission {{perm}} lets s3.amazonaws.com invoke {{fn}} without SourceAccount: bucket ARNs carry no account, so a bucket of that name in another account could trigger it.',
  },
  requires: [],
  sources: peers('checkov:CKV_AWS_364', 'cfn-lint:W3663', 'nightlight-field:EXP-PERM-CONFUSED-DEPUTY'),
  reads: 'model',
  *findings(model) {
    for (const fn of model.functions) {
      for (const p of fn.permissions) {
        if (isUnresolved(p.principal)) continue;
        const service = p.principal;
        if (!/\.amazonaws\.com$|\.amazon\.com$/.test(service) || EXEMPT.has(service)) continue;
        const data = { perm: p.resourceId, fn: fn.id, service };
        if (!p.sourceArn && !p.sourceAccount) yield { messageId: 'noSource', data, subject: fn.id, key: `${p.resourceId}`, location: p.location, functions: [fn.id] };
        else if (NEEDS_ACCOUNT.has(service) && !p.sourceAccount) yield { messageId: 'noAccount', data, subject: fn.id, key: `${p.resourceId}`, location: p.location, functions: [fn.id], severity: 'medium' };
      }
    }
  },
});
