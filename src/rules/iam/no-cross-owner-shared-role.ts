import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { exposureOf } from '../../analyses/iam/risk-findings.js';
import { actionCount } from '../../analyses/iam/permissions.js';
import { sharedAcrossOwners } from '../../analyses/owners/rules.js';
import { maxSeverity, severityFor } from '../../model/findings.js';

/**
 * One execution role used by functions of different owners (docs/owners.md): each team's function
 * holds what the other team granted for its own code, and a change one team makes to the role
 * widens the other team's functions without their review. Reported once per role, at the role,
 * in place of iam/no-shared-role (one weakness, one finding).
 */
export default findingsRule({
  id: 'iam/no-cross-owner-shared-role',
  description: 'An execution role should not be shared by functions of different owners.',
  category: 'shared-role',
  severity: 'medium',
  cwe: [250, 653],
  messages: {
    shared: 'Role {{role}} is shared across owners: {{groups}}. Each team\'s functions hold the permissions granted for the other\'s ({{actions}} actions), and a change to the role by one team is not reviewed by the other; {{exposure}}.',
  },
  requires: ['iam', 'surface'],
  sources: peers('nightlight-field:IAM-SHARED-ROLE'),
  reads: 'owners',
  *findings(owners, { analyses }) {
    const iam = analyses.iam;
    const surface = analyses.surface;
    for (const role of iam.sharedRoles()) {
      if (!role.inModel || role.location === null) continue;
      const groups = sharedAcrossOwners(owners, role.functions);
      if (!groups) continue;
      const e = exposureOf(surface, role.functions);
      yield {
        messageId: 'shared',
        data: {
          role: role.roleId,
          groups: groups.map((g) => `${g.functions.join(', ')} (${g.owners.join(', ')})`).join('; '),
          actions: actionCount(role.services),
          exposure: e.text,
        },
        subject: role.roleId,
        key: 'SharedRoleAcrossOwners',
        location: role.location,
        // Like a shared role, the risks of the union are reported on their own statements.
        severity: maxSeverity(severityFor('medium', e.reach), 'low'),
        functions: role.functions,
      };
    }
  },
});
