import { peers } from '../../engine/types.js';
import { findingsRule } from '../kinds.js';
import type { PolicyStatement, ResourceNode } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import { principalFromResourcePolicy } from '../../model/policy.js';
import { severityFor } from '../../model/findings.js';

/** Pushing an image: the last step of an upload (`ecr:PutImage`) stands for all of them. */
const PUSH = ['ecr:PutImage'];
/** Pulling an image. */
const PULL = ['ecr:BatchGetImage'];

/** Who a statement lets push (or pull), when that is anyone with an AWS account. */
function grants(s: PolicyStatement, actions: string[]): boolean {
  if (s.effect !== 'Allow') return false;
  const p = principalFromResourcePolicy({ statements: [s], location: s.location }, actions, '123456789012');
  // ECR has no anonymous access: Principal "*" is any authenticated AWS principal.
  return p.kind === 'public' || p.kind === 'any-aws-account';
}

/**
 * An ECR repository that a container-image function of the app runs from, whose repository policy
 * lets any AWS account push or pull images (Checkov CKV_AWS_32). Push replaces the function's code
 * at its next deployment (code tampering: high from any account); pull hands out its code and
 * whatever was built into the image (code exposure: medium). ECR has no anonymous access, so
 * `Principal: "*"` is any AWS account. Named accounts and organizations are not reported.
 */
export default findingsRule({
  id: 'surface/no-public-image-repository',
  description: 'The ECR repository a function\'s container image comes from must not let any AWS account push or pull.',
  category: 'public-resource-policy',
  severity: 'high',
  cwe: [284, 494],
  messages: {
    push: '{{repo}} lets any AWS account push images ({{actions}}), and {{fns}} run{{s}} an image from it: whoever pushes the tag replaces the code at the next deployment.',
    pull: '{{repo}} lets any AWS account pull images ({{actions}}), and {{fns}} run{{s}} an image from it: its code, and whatever was built into the image, can be downloaded.',
    maybe: '{{repo}} lets any AWS account {{what}} images ({{actions}}), and the image of {{fns}} could not be traced to a repository ({{why}}): it may be this one.',
  },
  requires: [],
  sources: peers('checkov:CKV_AWS_32', 'aws-access-analyzer:CheckNoPublicAccess'),
  reads: 'model',
  *findings(model) {
    const repos = model.resources.filter((r): r is ResourceNode => r.kind === 'repository' && r.cloud === undefined);
    for (const repo of repos) {
      const doc = repo.policy;
      if (!doc || isUnresolved(doc)) continue;
      const push = doc.statements.find((s) => grants(s, PUSH));
      const pull = doc.statements.find((s) => grants(s, PULL));
      const s = push ?? pull;
      if (!s) continue;
      const images = model.functions.filter((f) => f.posture?.imageRepository !== undefined && f.posture.imageRepository !== null);
      const users = images.filter((f) => f.posture!.imageRepository === repo.id).map((f) => f.id);
      const maybe = images.filter((f) => isUnresolved(f.posture!.imageRepository) && f.location.file === repo.location.file);
      if (users.length === 0 && maybe.length === 0) continue;
      const actions = (s.action ?? s.notAction ?? ['*']).map((a) => (isUnresolved(a) ? '*' : a)).join(', ');
      const base = { subject: repo.id, key: 'image-repository', location: s.location };
      if (users.length === 0) {
        const why = maybe.map((f) => f.posture!.imageRepository).find(isUnresolved)!.reason;
        yield { ...base, messageId: 'maybe', data: { repo: repo.id, what: push ? 'push' : 'pull', actions, fns: maybe.map((f) => f.id).join(', '), why }, functions: maybe.map((f) => f.id), severity: 'info' };
        continue;
      }
      yield {
        ...base,
        messageId: push ? 'push' : 'pull',
        data: { repo: repo.id, actions, fns: users.join(', '), s: users.length > 1 ? '' : 's' },
        functions: users,
        severity: severityFor(push ? 'catastrophic' : 'high', 'any-aws-account'),
      };
    }
  },
});
