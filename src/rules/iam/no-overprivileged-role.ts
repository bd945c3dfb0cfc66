import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { impactAbove, severityFor } from '../../model/findings.js';

/**
 * Every IAM principal of the configuration that no function runs with — a role handed to
 * identity-pool users, to EC2, to users or other accounts, a role for functions created later, an
 * IAM user, a group, a managed policy attached to nothing — evaluated against the same risk catalog
 * as function roles. One finding per principal: its most severe capability, the others counted.
 */
export default findingsRule({
  id: 'iam/no-overprivileged-role',
  description: 'IAM principals that no function runs with (roles for users, EC2, identity pools or other accounts; IAM users and groups; unattached managed policies) must not hold privilege-escalation or account-wide power.',
  category: 'over-privileged-function',
  severity: 'high',
  cwe: [269, 732],
  messages: {
    role: 'Role {{principal}} can {{title}} ({{detail}}){{qualifier}}; {{who}} can assume it{{more}}.',
    user: 'IAM user {{principal}} can {{title}} ({{detail}}){{qualifier}}{{keys}}{{more}}.',
    group: 'Group {{principal}} can {{title}} ({{detail}}){{qualifier}}; {{who}} get it{{more}}.',
    policy: 'Managed policy {{principal}} is attached to nothing in the configuration and lets whoever gets it {{title}} ({{detail}}){{qualifier}}{{more}}.',
  },
  requires: ['iam'],
  sources: peers('cloudsplaining:PrivilegeEscalation/ResourceExposure', 'checkov:CKV_AWS_62/CKV_AWS_63/CKV_AWS_274', 'pmapper:edges', 'nightlight-field:IAM-ADMIN-MANAGED'),
  reads: 'iamPrincipals',
  *findings(principals) {
    for (const p of principals) {
      const top = p.matches[0]!;
      const others = [...new Set(p.matches.slice(1).map((m) => m.title))];
      // The catalogue's severity is for a signed-in caller; who can act as the principal moves it (docs/severity.md).
      const severity = severityFor(impactAbove(top.severity), p.users.reach);
      const qualifier = top.certainty === 'conditional' ? ` (under conditions: ${[...new Set(top.steps.flatMap((s) => s.unknownKeys))].join(', ') || 'unknown keys'})` : top.certainty === 'unresolved' ? ' (may be allowed: unresolved values)' : '';
      yield {
        messageId: p.kind,
        data: {
          principal: p.id,
          title: top.title,
          detail: top.detail,
          qualifier,
          who: p.users.text,
          keys: p.users.text.includes('access key') ? '; an access key is created for it in the configuration' : '',
          more: others.length ? `; it can also ${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}` : '',
        },
        subject: p.id,
        key: top.riskId,
        location: top.location,
        severity,
        related: [{ location: p.location, message: `${p.kind} ${p.id}` }, ...top.related],
      };
    }
  },
});
