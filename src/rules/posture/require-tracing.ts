import { defineRule } from '../../engine/types.js';
import { callerWords, starterWords } from '../../analyses/posture/invocation.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { isUnresolved } from '../../model/types.js';

/**
 * A function without active X-Ray tracing: after an incident the path of a request from its entry
 * point through the function and what it calls cannot be reconstructed. Low when an entry point
 * reaches the function, info when none in the model does. A state machine without X-Ray tracing
 * likewise: low when a route from outside the account starts it, info otherwise.
 */
export default defineRule({
  id: 'posture/require-tracing',
  meta: {
    description: 'Functions reached from an entry point, and state machines started from outside, should have X-Ray tracing.',
    category: 'missing-observability',
    severity: 'low',
    cwe: [778],
    profile: 'hardening',
    messages: {
      untraced: '{{fn}} has no active X-Ray tracing ({{mode}}) and {{caller}}: a request cannot be followed through it and its downstream calls after an incident.',
      workflow: 'State machine {{fn}} has no X-Ray tracing (TracingConfiguration.Enabled not true) and {{caller}}: an execution cannot be followed through its states and the functions it runs after an incident.',
    },
    requires: ['surface'],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_50' },
      { tool: 'checkov', id: 'CKV_AWS_284' },
      { tool: 'cdk-nag', id: 'Serverless-LambdaTracing' },
    ],
  },
  create(context) {
    const surface = context.analyses.surface;
    for (const fn of context.model.functions) {
      const mode = fn.posture?.tracingMode;
      if (mode === undefined || mode === 'Active' || (mode !== null && typeof mode !== 'string')) continue; // unresolved: a parameter may turn it on
      const caller = callerWords(context.model, surface, fn.id);
      context.report({
        messageId: 'untraced',
        data: { fn: fn.logicalId, mode: mode === null ? 'TracingConfig not set' : `Mode: ${mode}`, caller: caller.words },
        subject: fn.id,
        key: 'tracing',
        location: fn.location,
        functions: [fn.id],
        severity: caller.reach === 'none' ? 'info' : 'low',
      });
    }
    // State machines: low when a route from outside the account starts one, info otherwise.
    for (const sm of context.model.resources) {
      const t = sm.posture?.tracing;
      if (!t || sm.cloud !== undefined || t.on === true || isUnresolved(t.on)) continue;
      const starter = starterWords(context.model, sm.id);
      context.report({
        messageId: 'workflow',
        data: { fn: sm.id, caller: starter.words },
        subject: sm.id,
        key: 'tracing',
        location: t.location,
        functions: [],
        severity: OUTSIDE.has(starter.reach) ? 'low' : 'info',
      });
    }
  },
});
