import { riskRule } from '../kinds.js';

/**
 * Functions must not hold a combination of permissions that lets them gain another role's privileges (PassRole + CreateFunction, UpdateFunctionCode on other functions, policy edits, ...).
 */
export default riskRule({
  id: 'iam/no-privilege-escalation',
  description: 'Functions must not hold a combination of permissions that lets them gain another role\'s privileges (PassRole + CreateFunction, UpdateFunctionCode on other functions, policy edits, ...).',
  category: 'privilege-escalation',
  severity: 'critical',
  cwe: [269],
  classes: ['privilege-escalation'],
  sources: [{ tool: 'nightlight-field', id: 'IAM-PRIVESC' }, { tool: 'cloudsplaining', id: 'PrivilegeEscalation' }, { tool: 'pmapper', id: 'edges' }, { tool: 'checkov', id: 'CKV_AWS_110' }, { tool: 'parliament', id: 'PRIVILEGE_ESCALATION' }],
});
