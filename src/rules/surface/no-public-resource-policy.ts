import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import { isUnresolved } from '../../model/types.js';
import type { PolicyDocument, ResourceNode } from '../../model/types.js';
import { principalFromResourcePolicy } from '../../model/policy.js';

const KINDS = new Set<ResourceNode['kind']>(['bucket', 'queue', 'topic', 'event-bus', 'secret', 'kms-key', 'table', 'stream', 'state-machine']);
const TRIGGER_KINDS = new Set(['sqs-queue', 'sns-subscription', 's3-notification', 'eventbridge-rule']);
const PUBLIC_ACLS = /^(PublicRead|PublicReadWrite|AuthenticatedRead)$/;

function actionsOf(s: PolicyDocument['statements'][number]): string[] {
  return (s.action ?? s.notAction ?? ['*']).map((a) => (isUnresolved(a) ? '*' : a));
}

/**
 * A resource policy (or bucket ACL) that lets anyone — or any AWS account — read or change a
 * queue, topic, bucket, event bus, secret or key. When the resource triggers a function,
 * surface/no-public-trigger reports it with the function it reaches instead.
 */
export default findingsRule({
  id: 'surface/no-public-resource-policy',
  description: 'Resource policies and bucket ACLs must not grant access to everyone or to any AWS account.',
  category: 'public-resource-policy',
  severity: 'high',
  cwe: [284, 732],
  messages: {
    policy: '{{resource}} ({{kind}}) lets {{who}} perform {{actions}}{{by}}.',
    acl: 'Bucket {{resource}} has the ACL {{acl}}: its objects are readable by {{who}}.',
  },
  requires: [],
  sources: peers('cfn_nag:F16/F18/F20/F21', 'checkov:CKV_AWS_70', 'aws-access-analyzer:CheckNoPublicAccess', 'nightlight-field:EXP-QUEUE-TOPIC-PUBLIC'),
  reads: 'model',
  *findings(model) {
    const triggered = new Set(model.entryPoints.filter((e) => !e.identity && TRIGGER_KINDS.has(e.kind) && e.source && (e.principal.kind === 'public' || e.principal.kind === 'any-aws-account')).map((e) => e.source!));
    for (const r of model.resources) {
      if (!KINDS.has(r.kind) || triggered.has(r.id)) continue;
      if (r.kind === 'bucket' && typeof r.acl === 'string' && PUBLIC_ACLS.test(r.acl)) {
        yield { messageId: 'acl', data: { resource: r.id, acl: r.acl, who: r.acl === 'AuthenticatedRead' ? 'any AWS account' : 'anyone on the internet' }, subject: r.id, key: 'acl', location: r.location, severity: r.acl === 'PublicReadWrite' ? 'critical' : 'high' };
      }
      const doc = r.policy;
      if (!doc || isUnresolved(doc)) continue;
      for (const s of doc.statements) {
        if (s.effect !== 'Allow') continue;
        const actions = actionsOf(s);
        const p = principalFromResourcePolicy({ statements: [s], location: s.location }, actions, '123456789012');
        if (p.kind !== 'public' && p.kind !== 'any-aws-account') continue;
        const writes = actions.some((a) => a === '*' || /:\*$|Put|Send|Publish|Delete|Update|Create|Set|Add|Remove|Write|Tag|Encrypt|Decrypt|Restore/i.test(a));
        yield {
          messageId: 'policy',
          data: { by: r.policyResources?.length ? ` (policy ${r.policyResources.join(', ')})` : '', resource: r.id, kind: r.kind, who: p.kind === 'public' ? `anyone (${p.detail ?? 'Principal "*"'})` : 'any AWS account', actions: s.notAction ? `everything except ${actions.join(', ')}` : actions.join(', ') },
          subject: r.id,
          key: `policy:${s.sid ?? actions.join(',')}`,
          location: s.location,
          severity: p.kind === 'public' ? (writes ? 'critical' : 'high') : writes ? 'high' : 'medium',
        };
      }
    }
  },
});
