import { defineRule } from '../../engine/types.js';
import { riskReportInputs } from '../../analyses/iam/risk-eval.js';

/**
 * Functions must not be able to change function code, configuration, permissions, URLs or concurrency.
 * The risk catalog (src/analyses/iam/risks.ts) defines what counts; the IAM analysis decides, per
 * function, whether the role's policies actually allow it on the resources it needs (a Deny, a
 * resource scope, a boundary or a known condition suppresses it). A shared role is reported once.
 */
export default defineRule({
  id: 'iam/no-function-code-write',
  meta: {
    description: 'Functions must not be able to change function code, configuration, permissions, URLs or concurrency.',
    category: 'code-tampering',
    severity: 'critical',
    cwe: [284, 494],
    messages: {
      risk: '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}',
    },
    requires: ['iam', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'IAM-LAMBDA-WRITE' }, { tool: 'cloudsplaining', id: 'EditExistingLambdaFunctionWithRole' }],
  },
  create(context) {
    for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, ['code-tampering'])) context.report(r);
  },
});
