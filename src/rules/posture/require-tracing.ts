import { defineRule } from '../../engine/types.js';
import { callerWords } from '../../analyses/posture/invocation.js';

/**
 * A function without active X-Ray tracing: after an incident the path of a request from its entry
 * point through the function and what it calls cannot be reconstructed. Low when an entry point
 * reaches the function, info when none in the model does.
 */
export default defineRule({
  id: 'posture/require-tracing',
  meta: {
    description: 'Functions reached from an entry point should have active X-Ray tracing.',
    category: 'missing-observability',
    severity: 'low',
    cwe: [778],
    profile: 'hardening',
    messages: {
      untraced: '{{fn}} has no active X-Ray tracing ({{mode}}) and {{caller}}: a request cannot be followed through it and its downstream calls after an incident.',
    },
    requires: ['surface'],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_50' },
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
  },
});
