import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

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
  sources: peers('nightlight-field:IAM-CREDS-EXPOSURE', 'cloudsplaining:CredentialsExposure', 'checkov:CKV_AWS_107', 'parliament:CREDENTIALS_EXPOSURE'),
});
