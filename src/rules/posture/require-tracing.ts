import { postureRule } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { isUnresolved } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/**
 * A function without active X-Ray tracing: after an incident the path of a request from its entry
 * point through the function and what it calls cannot be reconstructed. Low when an entry point
 * reaches the function, info when none in the model does. A state machine without X-Ray tracing
 * likewise: low when a route from outside the account starts it, info otherwise.
 */
export default postureRule({
  id: 'posture/require-tracing',
  description: 'Functions reached from an entry point, and state machines started from outside, should have X-Ray tracing.',
  category: 'missing-observability',
  severity: 'low',
  cwe: [778],
  messages: {
    untraced: '{{fn}} has no active X-Ray tracing ({{mode}}) and {{caller}}: a request cannot be followed through it and its downstream calls after an incident.',
    workflow: 'State machine {{res}} has no X-Ray tracing (TracingConfiguration.Enabled not true) and {{caller}}: an execution cannot be followed through its states and the functions it runs after an incident.',
  },
  requires: ['surface'],
  sources: peers('checkov:CKV_AWS_50', 'checkov:CKV_AWS_284', 'cdk-nag:Serverless-LambdaTracing'),
  function(fn, view) {
    const mode = fn.posture?.tracingMode;
    if (mode === undefined || mode === 'Active' || (mode !== null && typeof mode !== 'string')) return null; // unresolved: a parameter may turn it on
    const caller = view.caller(fn.id);
    return { messageId: 'untraced', data: { mode: mode === null ? 'TracingConfig not set' : `Mode: ${mode}`, caller: caller.words }, key: 'tracing', severity: caller.reach === 'none' ? 'info' : 'low' };
  },
  // State machines: low when a route from outside the account starts one, info otherwise.
  resource(sm, view) {
    const t = sm.posture?.tracing;
    if (!t || t.on === true || isUnresolved(t.on)) return null;
    const starter = view.starter(sm.id);
    return { messageId: 'workflow', data: { caller: starter.words }, key: 'tracing', location: t.location, severity: OUTSIDE.has(starter.reach) ? 'low' : 'info' };
  },
});
