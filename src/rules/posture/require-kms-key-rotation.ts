import { dataPostureRule } from '../kinds.js';
import { lowerSeverity, severityFor } from '../../model/findings.js';
import { isUnresolved, type ResourceNode } from '../../model/types.js';

/**
 * A customer managed symmetric KMS key without automatic rotation: the same key material encrypts
 * for years, so material that leaks or is broken protects everything ever encrypted under it, and a
 * compliance control (yearly rotation) fails. AWS never hands out the material, so the impact is
 * low: low when anyone on the internet reaches a function that encrypts or decrypts with the key
 * (data the app takes from outsiders is under it), info otherwise.
 */
export default dataPostureRule({
  id: 'posture/require-kms-key-rotation',
  description: 'Customer managed symmetric KMS keys should rotate their key material automatically.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [320],
  sources: [{ tool: 'checkov', id: 'CKV_AWS_7' }],
  mode: 'write',
  messages: {
    off: '{{res}} never rotates its key material ({{gap}}): whatever is encrypted under it stays under the same material for good, and {{who}}.',
    unresolved: '{{res}}: whether the key rotates could not be resolved ({{gap}}), and {{who}}.',
  },
  gap(r: ResourceNode) {
    const k = r.posture?.keyRotation;
    if (!k) return null;
    if (isUnresolved(k.on)) return { messageId: 'unresolved', gap: k.on.reason, location: k.location };
    return k.on ? null : { messageId: 'off', gap: 'EnableKeyRotation is not true', location: k.location };
  },
  severityFor(reach, r) {
    const s = severityFor('low', reach);
    return isUnresolved(r.posture!.keyRotation!.on) ? lowerSeverity(s) : s;
  },
});
