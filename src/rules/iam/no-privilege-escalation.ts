import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

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
  sources: peers('nightlight-field:IAM-PRIVESC', 'cloudsplaining:PrivilegeEscalation', 'pmapper:edges', 'checkov:CKV_AWS_110', 'parliament:PRIVILEGE_ESCALATION'),
});
