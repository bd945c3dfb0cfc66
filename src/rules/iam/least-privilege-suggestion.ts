import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { describeBindings } from '../../analyses/iam/least-privilege-cloud.js';

/**
 * One finding per function whose role grants more than its code needs, pointing at the policy
 * that grants it: `nightlight policy <function> --format sam|cloudformation|serverless|json`
 * prints the narrower policy as a patch.
 */
export default findingsRule({
  id: 'iam/least-privilege-suggestion',
  description: 'A least-privilege policy scoped to what the handler code calls is available for this function.',
  category: 'least-privilege-suggestion',
  severity: 'info',
  messages: {
    suggest: '{{fn}} is granted {{granted}} actions; its code and Lambda need {{needed}}{{notes}}. Run `nightlight policy {{fn}}` for the narrower policy.',
    suggestRoles: '{{fn}} runs with {{granted}}; its code needs only {{needed}}{{notes}}. Run `nightlight policy {{fn}}` for the bindings.',
  },
  requires: ['iam', 'code'],
  sources: peers('iam-access-analyzer:policy-generation'),
  reads: 'leastPrivilege',
  *findings(lp, { model, analyses }) {
    const iam = analyses.iam;
    for (const id of Object.keys(lp.functions).sort()) {
      const f = lp.functions[id]!;
      if (!f.decidable || f.roleId === null) continue;
      const needed = f.suggested.reduce((n, s) => n + s.actions.length, 0);
      if (f.excessActions === 0) continue;
      const perms = iam.permissionsOf(id);
      const policy = perms?.policies.find((p) => p.source !== 'aws-managed' || !/service-role\/AWSLambda|AWSXray/.test(p.name)) ?? perms?.policies[0];
      const fn = model.functions.find((x) => x.id === id)!;
      const undecided = Object.keys(f.undecidedServices).length;
      if (f.native) {
        yield {
          messageId: 'suggestRoles',
          data: { fn: id, granted: (perms?.policies ?? []).map((p) => p.name).join(', ') || 'its roles', needed: describeBindings(f.native), notes: undecided ? ` (${undecided} service(s) not decided: a call is not in the map)` : '' },
          subject: id,
          key: 'policy',
          location: policy?.location ?? fn.location,
          functions: [id],
        };
        continue;
      }
      yield {
        messageId: 'suggest',
        data: { fn: id, granted: f.grantedActions, needed, notes: undecided ? ` (${undecided} service(s) kept wider: a call target is not known)` : '' },
        subject: id,
        key: 'policy',
        location: policy?.location ?? fn.location,
        functions: [id],
      };
    }
  },
});
