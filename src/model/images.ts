/**
 * Container-image functions and the ECR repository of the scan their image comes from
 * (`FunctionPosture.imageRepository`): `Code.ImageUri` is `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`,
 * written out, through a repository's `RepositoryUri` (`!GetAtt Repo.RepositoryUri`, Terraform
 * `aws_ecr_repository.r.repository_url`) or by name.
 */
import type { Maybe } from './types.js';
import { isUnresolved, unresolved } from './types.js';
import { asObject, type RValue } from './resolve.js';
import type { ModelBuilder, Stack } from './builder.js';

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
