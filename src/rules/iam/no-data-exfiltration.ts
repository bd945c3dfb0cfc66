import { riskRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * Functions must not read every secret, parameter, object, table or key in the account (unscoped read actions).
 */
export default riskRule({
  id: 'iam/no-data-exfiltration',
  description: 'Functions must not read every secret, parameter, object, table or key in the account (unscoped read actions).',
  category: 'data-exfiltration',
  severity: 'medium',
  cwe: [200],
  classes: ['data-exfiltration'],
  sources: peers('nightlight-field:IAM-DATA-READ-UNSCOPED', 'cloudsplaining:DataExfiltration', 'checkov:CKV_AWS_108'),
});
