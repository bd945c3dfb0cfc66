import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';

/**
 * A credential written into handler code (access keys, API tokens, private keys, or a
 * high-entropy string assigned to a secret-sounding name). Anyone who can read the code or the
 * deployment package, or `lambda:GetFunction`, has it; rotating it needs a deployment.
 */
export default findingsRule({
  id: 'code/no-hardcoded-secret',
  description: 'Handler code must not contain credentials; read them from Secrets Manager or Parameter Store at run time.',
  category: 'hardcoded-secret',
  severity: 'high',
  cwe: [798],
  messages: {
    secret: '{{fn}} has a hard-coded {{kind}}{{name}} ({{redacted}}): anyone who can read the code or the package has the credential.',
  },
  requires: ['code'],
  sources: peers('gitleaks:generic-api-key', 'bandit:B105', 'semgrep:generic.secrets'),
  reads: 'code',
  *findings(code) {
    const seen = new Set<string>();
    for (const id of Object.keys(code.functions).sort()) {
      const ordinals = new Map<string, number>();
      for (const s of code.functions[id]!.secrets) {
        // a module shared by several handlers is reported once
        const where = `${s.location.file}:${s.location.line}:${s.location.column}`;
        if (seen.has(where)) continue;
        seen.add(where);
        const base = `${s.kind}:${s.name ?? ''}:${s.location.file}`;
        const n = (ordinals.get(base) ?? 0) + 1;
        ordinals.set(base, n);
        yield {
          messageId: 'secret',
          data: { fn: id, kind: s.kind, name: s.name ? ` in \`${s.name}\`` : '', redacted: s.redacted },
          subject: id,
          key: `${base}#${n}`,
          location: s.location,
          functions: [id],
        };
      }
    }
  },
});
