import { postureRule } from '../kinds.js';
import { isUnresolved } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/** Names that say a value is a credential (the value itself is not a literal here: that is code/no-secrets-in-environment). */
const SECRET_NAME = /(secret|passw(or)?d|passwd|token|api_?key|private_?key|credential)/i;

/** A value copied from a secret store when the stack is deployed: CloudFormation dynamic references, Serverless variables read from AWS. */
function deployTimeSecret(name: string, v: unknown): string | null {
  if (typeof v === 'string') {
    if (/\{\{resolve:secretsmanager:/.test(v)) return 'a {{resolve:secretsmanager:…}} reference';
    if (/\{\{resolve:ssm:/.test(v) && SECRET_NAME.test(name)) return 'a {{resolve:ssm:…}} reference';
    return null;
  }
  if (!isUnresolved(v)) return null;
  // How the loaders word a value read from AWS at deploy or plan time (the Serverless resolver, Terraform data sources).
  if (/\$\{secretsmanager:|\$\{ssm:\/aws\/reference\/secretsmanager\//.test(v.reason)) return 'a Serverless variable read from Secrets Manager';
  if (/data\.aws_secretsmanager_secret_version\./.test(v.reason)) return 'a Terraform aws_secretsmanager_secret_version data source';
  if (/\$\{ssm:/.test(v.reason) && SECRET_NAME.test(name)) return 'a Serverless ${ssm:…} variable';
  if (/data\.aws_ssm_parameter\./.test(v.reason) && SECRET_NAME.test(name)) return 'a Terraform aws_ssm_parameter data source';
  return null;
}

/**
 * A function whose environment receives secrets at deploy time (a `{{resolve:secretsmanager:…}}`
 * dynamic reference, a Terraform `aws_secretsmanager_secret_version` data source, a Serverless
 * variable read from Secrets Manager; from SSM only under a credential's name) and has no `KmsKeyArn`: the plaintext values are stored in the function's configuration,
 * encrypted with the aws/lambda key, so anyone of the account allowed
 * lambda:GetFunctionConfiguration reads them; with a key of the account, kms:Decrypt on it is
 * needed too. Low: it widens who inside the account can read the secret, nothing an outsider
 * reaches. A literal secret in the environment is `code/no-secrets-in-environment`.
 */
export default postureRule({
  id: 'posture/require-environment-key',
  description: 'Functions whose environment receives secrets at deploy time should encrypt it with a KMS key of the account.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [311],
  messages: {
    plain: '{{fn}} copies {{names}} into its environment at deploy time ({{how}}) and has no KmsKeyArn: the values are stored in its configuration under the aws/lambda key, readable by anyone of the account allowed lambda:GetFunctionConfiguration.',
  },
  requires: [],
  sources: peers('checkov:CKV_AWS_173'),
  function(fn) {
    if (!fn.posture || fn.posture.environmentKey !== null) return null;
    const found = Object.entries(fn.environment).map(([k, v]) => [k, deployTimeSecret(k, v)] as const).filter((x): x is readonly [string, string] => x[1] !== null);
    if (found.length === 0) return null;
    return { messageId: 'plain', data: { names: found.map(([k]) => k).sort().join(', '), how: [...new Set(found.map(([, h]) => h))].sort().join(', ') }, key: 'environment-key', severity: 'low' };
  },
});
