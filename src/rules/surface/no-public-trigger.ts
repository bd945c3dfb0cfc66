import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import type { EntryPointKind } from '../../model/types.js';
import { severityFor } from '../../model/findings.js';

const INDIRECT: Partial<Record<EntryPointKind, { what: string; action: string }>> = {
  'sqs-queue': { what: 'queue', action: 'send messages to' },
  'sns-subscription': { what: 'topic', action: 'publish to' },
  's3-notification': { what: 'bucket', action: 'write objects to' },
  'eventbridge-rule': { what: 'event bus', action: 'put events on' },
};

/**
 * A queue, topic, bucket or event bus whose resource policy (or ACL) lets anyone write to it, and
 * that triggers a function: an indirect public entry point. The attacker controls the event the
 * function receives, and how often it runs.
 */
export default findingsRule({
  id: 'surface/no-public-trigger',
  description: 'Queues, topics, buckets and event buses that trigger functions must not be writable by everyone or by any AWS account.',
  category: 'public-trigger',
  severity: 'high',
  cwe: [284],
  messages: {
    trigger: '{{source}} ({{what}}) lets {{who}} {{action}} it, and it triggers {{fn}}: an indirect public entry point with attacker-controlled events.',
  },
  requires: ['surface'],
  sources: peers('cfn_nag:F18/F21/F16', 'nightlight-field:EXP-QUEUE-TOPIC-PUBLIC', 'nightlight-field:EXP-S3-TRIGGER-PUBLIC-WRITE'),
  reads: 'model',
  *findings(model) {
    const resources = new Map(model.resources.map((r) => [r.id, r]));
    for (const ep of model.entryPoints) {
      const info = INDIRECT[ep.kind];
      // an identity allowed to write is surface/no-outside-identity-entry's; this rule is about the resource's own policy
      if (!info || ep.identity) continue;
      const k = ep.principal.kind;
      if (k !== 'public' && k !== 'any-aws-account' && k !== 'unresolved') continue;
      if (k === 'unresolved' && ep.source === null) continue; // a source outside the templates: nothing to point at
      const res = ep.source ? resources.get(ep.source) : undefined;
      const who = k === 'public' ? `anyone (${ep.principal.detail ?? 'public'})` : k === 'any-aws-account' ? 'any AWS account' : `an unresolved principal (${ep.principal.detail ?? ''})`;
      yield {
        messageId: 'trigger',
        data: { source: ep.source ?? 'source', what: info.what, who, action: info.action, fn: ep.targets.join(', ') },
        subject: ep.id,
        key: 'writer',
        location: res?.policy && typeof res.policy === 'object' && 'location' in res.policy ? res.policy.location : ep.location,
        functions: ep.targets,
        severity: severityFor('high', k),
        related: [{ location: ep.location, message: `the trigger of ${ep.targets.join(', ')}` }],
      };
    }
  },
});
