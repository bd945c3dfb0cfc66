import { defineRule } from '../../engine/types.js';
import { starterWords } from '../../analyses/posture/invocation.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { isUnresolved } from '../../model/types.js';

/**
 * A state machine whose execution history goes to no log group (`LoggingConfiguration` with a
 * `Level` other than OFF and a destination; SAM `Logging`; Terraform `logging_configuration`).
 * Standard workflows keep 90 days of history in the service; Express workflows keep none, so their
 * failures are invisible. Low when a route from outside the account starts the state machine, info
 * otherwise.
 */
export default defineRule({
  id: 'posture/require-state-machine-logging',
  meta: {
    description: 'State machines started from outside the account should log their executions.',
    category: 'missing-observability',
    severity: 'low',
    cwe: [778],
    profile: 'hardening',
    messages: {
      off: 'State machine {{sm}} logs no executions to CloudWatch Logs{{express}} and {{who}}: failed and abused executions leave {{trace}}.',
      unresolved: 'State machine {{sm}}: whether it logs its executions could not be resolved ({{why}}), and {{who}}.',
    },
    requires: [],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_285' },
      { tool: 'cdk-nag', id: 'AwsSolutions-SF1' },
    ],
  },
  create(context) {
    for (const sm of context.model.resources) {
      const l = sm.posture?.executionLogging;
      if (!l || sm.cloud !== undefined || l.on === true) continue;
      const who = starterWords(context.model, sm.id);
      const express = sm.attributes.stateMachineType === 'EXPRESS';
      const base = { subject: sm.id, key: 'execution-logging', location: l.location, functions: [] };
      if (isUnresolved(l.on)) {
        context.report({ ...base, messageId: 'unresolved', data: { sm: sm.id, why: l.on.reason, who: who.words }, severity: 'info' });
        continue;
      }
      context.report({
        ...base,
        messageId: 'off',
        data: { sm: sm.id, who: who.words, express: express ? ' (an Express workflow: the service keeps no history)' : '', trace: express ? 'no trace at all' : 'only the 90 days of history the service keeps' },
        severity: OUTSIDE.has(who.reach) ? 'low' : 'info',
      });
    }
  },
});
