import { riskRule } from '../kinds.js';

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
  sources: [{ tool: 'nightlight-field', id: 'IAM-DATA-READ-UNSCOPED' }, { tool: 'cloudsplaining', id: 'DataExfiltration' }, { tool: 'checkov', id: 'CKV_AWS_108' }],
});
