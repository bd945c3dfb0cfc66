import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { evaluateAccess, mayBeAllowed, rolePolicies } from '../../analyses/iam/index.js';

/** What an anonymous visitor's credentials are worth, checked in this order. */
const PROBES: { action: string; what: string; severity: 'critical' | 'high' | 'medium' }[] = [
  { action: 'lambda:InvokeFunction', what: 'invoke', severity: 'high' },
  { action: 'lambda:UpdateFunctionCode', what: 'rewrite', severity: 'critical' },
  { action: 'dynamodb:Scan', what: 'read tables of', severity: 'high' },
  { action: 's3:PutObject', what: 'write objects to buckets of', severity: 'high' },
  { action: 'sqs:SendMessage', what: 'send messages to queues of', severity: 'medium' },
  { action: 'sns:Publish', what: 'publish to topics of', severity: 'medium' },
];

/**
 * A Cognito identity pool that hands AWS credentials to unauthenticated visitors, through a role
 * that can invoke functions or reach data: anyone on the internet gets those permissions by
 * calling GetId and GetCredentialsForIdentity, no sign-in needed.
 */
export default findingsRule({
  id: 'surface/no-unauthenticated-identity-pool-access',
  description: 'Identity pools must not give unauthenticated identities a role that can invoke functions or reach data.',
  category: 'weak-authentication',
  severity: 'high',
  cwe: [284, 306],
  messages: {
    access: 'Identity pool {{pool}} gives unauthenticated visitors the role {{role}}, which can {{what}} {{target}}: anyone on the internet gets these AWS credentials without signing in.',
  },
  requires: ['iam'],
  sources: peers('checkov:CKV_AWS_366', 'cdk-nag:COG7', 'nightlight-field:EXP-COGNITO-UNAUTH'),
  reads: 'model',
  *findings(model) {
    const roles = new Map(model.roles.map((r) => [r.id, r]));
    for (const pool of model.resources) {
      if (pool.kind !== 'identity-pool' || pool.attributes.allowUnauthenticated === false || pool.attributes.allowUnauthenticated === undefined) continue;
      const role = pool.attributes.unauthenticatedRoleId ? roles.get(pool.attributes.unauthenticatedRoleId) : undefined;
      if (!role) continue;
      const policies = rolePolicies(role);
      for (const probe of PROBES) {
        const targets = probe.action.startsWith('lambda:')
          ? model.functions.map((f) => ({ id: f.id, arn: f.arn }))
          : [{ id: 'this account', arn: `arn:aws:${probe.action.split(':')[0]}:*:*:*` as const }];
        const hits: string[] = [];
        let location = role.location;
        for (const t of targets) {
          const d = evaluateAccess({ identityPolicies: policies, request: { action: probe.action, resource: t.arn } });
          if (!mayBeAllowed(d.decision)) continue;
          hits.push(t.id);
          location = d.allowedBy[0]?.location ?? location;
        }
        if (hits.length === 0) continue;
        yield {
          messageId: 'access',
          data: { pool: pool.id, role: role.id, what: probe.what, target: hits.length > 3 ? `${hits.slice(0, 3).join(', ')} and ${hits.length - 3} more` : hits.join(', ') },
          subject: pool.id,
          key: probe.action,
          location,
          severity: probe.severity,
          functions: probe.action.startsWith('lambda:') ? hits : [],
          related: [{ location: pool.location, message: `identity pool ${pool.id} allows unauthenticated identities` }],
        };
        break;
      }
    }
  },
});
