import { apiPostureRule, stageName, type ApiGap } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { isUnresolved } from '../../model/types.js';

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
  sources: [
    { tool: 'checkov', id: 'CKV2_AWS_29' },
    { tool: 'checkov', id: 'CKV2_AWS_33' },
    { tool: 'cdk-nag', id: 'AwsSolutions-APIG3' },
  ],
  messages: {
    stage: 'Stage {{stage}} of {{api}} has no WAF web ACL and {{who}}: no per-source rate limit, bot or bad-input rule stands before the functions, and every request is billed.',
    appsync: '{{api}} (AppSync) has no WAF web ACL and {{who}}: no per-source rate limit or query rule stands before its resolvers.',
    unresolved: '{{api}}: whether {{stage}} has a WAF web ACL could not be decided ({{why}}), and {{who}}.',
  },
  gaps(api) {
    const out: ApiGap[] = [];
    const a = api.posture!.appsync;
    if (a) {
      if (isUnresolved(a.waf)) out.push({ messageId: 'unresolved', key: 'appsync', data: { stage: 'it', why: a.waf.reason }, location: a.location, unresolved: true });
      else if (!a.waf) out.push({ messageId: 'appsync', key: 'appsync', data: {}, location: a.location });
    }
    for (const s of api.posture!.stages ?? []) {
      if (s.waf === undefined) continue;
      const stage = stageName(s);
      if (isUnresolved(s.waf)) out.push({ messageId: 'unresolved', key: stage, data: { stage: `stage ${stage}`, why: s.waf.reason }, location: s.location, unresolved: true });
      else if (!s.waf) out.push({ messageId: 'stage', key: stage, data: { stage }, location: s.location });
    }
    return out;
  },
  severityFor: (exposure) => (exposure.open !== null ? 'medium' : OUTSIDE.has(exposure.reach) ? 'low' : 'info'),
});
