import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';

/**
 * A secret written into the configuration outside a function's environment: instance user data and
 * other scripts, resource properties (database passwords, SSM `String` parameters, API key values,
 * `SecretString`), stack outputs and parameter defaults, or an access key's secret passed on in
 * plain text. Anyone who can read the repository, the template or the stack has it.
 */
export default findingsRule({
  id: 'code/no-secrets-in-config',
  description: 'Templates must not hold secrets in scripts, resource properties, outputs or parameter defaults; use Secrets Manager, SecureString parameters or dynamic references.',
  category: 'secrets-in-config',
  severity: 'high',
  cwe: [798, 312],
  messages: {
    secret: '{{owner}}: {{property}} holds {{what}} in plain text ({{redacted}}): it is readable in the repository, the template and the deployed stack.',
    attribute: '{{owner}}: {{property}} passes an IAM access key\'s secret on in plain text: anyone who can read the stack or the function configuration has long-term credentials.',
    generated: '{{owner}}: {{property}} holds the secret {{redacted}} in plain text: anyone who can read the function configuration, the parameter or the instance has it (keep it in Secrets Manager or a SecureString and read it at run time).',
  },
  requires: [],
  sources: peers('checkov:CKV_SECRET_2/CKV_SECRET_6', 'cfn_nag:F69/W35', 'gitleaks:aws-access-token'),
  reads: 'configSecrets',
  *findings(secrets) {
    for (const s of secrets) {
      const what =
        s.kind === 'password' ? `a password${s.name ? ` (${s.name})` : ''}` : s.kind === 'password-like-value' ? 'a value that reads like a password' : `a ${s.kind}${s.name ? ` (${s.name})` : ''}${s.documentationExample ? ', AWS\'s documentation example, possibly a placeholder' : ''}`;
      yield {
        messageId: s.kind === 'secret-attribute' ? 'attribute' : s.kind === 'generated-secret' ? 'generated' : 'secret',
        data: { owner: s.owner, property: s.property, what, redacted: s.redacted },
        subject: s.owner,
        key: `${s.property}:${s.name ?? ''}:${s.kind}`,
        location: s.location,
        // A guess, AWS's example keys, or a parameter's default (deployments usually pass their own value): medium.
        // A generated secret is not in the repository: only those who can read the deployed configuration have it.
        ...(s.kind === 'password-like-value' || s.kind === 'generated-secret' || s.documentationExample || /(^|#)Parameters\./.test(s.owner) ? { severity: 'medium' as const } : {}),
      };
    }
  },
});
