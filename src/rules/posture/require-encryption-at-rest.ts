import { dataPostureRule } from '../kinds.js';
import { isUnresolved, type ResourceNode } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/** What leaves each type unencrypted, in the template's words. */
const PLAIN: Record<string, string> = {
  'AWS::SQS::Queue': 'SqsManagedSseEnabled: false and no KmsMasterKeyId',
  'AWS::SNS::Topic': 'no KmsMasterKeyId',
  'AWS::Kinesis::Stream': 'no StreamEncryption',
  'AWS::KinesisFirehose::DeliveryStream': 'no DeliveryStreamEncryptionConfigurationInput',
};

/**
 * A queue, topic or stream stored unencrypted at rest. SQS encrypts with SSE-SQS unless told not
 * to; SNS and Kinesis only with a KMS key. Impact low: what the app's callers put in it sits in
 * plaintext in AWS's storage, which gives an attacker of the app nothing more; it matters for the
 * data of whoever fills it. Moved by who reaches the functions that write to it: low from the
 * internet, info when only signed-in users, other accounts or the account itself put data in it.
 * A key or switch given by an unresolved value is reported as unresolved, one step lower.
 */
export default dataPostureRule({
  id: 'posture/require-encryption-at-rest',
  description: 'Queues, topics, streams and delivery streams the app writes to must be encrypted at rest.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [311],
  sources: peers('checkov:CKV_AWS_27', 'checkov:CKV_AWS_26', 'checkov:CKV_AWS_43', 'checkov:CKV_AWS_240'),
  mode: 'write',
  messages: {
    plain: '{{res}} ({{type}}) stores its data unencrypted at rest ({{gap}}), and {{who}}.',
    unresolved: '{{res}} ({{type}}): whether it is encrypted at rest could not be resolved ({{gap}}), and {{who}}.',
  },
  gap(r: ResourceNode) {
    const e = r.posture?.encryption;
    if (!e || !(r.type in PLAIN)) return null;
    if (isUnresolved(e.at)) return { messageId: 'unresolved', gap: e.at.reason, location: e.location, unresolved: true };
    return e.at === 'none' ? { messageId: 'plain', gap: PLAIN[r.type]!, location: e.location } : null;
  },
});
