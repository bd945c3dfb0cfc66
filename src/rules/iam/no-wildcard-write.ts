import { riskRule } from '../kinds.js';

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
  sources: [{ tool: 'nightlight-field', id: 'IAM-WRITE-ON-STAR' }, { tool: 'cloudsplaining', id: 'ResourceExposure' }, { tool: 'checkov', id: 'CKV_AWS_111' }, { tool: 'cfn_nag', id: 'W11-W13' }, { tool: 'parliament', id: 'RESOURCE_STAR' }],
});
