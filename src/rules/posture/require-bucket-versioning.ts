import { dataPostureRule } from '../kinds.js';
import { lowerSeverity, severityFor } from '../../model/findings.js';
import { isUnresolved, type ResourceNode } from '../../model/types.js';

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
  sources: [{ tool: 'checkov', id: 'CKV_AWS_21' }],
  mode: 'write',
  messages: {
    off: '{{res}} does not keep object versions ({{gap}}): an object overwritten or deleted cannot be recovered, and {{who}}.',
    unresolved: '{{res}}: whether versioning is on could not be resolved ({{gap}}), and {{who}}.',
  },
  gap(r: ResourceNode) {
    const v = r.posture?.versioning;
    if (!v) return null;
    if (isUnresolved(v.on)) return { messageId: 'unresolved', gap: v.on.reason, location: v.location };
    return v.on ? null : { messageId: 'off', gap: 'VersioningConfiguration Status is not Enabled', location: v.location };
  },
  severityFor(reach, r) {
    const s = severityFor('medium', reach);
    return isUnresolved(r.posture!.versioning!.on) ? lowerSeverity(s) : s;
  },
});
