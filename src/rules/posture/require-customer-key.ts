import { dataPostureRule } from '../kinds.js';
import { severityFor } from '../../model/findings.js';
import { isUnresolved, type ResourceNode } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/** The property that would name the account's key, per type. */
const KEY_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'SSESpecification.KMSMasterKeyId',
  'AWS::S3::Bucket': 'BucketEncryption with SSEAlgorithm aws:kms and a KMSMasterKeyID',
  'AWS::SecretsManager::Secret': 'KmsKeyId',
  'AWS::Logs::LogGroup': 'KmsKeyId',
  'AWS::SQS::Queue': 'KmsMasterKeyId',
  'AWS::SNS::Topic': 'KmsMasterKeyId',
  'AWS::Kinesis::Stream': 'StreamEncryption.KeyId',
  'AWS::KinesisFirehose::DeliveryStream': 'DeliveryStreamEncryptionConfigurationInput with KeyType CUSTOMER_MANAGED_CMK',
  'AWS::Scheduler::Schedule': 'KmsKeyArn',
};

/** Types whose encryption itself is optional: an unresolved key there is posture/require-encryption-at-rest's finding. */
const OPTIONAL = new Set(['AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::Kinesis::Stream', 'AWS::KinesisFirehose::DeliveryStream']);

/**
 * Data encrypted at rest with a key AWS owns or manages for the service rather than a KMS key of
 * the account: no key policy of the owner decides who can decrypt it, and decryption is not audited
 * apart from reads. It matters where the data is a secret (always low) or where anyone on the
 * internet puts data in it through the app's functions (low); elsewhere it claims no harm (info,
 * under `all`). A key given by an unresolved value is reported as unresolved (info).
 */
export default dataPostureRule({
  id: 'posture/require-customer-key',
  description: 'Secrets, and data the internet puts in through the app, should be encrypted with a KMS key of the account.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [311],
  sources: peers(
    'checkov:CKV_AWS_119',
    'checkov:CKV_AWS_149',
    'checkov:CKV_AWS_158',
    'checkov:CKV_AWS_145',
    'checkov:CKV_AWS_185',
    'checkov:CKV_AWS_241',
    'checkov:CKV_AWS_297',
  ),
  mode: 'write',
  messages: {
    service: '{{res}} ({{type}}) is encrypted with a key AWS manages, not a KMS key of the account (no {{gap}}): no key policy of yours decides who can decrypt it, and {{who}}.',
    secret: '{{res}} holds a secret encrypted with the aws/secretsmanager key, not a KMS key of the account (no {{gap}}): no key policy of yours decides who can decrypt it, and it cannot be shared with another account.',
    unresolved: '{{res}} ({{type}}): whether its key is the account\'s could not be resolved ({{gap}}), and {{who}}.',
  },
  gap(r: ResourceNode) {
    const e = r.posture?.encryption;
    if (!e || !(r.type in KEY_PROPERTY)) return null;
    if (isUnresolved(e.at)) return OPTIONAL.has(r.type) ? null : { messageId: 'unresolved', gap: e.at.reason, location: e.location, unresolved: true };
    if (e.at !== 'service') return null;
    return { messageId: r.kind === 'secret' ? 'secret' : 'service', gap: KEY_PROPERTY[r.type]!, location: e.location };
  },
  severityFor: (reach, r) => (r.kind === 'secret' ? 'low' : severityFor('low', reach)),
  whenUnresolved: 'info',
});
