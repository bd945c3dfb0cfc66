import { defineRule } from '../../engine/types.js';
import { riskReportInputs } from '../../analyses/iam/risk-eval.js';

/**
 * Functions must not read every secret, parameter, object, table or key in the account (unscoped read actions).
 * The risk catalog (src/analyses/iam/risks.ts) defines what counts; the IAM analysis decides, per
 * function, whether the role's policies actually allow it on the resources it needs (a Deny, a
 * resource scope, a boundary or a known condition suppresses it). A shared role is reported once.
 */
export default defineRule({
  id: 'iam/no-data-exfiltration',
  meta: {
    description: 'Functions must not read every secret, parameter, object, table or key in the account (unscoped read actions).',
    category: 'data-exfiltration',
    severity: 'medium',
    cwe: [200],
    messages: {
      risk: '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}',
    },
    requires: ['iam', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'IAM-DATA-READ-UNSCOPED' }, { tool: 'cloudsplaining', id: 'DataExfiltration' }, { tool: 'checkov', id: 'CKV_AWS_108' }],
  },
  create(context) {
    for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, ['data-exfiltration'])) context.report(r);
  },
});
