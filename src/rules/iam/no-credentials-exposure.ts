import { riskRule } from '../kinds.js';

/**
 * Functions must not hold actions that return credentials for other principals (sts:AssumeRole on `*`, iam:CreateAccessKey, registry tokens, ...).
 */
export default riskRule({
  id: 'iam/no-credentials-exposure',
  description: 'Functions must not hold actions that return credentials for other principals (sts:AssumeRole on `*`, iam:CreateAccessKey, registry tokens, ...).',
  category: 'credentials-exposure',
  severity: 'high',
  cwe: [522],
  classes: ['credentials-exposure'],
  sources: [{ tool: 'nightlight-field', id: 'IAM-CREDS-EXPOSURE' }, { tool: 'cloudsplaining', id: 'CredentialsExposure' }, { tool: 'checkov', id: 'CKV_AWS_107' }, { tool: 'parliament', id: 'CREDENTIALS_EXPOSURE' }],
});
