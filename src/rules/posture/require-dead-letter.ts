import { postureRule } from '../kinds.js';
import { maxSeverity, REACH_WORDS, severityFor } from '../../model/findings.js';
import { invocationOf, reachOfEntryPoints } from '../../analyses/posture/invocation.js';
import { peers } from '../../engine/types.js';

/**
 * A function invoked asynchronously (S3, SNS, EventBridge, schedules, IoT, CloudWatch Logs, a
 * permission for one of those services) without a dead-letter queue or an on-failure destination:
 * Lambda retries a failed event twice and then drops it, and nothing records what was lost. A
 * function only APIs, URLs or polled sources call gets no finding: the caller sees the error (or
 * the queue's redrive policy keeps the message). Impact medium (silent loss of events), moved by
 * the most exposed asynchronous source, never below low for an asynchronous function.
 */
export default postureRule({
  id: 'posture/require-dead-letter',
  description: 'Functions invoked asynchronously must send failed events to a dead-letter queue or an on-failure destination.',
  category: 'misconfiguration',
  severity: 'low',
  cwe: [703],
  messages: {
    async: '{{fn}} is invoked asynchronously by {{sources}} ({{who}} can cause such events) and has no dead-letter queue or on-failure destination: after two failed retries Lambda drops the event and nothing records it.',
    unknown: '{{fn}} has no dead-letter queue or on-failure destination, and no source in the model invokes it asynchronously: it matters only if something outside the scan invokes it with InvocationType Event.',
  },
  requires: ['surface'],
  sources: peers('checkov:CKV_AWS_116', 'cdk-nag:Serverless-LambdaDLQ'),
  function(fn, view) {
    const p = fn.posture;
    if (!p || p.deadLetterTarget !== null || p.onFailureDestination !== null) return null;
    const inv = invocationOf(view.model, fn.id);
    if (inv.all.length === 0) return { messageId: 'unknown', key: 'dead-letter', severity: 'info' };
    if (inv.async.length === 0) return null;
    const reach = reachOfEntryPoints(inv.async);
    return {
      messageId: 'async',
      data: { sources: inv.async.map((ep) => ep.label).sort().join(', '), who: REACH_WORDS[reach] },
      key: 'dead-letter',
      severity: maxSeverity('low', severityFor('medium', reach)),
      related: inv.async.map((ep) => ({ location: ep.location, message: `asynchronous source: ${ep.label}` })),
    };
  },
});
