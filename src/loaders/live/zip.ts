/**
 * Unpacks a deployment package (a zip archive) into a folder, defensively: the archive comes from
 * an account and may be hostile. Entries that would land outside the folder, links, encrypted or
 * unsupported entries are skipped with a diagnostic (the reading is `loaders/zip.ts`); sizes are
 * capped at Lambda's own limits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../../model/types.js';
import { isWithin } from '../boundary.js';
import { readZipEntries, type ZipLimits } from '../zip.js';

export type { ZipLimits };

/** Lambda's limit for an unzipped package: 250 MB. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 250 * 1024 * 1024, maxEntries: 50_000 };

/** Extracts `zip` into `dir`; returns the number of files written. Never throws on bad archives. */
export function extractZip(zip: Buffer, dir: string, what: string, diagnostics: Diagnostic[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): number {
  const root = resolve(dir);
  let written = 0;
  readZipEntries(zip, what, 'live-code-package', diagnostics, limits, ({ name }, bytes) => {
    const target = resolve(root, name.replace(/\\/g, '/'));
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || !isWithin(root, target)) {
      diagnostics.push({ level: 'warning', code: 'live-code-package', message: `${what}: ${name} would be written outside the package folder; skipped` });
      return;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    written++;
  }, 'its code is not analysed');
  return written;
}
