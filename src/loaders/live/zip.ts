/**
 * Unpacks a deployment package (a zip archive) into a folder, defensively: the archive comes from
 * an account and may be hostile. Entries that would land outside the folder, links, encrypted or
 * unsupported entries are skipped with a diagnostic; sizes are capped at Lambda's own limits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Diagnostic } from '../../model/types.js';
import { isWithin } from '../boundary.js';

export interface ZipLimits {
  /** Lambda's limit for an unzipped package: 250 MB. */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 250 * 1024 * 1024, maxEntries: 50_000 };

/** Extracts `zip` into `dir`; returns the number of files written. Never throws on bad archives. */
export function extractZip(zip: Buffer, dir: string, what: string, diagnostics: Diagnostic[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): number {
  const bad = (message: string) => diagnostics.push({ level: 'warning', code: 'live-code-package', message: `${what}: ${message}` });
  // End of central directory: the last 22+ bytes, signature 0x06054b50.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    bad('not a zip archive; its code is not analysed');
    return 0;
  }
  const count = zip.readUInt16LE(eocd + 10);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) {
    bad(`${count} entries (more than ${limits.maxEntries}); its code is not analysed`);
    return 0;
  }
  const root = resolve(dir);
  let total = 0;
  let written = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) {
      bad('damaged central directory; the rest of the archive is skipped');
      break;
    }
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const external = zip.readUInt32LE(p + 38);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    const mode = (external >>> 16) & 0o170000;
    if (mode === 0o120000) {
      bad(`${name} is a symbolic link; skipped`);
      continue;
    }
    if (flags & 1) {
      bad(`${name} is encrypted; skipped`);
      continue;
    }
    const target = resolve(root, name.replace(/\\/g, '/'));
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || !isWithin(root, target)) {
      bad(`${name} would be written outside the package folder; skipped`);
      continue;
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      bad(`more than ${limits.maxTotalBytes} bytes unzipped; the rest of the archive is skipped`);
      break;
    }
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) {
      bad(`${name}: damaged entry; skipped`);
      continue;
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    let bytes: Buffer;
    try {
      if (method === 0) bytes = Buffer.from(data);
      else if (method === 8) bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
      else {
        bad(`${name}: compression method ${method} is not supported; skipped`);
        continue;
      }
    } catch (err) {
      bad(`${name}: could not be inflated (${(err as Error).message}); skipped`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(join(target), bytes);
    written++;
  }
  return written;
}
