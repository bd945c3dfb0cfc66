import { defineRule } from '../../engine/types.js';
import { evaluateAccess, mayBeAllowed, rolePolicies } from '../../analyses/iam/index.js';
import type { PolicyDocument } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';

/** Capabilities checked on roles that no function of the app runs with, most dangerous first. */
const PROBES: { action: string; resource: string; what: string; severity: 'critical' | 'high' | 'medium' }[] = [
  { action: 'iam:CreateUser', resource: 'arn:aws:iam::123456789012:user/nightlight-probe', what: 'administer IAM (create users, attach policies: the account)', severity: 'critical' },
  { action: 'lambda:UpdateFunctionCode', resource: 'arn:aws:lambda:*:*:function:*', what: 'rewrite the code of any function', severity: 'high' },
  { action: 'lambda:InvokeFunction', resource: 'arn:aws:lambda:*:*:function:*', what: 'invoke any function', severity: 'medium' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::*/*', what: 'write to any bucket', severity: 'medium' },
  { action: 'dynamodb:Scan', resource: 'arn:aws:dynamodb:*:*:table/*', what: 'read any table', severity: 'medium' },
];

/** Who the trust policy lets assume the role, in words. */
function assumers(trust: PolicyDocument | null): string {
  if (!trust) return 'principals of the account';
  const out = new Set<string>();
  for (const s of trust.statements) {
    if (s.effect !== 'Allow') continue;
    for (const svc of s.principal?.service ?? []) if (typeof svc === 'string') out.add(svc === 'lambda.amazonaws.com' ? 'any Lambda function it is passed to' : svc);
    for (const f of s.principal?.federated ?? []) if (typeof f === 'string') out.add(f === 'cognito-identity.amazonaws.com' ? 'identity-pool users' : f);
    for (const a of s.principal?.aws ?? []) if (typeof a === 'string') out.add(a === '*' ? 'anyone' : a);
    if (s.principal?.any) out.add('anyone');
  }
  return out.size ? [...out].sort().join(', ') : 'principals of the account';
}

/**
 * A role of the app that no function runs with — a role handed to identity-pool users, a role for
 * Lambda functions created later, a role other principals assume — with account-wide power. The
 * function rules cannot see it; whoever gets it (a signed-in user, a function created with
 * iam:PassRole, another account) gets that power.
 */
export default defineRule({
  id: 'iam/no-overprivileged-role',
  meta: {
    description: 'Roles that no function runs with (identity-pool roles, roles for other principals) must not grant account-wide power.',
    category: 'over-privileged-function',
    severity: 'high',
    cwe: [269, 732],
    messages: {
      role: 'Role {{role}} can {{what}} ({{action}} allowed on {{resource}}); {{who}} can assume it.',
    },
    requires: ['iam'],
    sources: [{ tool: 'cloudsplaining', id: 'PrivilegeEscalation/ResourceExposure' }, { tool: 'checkov', id: 'CKV_AWS_62' }, { tool: 'nightlight-field', id: 'IAM-ADMIN-MANAGED' }],
  },
  create(context) {
    const used = new Set(context.model.functions.map((f) => f.roleId).filter((x): x is string => x !== null));
    for (const role of context.model.roles) {
      if (!role.defined || used.has(role.id)) continue;
      const policies = rolePolicies(role);
      for (const probe of PROBES) {
        const d = evaluateAccess({ identityPolicies: policies, request: { action: probe.action, resource: probe.resource } });
        // Unknown policies are reported by the analyses' diagnostics; here only what is known to be allowed.
        if (!mayBeAllowed(d.decision) || d.decision === 'unresolved') continue;
        const trust = role.trust && !isUnresolved(role.trust) ? role.trust : null;
        context.report({
          messageId: 'role',
          data: { role: role.id, what: probe.what, action: probe.action, resource: probe.resource.includes('probe') ? 'any user' : probe.resource, who: assumers(trust) },
          subject: role.id,
          key: probe.action,
          location: d.allowedBy[0]?.location ?? role.location,
          severity: d.decision === 'conditionally-allowed' ? (probe.severity === 'critical' ? 'high' : 'medium') : probe.severity,
          related: [{ location: role.location, message: `role ${role.id}` }],
        });
        break;
      }
    }
  },
});
