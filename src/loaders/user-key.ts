/**
 * The user's own cache folder and the secret key that authenticates what nightlight caches: the
 * entries of incremental runs in a scanned tree (src/loaders/cache.ts) and the compiled code of the
 * command line (src/cli/code-cache.ts). The key never leaves the machine: 32 random bytes in
 * `$XDG_CACHE_HOME/nightlight/cache-key`, else `~/.cache/nightlight/cache-key`, created 0600 in a
 * folder created 0700.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** `$XDG_CACHE_HOME/nightlight`, else `~/.cache/nightlight`. */
export function userCacheDir(): string {
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'nightlight');
}

export function defaultKeyFile(): string {
  return join(userCacheDir(), 'cache-key');
}

/** The key in `file`, created when absent; null when it cannot be read or created (caching is then off). */
export function loadKey(file: string): Buffer | null {
  try {
    if (existsSync(file)) {
      const key = readFileSync(file);
      return key.length >= 32 ? key : null;
    }
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    // 'wx': never follow or replace a file someone else put there first.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, key);
    } finally {
      closeSync(fd);
    }
    return key;
  } catch {
    return null;
  }
}
