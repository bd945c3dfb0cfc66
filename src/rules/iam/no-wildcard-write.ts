import { defineRule } from '../../engine/types.js';
import { riskReportInputs } from '../../analyses/iam/risk-eval.js';

/**
 * Functions must not hold write or permissions-management actions on every resource (`Resource: *` without a condition).
 * The risk catalog (src/analyses/iam/risks.ts) defines what counts; the IAM analysis decides, per
 * function, whether the role's policies actually allow it on the resources it needs (a Deny, a
 * resource scope, a boundary or a known condition suppresses it). A shared role is reported once.
 */
export default defineRule({
  id: 'iam/no-wildcard-write',
  meta: {
    description: 'Functions must not hold write or permissions-management actions on every resource (`Resource: *` without a condition).',
    category: 'over-privileged-function',
    severity: 'medium',
    cwe: [732],
    messages: {
      risk: '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}',
    },
    requires: ['iam', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'IAM-WRITE-ON-STAR' }, { tool: 'cloudsplaining', id: 'ResourceExposure' }, { tool: 'checkov', id: 'CKV_AWS_111' }, { tool: 'cfn_nag', id: 'W11-W13' }, { tool: 'parliament', id: 'RESOURCE_STAR' }],
  },
  create(context) {
    for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, ['wildcard-write'])) context.report(r);
  },
});
