import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { crossOwnerOverreach } from '../../analyses/owners/rules.js';
import { exposureOf } from '../../analyses/iam/risk-findings.js';
import { severityFor } from '../../model/findings.js';

/**
 * Least privilege across teams (docs/owners.md): a function may write, invoke or change the
 * permissions of a resource another owner owns, and its code never does so. The grant is a change
 * to the other team's resource that the other team did not review. Reported per function and
 * resource at the statement that grants it, only where the code was read completely and every call
 * of that service names its target.
 */
export default findingsRule({
  id: 'iam/no-cross-owner-overreach',
  description: "A function should not be able to write, invoke or change the permissions of another owner's resources beyond what its code does.",
  category: 'trust-boundary',
  severity: 'medium',
  cwe: [250, 269],
  messages: {
    overreach: "{{fn}} ({{owner}}) may {{verbs}} {{target}}, owned by {{targetOwner}}, but its code never does ({{actions}}){{used}}; {{exposure}}. Remove the grant, or ask {{targetOwner}} to review it.",
  },
  requires: ['iam', 'code', 'surface'],
  sources: peers('nightlight-field:TRUST-BOUNDARY'),
  reads: 'owners',
  *findings(owners, { analyses }) {
    const lp = analyses.leastPrivilege;
    const surface = analyses.surface;
    for (const x of crossOwnerOverreach(owners, analyses.code, lp)) {
      const b = x.boundary;
      const e = exposureOf(surface, [b.from]);
      const shown = x.unused.slice(0, 5).join(', ') + (x.unused.length > 5 ? `, +${x.unused.length - 5} more` : '');
      yield {
        messageId: 'overreach',
        data: {
          fn: b.from,
          owner: b.owners.from.join(', '),
          verbs: b.kind === 'invoke' ? 'invoke' : b.crosses.levels.includes('Permissions management') ? 'write to or change the permissions of' : 'write to',
          target: b.to,
          targetOwner: b.owners.to.join(', '),
          actions: shown,
          used: x.used.length ? ` (it uses only ${x.used.join(', ')})` : '',
          exposure: e.text,
        },
        subject: b.from,
        key: b.to,
        location: b.location,
        severity: severityFor('high', e.reach),
        functions: [b.from],
      };
    }
  },
});
