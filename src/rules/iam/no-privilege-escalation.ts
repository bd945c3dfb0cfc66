import { defineRule } from '../../engine/types.js';
import { riskReportInputs } from '../../analyses/iam/risk-eval.js';

/**
 * Functions must not hold a combination of permissions that lets them gain another role's privileges (PassRole + CreateFunction, UpdateFunctionCode on other functions, policy edits, ...).
 * The risk catalog (src/analyses/iam/risks.ts) defines what counts; the IAM analysis decides, per
 * function, whether the role's policies actually allow it on the resources it needs (a Deny, a
 * resource scope, a boundary or a known condition suppresses it). A shared role is reported once.
 */
export default defineRule({
  id: 'iam/no-privilege-escalation',
  meta: {
    description: 'Functions must not hold a combination of permissions that lets them gain another role\'s privileges (PassRole + CreateFunction, UpdateFunctionCode on other functions, policy edits, ...).',
    category: 'privilege-escalation',
    severity: 'critical',
    cwe: [269],
    messages: {
      risk: '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}',
    },
    requires: ['iam', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'IAM-PRIVESC' }, { tool: 'cloudsplaining', id: 'PrivilegeEscalation' }, { tool: 'pmapper', id: 'edges' }, { tool: 'checkov', id: 'CKV_AWS_110' }, { tool: 'parliament', id: 'PRIVILEGE_ESCALATION' }],
  },
  create(context) {
    for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, ['privilege-escalation'])) context.report(r);
  },
});
