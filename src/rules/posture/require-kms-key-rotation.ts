import { dataPostureRule, switchGap } from '../kinds.js';
import { peers } from '../../engine/types.js';

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
  sources: peers('checkov:CKV_AWS_7'),
  mode: 'write',
  messages: {
    off: '{{res}} never rotates its key material ({{gap}}): whatever is encrypted under it stays under the same material for good, and {{who}}.',
    unresolved: '{{res}}: whether the key rotates could not be resolved ({{gap}}), and {{who}}.',
  },
  gap: (r) => switchGap(r.posture?.keyRotation, 'EnableKeyRotation is not true'),
});
