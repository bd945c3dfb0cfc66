import { dataPostureRule, switchGap } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * An S3 bucket without versioning: an object a function overwrites or deletes is gone. Impact
 * medium, moved by who reaches the functions that write to the bucket: medium from the internet,
 * low from signed-in users or other accounts, info when nothing outside the account writes (a
 * bucket of build artifacts or static assets).
 */
export default dataPostureRule({
  id: 'posture/require-bucket-versioning',
  description: 'S3 buckets the app writes to should keep object versions.',
  category: 'misconfiguration',
  severity: 'medium',
  cwe: [693],
  sources: peers('checkov:CKV_AWS_21'),
  mode: 'write',
  messages: {
    off: '{{res}} does not keep object versions ({{gap}}): an object overwritten or deleted cannot be recovered, and {{who}}.',
    unresolved: '{{res}}: whether versioning is on could not be resolved ({{gap}}), and {{who}}.',
  },
  gap: (r) => switchGap(r.posture?.versioning, 'VersioningConfiguration Status is not Enabled'),
});
