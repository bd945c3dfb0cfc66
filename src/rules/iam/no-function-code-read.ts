import { defineRule } from '../../engine/types.js';
import { riskReportInputs } from '../../analyses/iam/risk-eval.js';

/**
 * Functions must not be able to download the code or read the environment of other functions.
 * The risk catalog (src/analyses/iam/risks.ts) defines what counts; the IAM analysis decides, per
 * function, whether the role's policies actually allow it on the resources it needs (a Deny, a
 * resource scope, a boundary or a known condition suppresses it). A shared role is reported once.
 */
export default defineRule({
  id: 'iam/no-function-code-read',
  meta: {
    description: 'Functions must not be able to download the code or read the environment of other functions.',
    category: 'code-exposure',
    severity: 'high',
    cwe: [200],
    messages: {
      risk: '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}',
    },
    requires: ['iam', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'IAM-LAMBDA-READ-CODE' }],
  },
  create(context) {
    for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, ['code-exposure'])) context.report(r);
  },
});
