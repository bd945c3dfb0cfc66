import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';

/**
 * A secret in a function's environment variables, in plain text in the template. It is visible to
 * anyone with `lambda:GetFunctionConfiguration`, in the template, in the stack and in version
 * control.
 */
export default findingsRule({
  id: 'code/no-secrets-in-environment',
  description: 'Function environment variables must not hold secrets in plain text; reference Secrets Manager or Parameter Store instead.',
  category: 'secrets-in-config',
  severity: 'high',
  cwe: [798, 526],
  messages: {
    env: '{{fns}}: environment variable {{name}} holds a {{kind}} in plain text ({{redacted}}): it is readable in the template, the stack and with lambda:GetFunctionConfiguration.',
    example: '{{fns}}: environment variable {{name}} holds a static AWS credential ({{kind}}, {{redacted}}; the value is AWS\'s documentation example, so it may be a placeholder): functions should use their execution role, never keys in the environment.',
  },
  requires: ['code'],
  sources: peers('checkov:CKV_AWS_45', 'cfn_nag:W83'),
  reads: 'code',
  *findings(code) {
    // A variable set once (e.g. in SAM Globals) for several functions is one finding.
    const groups = new Map<string, { fns: string[]; s: (typeof code.functions)[string]['environmentSecrets'][number] }>();
    for (const id of Object.keys(code.functions).sort()) {
      for (const s of code.functions[id]!.environmentSecrets) {
        const k = `${s.name}\u0000${s.location.file}:${s.location.line}:${s.location.column}`;
        const g = groups.get(k);
        if (g) g.fns.push(id);
        else groups.set(k, { fns: [id], s });
      }
    }
    for (const { fns, s } of groups.values()) {
      // A value we only guess is a password (`supersecret99` under `VARIABLE_1`) is reported lower than a recognised credential.
      const guessed = s.documentationExample === true || s.kind === 'password-like-value';
      yield {
        messageId: s.documentationExample ? 'example' : 'env',
        ...(guessed ? { severity: 'medium' as const } : {}),
        data: { fns: fns.join(', '), name: s.name, kind: s.kind === 'password-like-value' ? 'value that reads like a password' : s.kind, redacted: s.redacted },
        subject: fns[0]!,
        key: `Env::${s.name}`,
        location: s.location,
        functions: fns,
      };
    }
  },
});
