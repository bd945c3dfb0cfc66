import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Functions must not hold write or permissions-management actions on every resource (`Resource: *` without a condition).
 */
export default riskRule({
  id: 'iam/no-wildcard-write',
  description: 'Functions must not hold write or permissions-management actions on every resource (`Resource: *` without a condition).',
  category: 'over-privileged-function',
  severity: 'medium',
  cwe: [732],
  classes: ['wildcard-write'],
  sources: peers('nightlight-field:IAM-WRITE-ON-STAR', 'cloudsplaining:ResourceExposure', 'checkov:CKV_AWS_111', 'cfn_nag:W11-W13', 'parliament:RESOURCE_STAR'),
});
