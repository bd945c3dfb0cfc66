import { defineRule } from '../../engine/types.js';
import { maxSeverity, REACH_WORDS, severityFor } from '../../model/findings.js';
import { invocationOf, reachOfEntryPoints } from '../../analyses/posture/invocation.js';

/**
 * A function invoked asynchronously (S3, SNS, EventBridge, schedules, IoT, CloudWatch Logs, a
 * permission for one of those services) without a dead-letter queue or an on-failure destination:
 * Lambda retries a failed event twice and then drops it, and nothing records what was lost. A
 * function only APIs, URLs or polled sources call gets no finding: the caller sees the error (or
 * the queue's redrive policy keeps the message). Impact medium (silent loss of events), moved by
 * the most exposed asynchronous source, never below low for an asynchronous function.
 */
export default defineRule({
  id: 'posture/require-dead-letter',
  meta: {
    description: 'Functions invoked asynchronously must send failed events to a dead-letter queue or an on-failure destination.',
    category: 'misconfiguration',
    severity: 'low',
    cwe: [703],
    profile: 'hardening',
    messages: {
      async: '{{fn}} is invoked asynchronously by {{sources}} ({{who}} can cause such events) and has no dead-letter queue or on-failure destination: after two failed retries Lambda drops the event and nothing records it.',
      unknown: '{{fn}} has no dead-letter queue or on-failure destination, and no source in the model invokes it asynchronously: it matters only if something outside the scan invokes it with InvocationType Event.',
    },
    requires: ['surface'],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_116' },
      { tool: 'cdk-nag', id: 'Serverless-LambdaDLQ' },
    ],
  },
  create(context) {
    for (const fn of context.model.functions) {
      const p = fn.posture;
      if (!p || p.deadLetterTarget !== null || p.onFailureDestination !== null) continue;
      const inv = invocationOf(context.model, fn.id);
      if (inv.async.length > 0) {
        const reach = reachOfEntryPoints(inv.async);
        context.report({
          messageId: 'async',
          data: { fn: fn.logicalId, sources: inv.async.map((ep) => ep.label).sort().join(', '), who: REACH_WORDS[reach] },
          subject: fn.id,
          key: 'dead-letter',
          location: fn.location,
          functions: [fn.id],
          severity: maxSeverity('low', severityFor('medium', reach)),
          related: inv.async.map((ep) => ({ location: ep.location, message: `asynchronous source: ${ep.label}` })),
        });
      } else if (inv.all.length === 0) {
        context.report({ messageId: 'unknown', data: { fn: fn.logicalId }, subject: fn.id, key: 'dead-letter', location: fn.location, functions: [fn.id], severity: 'info' });
      }
    }
  },
});
