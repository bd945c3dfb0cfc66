import { dataPostureRule, switchGap } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * A DynamoDB table without point-in-time recovery: items a function deletes or overwrites (a bug,
 * an injected key, a caller abusing a write path) cannot be restored to a moment before. Impact
 * medium, moved by who reaches the functions that write to the table: medium from the internet,
 * low from signed-in users or other accounts, info when nothing outside the account writes.
 */
export default dataPostureRule({
  id: 'posture/require-point-in-time-recovery',
  description: 'DynamoDB tables the app writes to should have point-in-time recovery.',
  category: 'misconfiguration',
  severity: 'medium',
  cwe: [693],
  sources: peers('checkov:CKV_AWS_28'),
  mode: 'write',
  messages: {
    off: '{{res}} has no point-in-time recovery ({{gap}}): what is deleted or overwritten cannot be restored, and {{who}}.',
    unresolved: '{{res}}: whether point-in-time recovery is on could not be resolved ({{gap}}), and {{who}}.',
  },
  gap: (r) => switchGap(r.posture?.pointInTimeRecovery, 'PointInTimeRecoveryEnabled is not true'),
});
