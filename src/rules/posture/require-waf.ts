import { apiPostureRule, appsyncGaps, stageGaps } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { peers } from '../../engine/types.js';

/**
 * A REST stage, or an AppSync API, with no WAF web ACL associated: nothing in front of the routes
 * rate-limits a single source, blocks known bad inputs and bots, or filters by country, before
 * requests reach the functions and are billed. It matters where anyone on the internet calls a
 * route without signing in (medium); low where only other callers from outside the account do,
 * info otherwise. HTTP APIs cannot take a web ACL and are not reported. The cost analysis reads the
 * same association (`attributes.wafAssociated`).
 */
export default apiPostureRule({
  id: 'posture/require-waf',
  description: 'REST API stages and AppSync APIs with routes anyone can call should have a WAF web ACL.',
  category: 'misconfiguration',
  severity: 'medium',
  sources: peers('checkov:CKV2_AWS_29', 'checkov:CKV2_AWS_33', 'cdk-nag:AwsSolutions-APIG3'),
  messages: {
    stage: 'Stage {{stage}} of {{api}} has no WAF web ACL and {{who}}: no per-source rate limit, bot or bad-input rule stands before the functions, and every request is billed.',
    appsync: '{{api}} (AppSync) has no WAF web ACL and {{who}}: no per-source rate limit or query rule stands before its resolvers.',
    unresolved: '{{api}}: whether stage {{stage}} has a WAF web ACL could not be decided ({{why}}), and {{who}}.',
    appsyncUnresolved: '{{api}}: whether it has a WAF web ACL could not be decided ({{why}}), and {{who}}.',
  },
  gaps: (api) => [
    ...appsyncGaps(api.posture!.appsync, api.posture!.appsync?.waf, (on) => (on ? null : {}), { messageId: 'appsyncUnresolved', data: {} }),
    ...stageGaps(api, (s) => s.waf, (on) => (on ? null : {})),
  ],
  severityFor: (exposure) => (exposure.open !== null ? 'medium' : OUTSIDE.has(exposure.reach) ? 'low' : 'info'),
});
