import { dataPostureRule } from '../kinds.js';
import { isUnresolved, type ResourceNode } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/**
 * An S3 bucket with Block Public Access settings turned off. A bucket created without a
 * `PublicAccessBlockConfiguration` keeps S3's default (all four on since April 2023) and is not
 * reported; a configuration replaces the default, and each setting it leaves out or sets false is
 * off. With them off, one public ACL or bucket policy (a later change, a copied snippet) publishes
 * the bucket; a public policy or ACL that exists now is the security profile's finding
 * (`surface/no-public-resource-policy`). Low where anyone on the internet puts data in the bucket
 * through the app's functions, info otherwise.
 */
export default dataPostureRule({
  id: 'posture/require-public-access-block',
  description: 'Buckets the app writes to should keep S3 Block Public Access on.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [732],
  sources: peers('checkov:CKV2_AWS_6', 'checkov:CKV_AWS_53', 'checkov:CKV_AWS_54', 'checkov:CKV_AWS_55', 'checkov:CKV_AWS_56'),
  mode: 'write',
  messages: {
    off: '{{res}} turns S3 Block Public Access off ({{gap}}), and {{who}}.',
    unresolved: '{{res}}: whether S3 Block Public Access is on could not be resolved ({{gap}}), and {{who}}.',
  },
  gap(r: ResourceNode) {
    const b = r.posture?.publicAccessBlock;
    if (!b) return null;
    if (isUnresolved(b.off)) return { messageId: 'unresolved', gap: b.off.reason, location: b.location, unresolved: true };
    if (b.off.length === 0) return null;
    const acl = b.off.some((k) => k.endsWith('Acls'));
    const policy = b.off.some((k) => !k.endsWith('Acls'));
    return { messageId: 'off', gap: `${b.off.join(', ')} off: one public ${acl && policy ? 'ACL or bucket policy' : acl ? 'ACL' : 'bucket policy'} would publish it`, location: b.location };
  },
  whenUnresolved: 'info',
});
