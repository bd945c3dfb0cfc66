import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { openEndpointRank, severityFor } from '../../model/findings.js';

/**
 * An IAM principal of the configuration that someone outside the account can act as (anyone or
 * signed-in users through an identity pool, other accounts through a trust policy, an unresolved
 * principal) is allowed by its own policies to invoke a function, start a state machine that runs
 * functions, or put events into a function's trigger. That caller writes the whole event, skips
 * whatever authorizer the function's API has, and drives its cost. What it gives is what the
 * functions reached can do (docs/severity.md); the account's own users, groups and EC2 roles are
 * entry points of the map and of taint, not findings.
 */
export default findingsRule({
  id: 'surface/no-outside-identity-entry',
  description: 'IAM principals that callers outside the account can act as must not be allowed to invoke functions or write to their triggers.',
  category: 'cross-account-access',
  severity: 'high',
  cwe: [284, 863],
  messages: {
    entry: '{{principal}} is allowed {{action}}{{on}}, which runs {{fn}}, and {{who}} can act as it: {{outside}} writes the event {{fn}} gets{{gives}}.',
  },
  requires: ['surface'],
  sources: peers('pmapper:edges', 'aws-access-analyzer:external-access'),
  reads: 'surface',
  *findings(surface, { model }) {
    const OUTSIDE: Record<string, string> = {
      public: 'anyone on the internet',
      'authenticated-users': 'any signed-in user',
      'cross-account': 'another account',
      'any-aws-account': 'any AWS account',
      unresolved: 'a caller the scan cannot see',
    };
    // The unauthenticated role of an identity pool is reported on the pool (surface/no-unauthenticated-identity-pool-access).
    const guestRoles = new Set(model.resources.filter((r) => r.kind === 'identity-pool' && r.attributes.allowUnauthenticated === true).map((r) => r.attributes.unauthenticatedRoleId));
    for (const ep of model.entryPoints) {
      if (!ep.identity || guestRoles.has(ep.identity.principal)) continue;
      const outside = OUTSIDE[ep.principal.kind];
      if (!outside) continue;
      // What the caller reaches ranks it as an open endpoint does: unknown holdings are not safe.
      const radius = surface.blastRadius[ep.id];
      const worst = radius?.worst ?? null;
      const unknown = radius?.unknown ?? [];
      yield {
        messageId: 'entry',
        data: {
          principal: `${ep.identity.principalKind === 'user' ? 'IAM user' : ep.identity.principalKind === 'group' ? 'Group' : 'Role'} ${ep.identity.principal}`,
          who: ep.principal.detail ?? 'a caller the scan cannot see',
          action: ep.identity.action,
          on: ep.source ? ` on ${ep.source}` : '',
          fn: ep.targets.join(', '),
          outside,
          gives: worst !== null ? `, and reaches ${worst}` : unknown.length > 0 ? `; what the function may do is not known (${unknown.join('; ')})` : '',
        },
        subject: ep.id,
        key: `${ep.identity.principal}:${ep.identity.action}`,
        location: ep.location,
        functions: ep.targets,
        severity: severityFor(openEndpointRank(radius ? [radius] : []).severity, ep.principal.kind),
        related: [{ location: ep.identity.location, message: `${ep.identity.principalKind} ${ep.identity.principal}` }],
      };
    }
  },
});
