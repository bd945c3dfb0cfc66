/**
 * Links the builder makes once every resource is known: the ECR repository of the scan a
 * container-image function's image comes from (`FunctionPosture.imageRepository`: `Code.ImageUri`
 * is `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`, written out, through a
 * repository's `RepositoryUri` (`!GetAtt Repo.RepositoryUri`, Terraform
 * `aws_ecr_repository.r.repository_url`) or by name), and the KMS key of the scan that encrypts a
 * data resource or a function's environment (`encryption.key`, `FunctionPosture.environmentKeyId`).
 */
import type { Maybe } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RValue } from './resolve.js';
import type { ModelBuilder, Stack } from './builder.js';
import type { ResourceNode } from './types.js';

const IMAGE_URI = /^[^/]+\.dkr\.ecr\.[^/]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::[^@]*)?(?:@.*)?$/;

/** The repository named by an image URI, by id; null when it is none of the scan's; unresolved when the URI cannot be read. */
function repositoryOf(b: ModelBuilder, s: Stack, uri: RValue | undefined): Maybe<string> | null {
  if (uri === undefined || uri === null) return null;
  if (isUnresolved(uri) && uri.ref !== undefined) {
    const n = b.resourceByLogical(s, uri.ref);
    if (n?.kind === 'repository') return n.id;
  }
  const text = typeof uri === 'string' ? uri : isUnresolved(uri) ? uri.pattern : undefined;
  const m = text === undefined ? null : IMAGE_URI.exec(text);
  // A resolved URI of another registry (ECR Public, Docker Hub) names no repository of the scan.
  if (!m && typeof uri === 'string') return null;
  if (!m || m[1]!.includes('*')) return unresolved(`the image URI could not be resolved to a repository${isUnresolved(uri) ? ` (${uri.reason})` : ''}`);
  const repos = b.resourceNodes.filter((n) => n.kind === 'repository' && n.name === m[1]);
  return (repos.find((n) => n.stack === s.template.file) ?? (repos.length === 1 ? repos[0] : undefined))?.id ?? null;
}

export function linkImageRepositories(b: ModelBuilder): void {
  for (const [s, r] of b.ofType('AWS::Lambda::Function')) {
    const fn = b.functionByLogical(s, r.logicalId);
    if (!fn?.posture?.image) continue;
    fn.posture.imageRepository = repositoryOf(b, s, (asObject(r.props['Code'] as never) as Record<string, RValue>)['ImageUri']);
  }
}

/** The KMS key of the scan a key property names: a logical id of the stack (a reference), else an ARN, key id or alias. */
function keyNode(b: ModelBuilder, s: Stack, key: string): ResourceNode | null {
  const byLogical = b.resourceByLogical(s, key);
  const node = byLogical ?? b.findResource(key, s);
  return node?.kind === 'kms-key' ? node : null;
}

export function linkKeys(b: ModelBuilder): void {
  const stacks = new Map(b.stacks.map((s) => [s.template.file, s]));
  for (const n of b.resourceNodes) {
    const enc = n.posture?.encryption;
    const s = stacks.get(n.stack);
    if (enc?.key === undefined || !s) continue;
    const k = keyNode(b, s, enc.key);
    if (k) enc.key = k.id;
    else delete enc.key;
  }
  for (const [s, r] of b.ofType('AWS::Lambda::Function')) {
    const fn = b.functionByLogical(s, r.logicalId);
    const k = fn?.posture?.environmentKey;
    if (!fn?.posture || k === null || k === undefined) continue;
    const node = isUnresolved(k) ? (k.ref !== undefined ? keyNode(b, s, k.ref) : null) : keyNode(b, s, k);
    if (node) fn.posture.environmentKeyId = node.id;
  }
}
