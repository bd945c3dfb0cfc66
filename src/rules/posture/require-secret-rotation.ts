import { dataPostureRule } from '../kinds.js';
import type { ResourceNode } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/**
 * A Secrets Manager secret no rotation schedule names: a value that leaks (through a function that
 * reads it, its logs, an error message) stays valid until someone changes it by hand. Impact medium,
 * moved by who reaches the functions that read the secret: medium from the internet, low from
 * signed-in users or other accounts, info when nothing outside the account reaches a reader.
 */
export default dataPostureRule({
  id: 'posture/require-secret-rotation',
  description: 'Secrets the app reads should be rotated automatically.',
  category: 'misconfiguration',
  severity: 'medium',
  cwe: [324],
  sources: peers('checkov:CKV2_AWS_57'),
  mode: 'read',
  messages: {
    unrotated: '{{res}} is never rotated ({{gap}}): a leaked value stays valid until changed by hand, and {{who}}.',
  },
  gap(r: ResourceNode) {
    const rot = r.posture?.rotation;
    return rot && !rot.on ? { messageId: 'unrotated', gap: 'no AWS::SecretsManager::RotationSchedule names it', location: rot.location } : null;
  },
});
