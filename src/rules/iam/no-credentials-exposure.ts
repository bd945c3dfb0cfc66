import { defineRule } from '../../engine/types.js';
import { riskReportInputs } from '../../analyses/iam/risk-eval.js';

/**
 * Functions must not hold actions that return credentials for other principals (sts:AssumeRole on `*`, iam:CreateAccessKey, registry tokens, ...).
 * The risk catalog (src/analyses/iam/risks.ts) defines what counts; the IAM analysis decides, per
 * function, whether the role's policies actually allow it on the resources it needs (a Deny, a
 * resource scope, a boundary or a known condition suppresses it). A shared role is reported once.
 */
export default defineRule({
  id: 'iam/no-credentials-exposure',
  meta: {
    description: 'Functions must not hold actions that return credentials for other principals (sts:AssumeRole on `*`, iam:CreateAccessKey, registry tokens, ...).',
    category: 'credentials-exposure',
    severity: 'high',
    cwe: [522],
    messages: {
      risk: '{{fns}} can {{title}} ({{detail}}){{qualifier}}, {{exposure}}: {{why}}',
    },
    requires: ['iam', 'surface'],
    sources: [{ tool: 'nightlight-field', id: 'IAM-CREDS-EXPOSURE' }, { tool: 'cloudsplaining', id: 'CredentialsExposure' }, { tool: 'checkov', id: 'CKV_AWS_107' }, { tool: 'parliament', id: 'CREDENTIALS_EXPOSURE' }],
  },
  create(context) {
    for (const r of riskReportInputs(context.analyses.iamRisks, context.analyses.surface, ['credentials-exposure'])) context.report(r);
  },
});
