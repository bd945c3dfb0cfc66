import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';

/**
 * A role whose trust policy lets anyone assume it: `Principal: "*"`, `Principal: { AWS: "*" }` or an
 * Allow with `NotPrincipal`, with no condition naming an account, organization, principal or
 * source. Any role of the model counts, not only execution roles: whoever assumes it gets its
 * permissions (and, for an execution role, everything the function can do).
 */
export default findingsRule({
  id: 'iam/no-public-role-trust',
  description: 'Role trust policies must not let any principal assume the role (Principal "*" without a narrowing condition, or NotPrincipal).',
  category: 'public-resource-policy',
  severity: 'critical',
  cwe: [284],
  messages: {
    trust: 'Role {{role}} trusts {{reason}} with no condition naming an account, organization or source, so any AWS principal can assume it{{fns}}.',
  },
  requires: ['iam'],
  sources: peers('nightlight-field:EXP-ROLE-TRUST-PUBLIC', 'checkov:CKV_AWS_60', 'cfn_nag:F2/F6', 'cloudsplaining:AssumableByAnyPrincipal'),
  reads: 'iamRisks',
  *findings(risks) {
    for (const t of risks.publicTrust) {
      yield {
        messageId: 'trust',
        data: { role: t.roleId, reason: t.reason, fns: t.functions.length > 0 ? ` and act as ${t.functions.join(', ')}` : '' },
        subject: t.roleId,
        key: `Trust::${t.sid ?? t.index}`,
        location: t.location,
        functions: t.functions,
      };
    }
  },
});
