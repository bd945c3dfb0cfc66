import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { exposureOf, isOutsideReach } from '../../analyses/iam/risk-findings.js';
import { actionCount } from '../../analyses/iam/permissions.js';
import { maxSeverity, severityFor } from '../../model/findings.js';
import { sharedAcrossOwners } from '../../analyses/owners/rules.js';

/**
 * One execution role shared by several functions (the Serverless Framework default): each function
 * holds the union of what all of them need, so a flaw in the most exposed one reaches everything
 * the others can do. Reported once per role, at the role; a role shared by functions of different
 * owners is iam/no-cross-owner-shared-role's finding instead.
 */
export default findingsRule({
  id: 'iam/no-shared-role',
  description: 'Each function should have its own execution role; a shared role gives every function the union of their permissions.',
  category: 'shared-role',
  severity: 'medium',
  cwe: [250],
  messages: {
    shared: 'Role {{role}} is shared by {{count}} functions ({{fns}}), so each holds the union of their permissions ({{actions}} actions{{risks}}); {{exposure}}.',
  },
  requires: ['iam', 'surface'],
  sources: peers('nightlight-field:IAM-SHARED-ROLE', 'kics:Lambda Functions Without Unique IAM Roles'),
  reads: 'iam',
  *findings(iam, { analyses }) {
    const risks = analyses.iamRisks;
    const surface = analyses.surface;
    const owners = analyses.owners;
    for (const role of iam.sharedRoles()) {
      if (!role.inModel || role.location === null) continue;
      if (owners && sharedAcrossOwners(owners, role.functions)) continue;
      const classes = new Set<string>();
      for (const fn of role.functions) for (const m of risks?.byFunction[fn] ?? []) classes.add(m.class);
      const actions = actionCount(role.services);
      const e = exposureOf(surface, role.functions);
      yield {
        messageId: 'shared',
        data: {
          role: role.roleId,
          count: role.functions.length,
          fns: role.functions.join(', '),
          actions,
          risks: classes.size > 0 ? `, including ${[...classes].sort().join(', ')}` : '',
          exposure: isOutsideReach(e.reach) ? `one of them is ${e.text}` : `they are ${e.text}`,
        },
        subject: role.roleId,
        key: 'SharedRole',
        location: role.location,
        // A publicly reachable sharer holds what the private ones need. The risks of the union are
        // reported on their own statements (one grant, one finding), so sharing stays medium at most.
        severity: maxSeverity(severityFor('medium', e.reach), 'low'),
        functions: role.functions,
      };
    }
  },
});
