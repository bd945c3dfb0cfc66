import { defineRule } from '../../engine/types.js';
import type { LeastPrivilegeAnalysis } from '../../analyses/iam/least-privilege.js';

/**
 * A policy statement that grants actions the handler code never calls. Reported only when the
 * code of every function using the role was analysed, and only for services whose call targets
 * are all known; `nightlight policy <function>` says why a service could not be decided.
 * Actions Lambda itself needs (logs, tracing, event source polling) are not reported.
 */
export default defineRule({
  id: 'iam/no-unused-permission',
  meta: {
    description: 'Execution roles should not grant actions the function code never calls.',
    category: 'unused-permission',
    severity: 'low',
    cwe: [250],
    messages: {
      unused: '{{fns}}: {{policy}} grants {{count}} of its {{granted}} actions that the code never calls ({{sample}}): they only widen what a compromised function can do.',
    },
    requires: ['iam', 'code'],
    sources: [{ tool: 'iam-access-analyzer', id: 'unused-access' }, { tool: 'nightlight-field', id: 'IAM-UNUSED' }],
  },
  create(context) {
    const lp = context.analyses['leastPrivilege'] as LeastPrivilegeAnalysis | undefined;
    if (!lp) return;
    for (const role of Object.values(lp.roles)) {
      if (!role.decidable) continue;
      for (const u of role.unused) {
        const sample = u.actions.slice(0, 4).join(', ') + (u.actions.length > 4 ? ', …' : '');
        context.report({
          messageId: 'unused',
          data: { fns: role.functions.join(', '), policy: u.statement.sid ? `${u.statement.policy} (${u.statement.sid})` : u.statement.policy, count: u.actions.length, granted: u.granted, sample },
          subject: role.functions.length === 1 ? role.functions[0]! : role.roleId,
          key: `Statement::${u.statement.policy}#${u.statement.index}`,
          location: u.statement.location,
          functions: role.functions,
        });
      }
    }
  },
});
