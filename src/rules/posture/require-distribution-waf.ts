import { edgeSwitchRule } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * A CloudFront distribution with no WAF web ACL (`WebACLId`, Terraform `web_acl_id`): nothing at the
 * edge rate-limits a single source, blocks known bad inputs and bots, or filters by country before
 * the requests reach the origin and are billed. Medium when a route or function URL behind it takes
 * requests from anyone without signing in, low for other callers from outside the account and for
 * origins the scan cannot judge, info for a distribution of static files (`analyses/posture/edge.ts`).
 */
export default edgeSwitchRule({
  id: 'posture/require-distribution-waf',
  description: 'CloudFront distributions in front of routes anyone can call should have a WAF web ACL.',
  category: 'misconfiguration',
  severity: 'medium',
  sources: peers('checkov:CKV_AWS_68', 'cdk-nag:AwsSolutions-CFR2'),
  messages: {
    off: '{{res}} has no WAF web ACL and {{who}}: no per-source rate limit, bot or bad-input rule stands at the edge, and every request reaches the origin and is billed.',
    unresolved: '{{res}}: whether a WAF web ACL is attached could not be decided ({{why}}), and {{who}}.',
  },
  setting: (d) => d.webAcl,
  severities: { open: 'medium', outside: 'low' },
});
