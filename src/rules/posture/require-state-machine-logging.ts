import { postureRule, type PostureGap } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { isUnresolved } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/**
 * A state machine whose execution history goes to no log group (`LoggingConfiguration` with a
 * `Level` other than OFF and a destination; SAM `Logging`; Terraform `logging_configuration`).
 * Standard workflows keep 90 days of history in the service; Express workflows keep none, so their
 * failures are invisible. Low when a route from outside the account starts the state machine, info
 * otherwise.
 */
export default postureRule({
  id: 'posture/require-state-machine-logging',
  description: 'State machines started from outside the account should log their executions.',
  category: 'missing-observability',
  severity: 'low',
  cwe: [778],
  messages: {
    off: 'State machine {{res}} logs no executions to CloudWatch Logs{{express}} and {{who}}: failed and abused executions leave {{trace}}.',
    unresolved: 'State machine {{res}}: whether it logs its executions could not be resolved ({{why}}), and {{who}}.',
  },
  requires: [],
  sources: peers('checkov:CKV_AWS_285', 'cdk-nag:AwsSolutions-SF1'),
  resource(sm, view): PostureGap | null {
    const l = sm.posture?.executionLogging;
    if (!l || l.on === true) return null;
    const who = view.starter(sm.id);
    const base = { key: 'execution-logging', location: l.location };
    if (isUnresolved(l.on)) return { ...base, messageId: 'unresolved', data: { why: l.on.reason, who: who.words }, severity: 'info' };
    const express = sm.attributes.stateMachineType === 'EXPRESS';
    return {
      ...base,
      messageId: 'off',
      data: { who: who.words, express: express ? ' (an Express workflow: the service keeps no history)' : '', trace: express ? 'no trace at all' : 'only the 90 days of history the service keeps' },
      severity: OUTSIDE.has(who.reach) ? 'low' : 'info',
    };
  },
});
