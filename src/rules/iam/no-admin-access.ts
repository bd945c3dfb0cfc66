import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Functions must not be able to do everything in the account (`*:*`, AdministratorAccess, PowerUserAccess, IAMFullAccess).
 */
export default riskRule({
  id: 'iam/no-admin-access',
  description: 'Functions must not be able to do everything in the account (`*:*`, AdministratorAccess, PowerUserAccess, IAMFullAccess).',
  category: 'over-privileged-function',
  severity: 'critical',
  cwe: [250, 269],
  classes: ['admin'],
  sources: peers('nightlight-field:IAM-ADMIN-MANAGED', 'nightlight-field:IAM-STAR-ACTION', 'cfn_nag:W43/W44', 'cdk-nag:AwsSolutions-IAM4', 'checkov:CKV_AWS_1', 'pmapper:is_admin'),
});
