import { apiPostureRule, appsyncGaps, stageGaps } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { peers } from '../../engine/types.js';

/**
 * An API stage (REST, HTTP, WebSocket) without access logs, or an AppSync API without request
 * logging: who called which route, from where, and with what result is recorded nowhere, so abuse
 * of a public route (credential stuffing, scraping, a flood that runs up the bill) cannot be seen
 * or traced back after the fact. Low when callers from outside the account reach the API, info
 * otherwise.
 */
export default apiPostureRule({
  id: 'posture/require-api-access-logging',
  description: 'API stages that callers from outside the account reach should write access logs.',
  category: 'missing-observability',
  severity: 'low',
  cwe: [778],
  sources: peers('checkov:CKV_AWS_76', 'checkov:CKV_AWS_95', 'checkov:CKV_AWS_193', 'cfn_nag:W69', 'cdk-nag:AwsSolutions-APIG1'),
  messages: {
    stage: 'Stage {{stage}} of {{api}} writes no access log and {{who}}: who called which route, from where and with what result is recorded nowhere.',
    appsync: '{{api}} (AppSync) has no LogConfig with a CloudWatch Logs role and {{who}}: its requests and resolver errors are recorded nowhere.',
    unresolved: '{{api}}: whether stage {{stage}} writes access logs could not be resolved ({{why}}), and {{who}}.',
  },
  gaps: (api) => [
    ...appsyncGaps(api.posture!.appsync, api.posture!.appsync?.logging, (on) => (on ? null : {}), { messageId: 'unresolved', data: { stage: 'LogConfig' } }),
    ...stageGaps(api, (s) => s.accessLog, (on) => (on ? null : {})),
  ],
  severityFor: (exposure) => (OUTSIDE.has(exposure.reach) ? 'low' : 'info'),
});
