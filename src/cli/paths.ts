/**
 * Where the scanned folder sits in its git repository: code-scanning platforms (GitHub, GitLab)
 * resolve report paths from the repository root, not from the folder a job scanned.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';

/**
 * The scanned folder relative to the root of the git repository holding it ('' when it is the
 * root or not in a repository): code-scanning platforms resolve paths from the repository root.
 */
export function repositoryPrefix(dir: string): string {
  let folder = resolvePath(dir);
  try {
    if (!statSync(folder).isDirectory()) folder = dirname(folder);
  } catch {
    return '';
  }
  for (let at = folder; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return relative(at, folder).split(sep).join('/');
    if (dirname(at) === at) return '';
  }
}
