import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { crossOwnerInputs } from '../../analyses/owners/rules.js';
import { REACH_WORDS, severityFor } from '../../model/findings.js';

/**
 * Data another owner sends (their event source, their invocation, a message their function writes)
 * reaches a sink in this owner's function without validation: each team assumes the other checks
 * it (docs/owners.md). One finding per boundary and receiving function, at the first sink; the
 * injection itself is the code rule's finding at the same sink, this one names the boundary and
 * the team that must validate.
 */
export default findingsRule({
  id: 'code/no-unvalidated-cross-owner-input',
  description: 'A function must validate event data that another owner sends before passing it to a sink.',
  category: 'trust-boundary',
  severity: 'medium',
  cwe: [501, 20],
  messages: {
    crosses: '{{receiver}} ({{owner}}) passes {{fields}} to {{sinks}} unvalidated, and that data comes from {{sender}} ({{senderOwner}}) across a trust boundary ({{kind}}): the receiving team trusts what the sending team lets in; reachable from {{reach}}. Validate it in {{receiver}}.',
  },
  requires: ['code', 'surface'],
  sources: peers('nightlight-field:TRUST-BOUNDARY'),
  reads: 'owners',
  *findings(owners, { model, analyses }) {
    const surface = analyses.surface;
    for (const x of crossOwnerInputs(model, owners, analyses.code, surface)) {
      const first = x.taint[0]!;
      yield {
        messageId: 'crosses',
        data: {
          receiver: x.receiver,
          owner: (owners.elements[x.receiver]?.owners ?? []).join(', '),
          fields: [...new Set(x.taint.map((t) => t.sourceLabel))].join(', '),
          sinks: [...new Set(x.taint.map((t) => t.sink))].join(', '),
          sender: x.boundary.from,
          senderOwner: x.boundary.owners.from.join(', '),
          kind: x.boundary.kind === 'write' ? `writes ${x.boundary.to}` : x.boundary.kind === 'cascade' ? `forwards to ${x.boundary.to}` : x.boundary.kind === 'invoke' ? 'invokes it' : 'triggers it',
          reach: REACH_WORDS[x.reach ?? 'none'],
        },
        subject: x.receiver,
        key: x.boundary.id,
        location: first.location,
        severity: severityFor('high', x.reach),
        functions: [...new Set([x.receiver, ...(model.functions.some((f) => f.id === x.boundary.from) ? [x.boundary.from] : [])])],
        related: [{ location: x.boundary.location, message: `${x.boundary.from} (${x.boundary.owners.from.join(', ')}) → ${x.boundary.to} (${x.boundary.owners.to.join(', ')})` }],
        flows: x.taint.slice(0, 5).map((t) => t.path),
      };
    }
  },
});
