import { dataPostureRule, switchGap } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * An S3 bucket without server access logging (`LoggingConfiguration`; Terraform
 * `aws_s3_bucket_logging` or a `logging` block): who read, wrote or deleted which object is recorded
 * nowhere (CloudTrail logs object access only with data events turned on). A bucket other buckets
 * log to, or whose ACL is `LogDeliveryWrite`, is a log bucket and is not reported. Low where anyone
 * on the internet puts data in the bucket through the app's functions, info otherwise.
 */
export default dataPostureRule({
  id: 'posture/require-bucket-access-logging',
  description: 'Buckets the internet fills through the app should have server access logging.',
  category: 'missing-observability',
  severity: 'low',
  cwe: [778],
  sources: peers('checkov:CKV_AWS_18', 'cdk-nag:AwsSolutions-S1'),
  mode: 'write',
  messages: {
    off: '{{res}} has no server access logging (no LoggingConfiguration): who read, wrote or deleted which object is recorded nowhere, and {{who}}.',
    unresolved: '{{res}}: whether server access logging is on could not be resolved ({{gap}}), and {{who}}.',
  },
  gap: (r) => (r.attributes.logTarget === true || r.acl === 'LogDeliveryWrite' ? null : switchGap(r.posture?.accessLogging, 'LoggingConfiguration')),
  whenUnresolved: 'info',
});
