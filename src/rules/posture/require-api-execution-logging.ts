import { apiPostureRule, appsyncGaps, stageGaps } from '../kinds.js';
import { peers } from '../../engine/types.js';

/**
 * A REST or WebSocket stage whose execution logging is off (`LoggingLevel` OFF or unset), or an
 * AppSync API whose field-level logs are off: the authorizer's refusals, integration errors and
 * throttling an attacker provokes on an open route leave no trace, only the access log line (if
 * any). Low when anyone on the internet calls a route without signing in, info otherwise. HTTP APIs
 * have no execution logs and are not reported.
 */
export default apiPostureRule({
  id: 'posture/require-api-execution-logging',
  description: 'REST and WebSocket stages (and AppSync APIs) with open routes should log execution errors.',
  category: 'missing-observability',
  severity: 'low',
  cwe: [778],
  sources: peers('checkov:CKV2_AWS_4', 'checkov:CKV_AWS_194', 'cdk-nag:AwsSolutions-APIG6'),
  messages: {
    stage: 'Stage {{stage}} of {{api}} logs no execution errors (LoggingLevel {{level}}) and {{who}}: authorizer refusals, integration errors and throttling leave no trace.',
    appsync: '{{api}} (AppSync) logs no resolver errors (FieldLogLevel {{level}}) and {{who}}: failed queries and resolver errors leave no trace.',
    unresolved: '{{api}}: the execution log level of {{stage}} could not be resolved ({{why}}), and {{who}}.',
  },
  gaps(api) {
    const a = api.posture!.appsync;
    return [
      // Without LogConfig at all there is one gap, the access-logging rule's.
      ...appsyncGaps(a?.logging !== false ? a : undefined, a?.fieldLogLevel, (level) => (level === 'NONE' ? { level } : null), { messageId: 'unresolved', data: { stage: 'FieldLogLevel' } }),
      ...stageGaps(api, (s) => s.executionLog, (level) => (level === 'OFF' ? { level } : null)),
    ];
  },
  severityFor: (exposure) => (exposure.open !== null ? 'low' : 'info'),
});
