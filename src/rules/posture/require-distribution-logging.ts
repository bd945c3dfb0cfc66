import { edgeSwitchRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * A CloudFront distribution without standard access logs (`Logging.Bucket`, Terraform
 * `logging_config`): who called what through the edge, from where, is recorded nowhere; the origin's
 * own logs see CloudFront's addresses. Low when routes or function URLs behind it are called from
 * outside the account (or an origin cannot be judged), info for static files
 * (`analyses/posture/edge.ts`).
 */
export default edgeSwitchRule({
  id: 'posture/require-distribution-logging',
  description: 'CloudFront distributions in front of the app should write access logs.',
  category: 'missing-observability',
  severity: 'low',
  sources: peers('checkov:CKV_AWS_86', 'cdk-nag:AwsSolutions-CFR3'),
  messages: {
    off: '{{res}} writes no access logs and {{who}}: which viewer called what, from which address, is recorded nowhere (the origin sees only CloudFront).',
    unresolved: '{{res}}: whether it writes access logs could not be decided ({{why}}), and {{who}}.',
  },
  setting: (d) => d.logging,
  severities: { open: 'low', outside: 'low' },
});
