/**
 * `nightlight advisories update`: the one command that uses the network, and only when run. It
 * downloads OSV's per-ecosystem exports into the advisory cache that scans read offline
 * (docs/advisories.md).
 */
import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { ADVISORY_ECOSYSTEMS, defaultAdvisoryCache, updateAdvisories } from '../loaders/advisory-cache.js';
import type { CliIo } from './io.js';

export interface AdvisoriesUpdateOptions {
  ecosystems?: string;
  dir?: string;
  url?: string;
}

/** The cache folder scans read: `$NIGHTLIGHT_ADVISORIES_DIR`, `$XDG_CACHE_HOME/nightlight/advisories`, `~/.cache/nightlight/advisories`. */
export function advisoryCacheDir(io: CliIo): string {
  return defaultAdvisoryCache(io.env, io.env['HOME'] ?? homedir());
}

export async function runAdvisoriesUpdate(opts: AdvisoriesUpdateOptions, io: CliIo): Promise<number> {
  const ecosystems = (opts.ecosystems ?? ADVISORY_ECOSYSTEMS.join(',')).split(',').map((e) => e.trim()).filter(Boolean);
  const known = new Map(ADVISORY_ECOSYSTEMS.map((e) => [e.toLowerCase(), e]));
  const unknown = ecosystems.filter((e) => !known.has(e.toLowerCase()));
  if (unknown.length || !ecosystems.length) {
    io.stderr(`nightlight: --ecosystems takes a comma-separated list of ${ADVISORY_ECOSYSTEMS.join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}\n`);
    return 2;
  }
  const dir = opts.dir !== undefined ? resolvePath(opts.dir) : advisoryCacheDir(io);
  try {
    const result = await updateAdvisories({ dir, ecosystems: [...new Set(ecosystems.map((e) => known.get(e.toLowerCase())!))], ...(opts.url ? { baseUrl: opts.url } : {}), log: (line) => io.stderr(`${line}\n`) });
    for (const d of result.diagnostics) io.stderr(`warning: ${d.message}\n`);
    const date = result.ecosystems[0]?.date.slice(0, 10) ?? '';
    io.stdout(`advisory snapshot of ${date} in ${dir}: ${result.ecosystems.map((e) => `${e.name} ${e.records}`).join(', ')} records\n`);
    return 0;
  } catch (err) {
    io.stderr(`nightlight: advisories update failed, the snapshot in ${dir} is unchanged: ${(err as Error).message}\n`);
    return 1;
  }
}
