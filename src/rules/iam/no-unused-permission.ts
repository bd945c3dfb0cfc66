import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';

/**
 * Statements that grant actions the handler code never calls: one finding per function (or shared
 * role), at the statement with the most, the others as related locations. Reported only when the
 * code of every function using the role was analysed, and only for services whose call targets
 * are all known; `nightlight policy <function>` says why a service could not be decided.
 * Actions Lambda itself needs (logs, tracing, event source polling) are not reported.
 */
export default findingsRule({
  id: 'iam/no-unused-permission',
  description: 'Execution roles should not grant actions the function code never calls.',
  category: 'unused-permission',
  severity: 'low',
  cwe: [250],
  messages: {
    unused: '{{fns}}: {{policy}} grants {{count}} of its {{granted}} actions that the code never calls ({{sample}}){{others}}: they only widen what a compromised function can do.',
    wider: '{{fns}}: {{policy}} grants more than the code uses{{others}}; {{suggestion}} covers every call it makes with this identity. The rest only widens what a compromised function can do.',
  },
  requires: ['iam', 'code'],
  sources: peers('iam-access-analyzer:unused-access', 'nightlight-field:IAM-UNUSED'),
  reads: 'leastPrivilege',
  *findings(lp) {
    for (const role of Object.values(lp.roles)) {
      if (!role.decidable || role.unused.length === 0) continue;
      // One finding per function (or per shared role): the statement with the most unused actions
      // leads, the others are related locations.
      const ordered = [...role.unused].sort((a, b) => b.actions.length - a.actions.length || a.statement.location.line - b.statement.location.line);
      const u = ordered[0]!;
      const rest = ordered.slice(1);
      const sample = u.actions.slice(0, 4).join(', ') + (u.actions.length > 4 ? ', …' : '');
      const more = rest.reduce((n, x) => n + x.actions.length, 0);
      if (role.nativeSuggestion) {
        yield {
          messageId: 'wider',
          data: { fns: role.functions.join(', '), policy: u.statement.policy, others: rest.length > 0 ? ` (and ${rest.map((x) => x.statement.policy).filter((p, i, a) => p !== u.statement.policy && a.indexOf(p) === i).join(', ') || 'its other statements'})` : '', suggestion: role.nativeSuggestion },
          subject: role.functions.length === 1 ? role.functions[0]! : role.roleId,
          key: 'unused',
          location: u.statement.location,
          functions: role.functions,
          related: rest.map((x) => ({ location: x.statement.location, message: `${x.statement.policy}: wider than the code uses` })),
        };
        continue;
      }
      yield {
        messageId: 'unused',
        data: {
          fns: role.functions.join(', '),
          policy: u.statement.sid ? `${u.statement.policy} (${u.statement.sid})` : u.statement.policy,
          count: u.actions.length,
          granted: u.granted,
          sample,
          others: rest.length > 0 ? `, and ${rest.length} more statement(s) grant ${more} more` : '',
        },
        subject: role.functions.length === 1 ? role.functions[0]! : role.roleId,
        key: 'unused',
        location: u.statement.location,
        functions: role.functions,
        related: rest.map((x) => ({ location: x.statement.location, message: `${x.statement.sid ? `${x.statement.policy} (${x.statement.sid})` : x.statement.policy}: ${x.actions.length} of ${x.granted} actions unused` })),
      };
    }
  },
});
