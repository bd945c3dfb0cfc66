import { defineRule } from '../../engine/types.js';
import { riskReportInputs } from '../../analyses/iam/risk-eval.js';

/**
 * Functions must not be able to do everything in the account (`*:*`, AdministratorAccess, PowerUserAccess, IAMFullAccess).
 * The risk catalog (src/analyses/iam/risks.ts) defines what counts; the IAM analysis decides, per
 * function, whether the role's policies actually allow it on the resources it needs (a Deny, a
 * resource scope, a boundary or a known condition suppresses it). A shared role is reported once.
 */
export default defineRule({
  id: 'iam/no-admin-access',
  meta: {
    description: 'Functions must not be able to do everything in the account (`*:*`, AdministratorAccess, PowerUserAccess, IAMFullAccess).',
    category: 'over-privileged-function',
    severity: 'critical',
    cwe: [250, 269],
    messages: {
      risk: '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}',
    },
    requires: ['iam', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'IAM-ADMIN-MANAGED' }, { tool: 'nightlight-field', id: 'IAM-STAR-ACTION' }, { tool: 'cfn_nag', id: 'W43/W44' }, { tool: 'cdk-nag', id: 'AwsSolutions-IAM4' }, { tool: 'checkov', id: 'CKV_AWS_1' }, { tool: 'pmapper', id: 'is_admin' }],
  },
  create(context) {
    for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, ['admin'])) context.report(r);
  },
});
