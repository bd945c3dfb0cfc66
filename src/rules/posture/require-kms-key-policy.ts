import { postureRule } from '../kinds.js';
import type { Reach } from '../../model/findings.js';
import { severityFor, widestReach } from '../../model/findings.js';
import { isUnresolved } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/**
 * A customer managed KMS key declared without a key policy (`KeyPolicy`, Terraform `policy` or
 * `aws_kms_key_policy`; Checkov CKV2_AWS_64): KMS gives it the default policy, which lets the
 * account's IAM policies decide, so every identity whose policies allow KMS actions on `*` (an
 * administrator, a function role with `kms:Decrypt` on `*`) can use the key, and nothing confines
 * it to the functions that need it. Impact low, moved by the most exposed of who reaches the
 * functions that use the key, the data it encrypts (the functions that write it; read it, for a
 * secret) and the functions whose environment it encrypts: low from the internet, info otherwise.
 * A key policy that lets anyone use the key is `surface/no-public-resource-policy`.
 */
export default postureRule({
  id: 'posture/require-kms-key-policy',
  description: 'Customer managed KMS keys should have a key policy that names who may use them.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [732],
  messages: {
    missing: '{{res}} has no key policy, so KMS gives it the default one: any identity of the account whose IAM policies allow KMS actions on * can use and manage it, and nothing confines it to the functions that need it; {{who}}.',
    unresolved: '{{res}}: its key policy could not be read ({{why}}), and {{who}}.',
  },
  requires: ['iam', 'surface', 'access'],
  sources: peers('checkov:CKV2_AWS_64'),
  resource(r, view) {
    if (r.type !== 'AWS::KMS::Key') return null;
    if (r.policy !== null && !isUnresolved(r.policy)) return null;
    const reasons: { reach: Reach; words: string; functions: string[] }[] = [];
    const users = view.dataReach(r.id, 'write');
    if (users.functions.length > 0) reasons.push(users);
    for (const n of view.model.resources) {
      if (n.posture?.encryption?.key !== r.id) continue;
      const d = view.dataReach(n.id, n.kind === 'secret' ? 'read' : 'write');
      reasons.push({ reach: d.reach, words: `it encrypts ${n.id}: ${d.words}`, functions: d.functions });
    }
    for (const fn of view.model.functions) {
      if (fn.posture?.environmentKeyId !== r.id) continue;
      const c = view.caller(fn.id);
      reasons.push({ reach: c.reach, words: `it encrypts the environment of ${fn.id}: ${c.words}`, functions: [fn.id] });
    }
    const reach = widestReach(reasons.map((x) => x.reach));
    const first = reasons.find((x) => x.reach === reach);
    const who = first?.words ?? 'no function of the app uses it and it encrypts nothing in the model';
    const functions = [...new Set(reasons.flatMap((x) => x.functions))].sort();
    const severity = severityFor('low', reach);
    const data: Record<string, string> = isUnresolved(r.policy) ? { why: r.policy.reason, who } : { who };
    return { messageId: isUnresolved(r.policy) ? 'unresolved' : 'missing', key: 'kms-key-policy', data, severity: isUnresolved(r.policy) ? 'info' : severity, functions };
  },
});
