import { riskRule } from '../kinds.js';

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
  sources: [{ tool: 'nightlight-field', id: 'IAM-ADMIN-MANAGED' }, { tool: 'nightlight-field', id: 'IAM-STAR-ACTION' }, { tool: 'cfn_nag', id: 'W43/W44' }, { tool: 'cdk-nag', id: 'AwsSolutions-IAM4' }, { tool: 'checkov', id: 'CKV_AWS_1' }, { tool: 'pmapper', id: 'is_admin' }],
});
