/**
 * A defensive zip reader: archives come from an account (deployment packages) or a download (OSV
 * snapshots) and may be hostile. It walks the central directory and hands each regular entry's
 * bytes to the caller; links, encrypted and unsupported entries are skipped with a diagnostic; the
 * entry count, each entry's size and the total size are capped (a declared size is checked before
 * inflating, and inflating stops at it). Never throws on a bad archive.
 */
import { createRequire } from 'node:module';
import type { Diagnostic } from '../model/types.js';

/** node:zlib, loaded when a zip is read, not at every start (~4 ms). */
function zlib(): typeof import('node:zlib') {
  return createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
}

export interface ZipLimits {
  /** Total bytes unzipped. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Bytes of one entry, unzipped (default: the total). */
  maxEntryBytes?: number;
}

export interface ZipEntryInfo {
  /** The name as stored (`/`-separated; may be hostile: the caller checks it). */
  name: string;
  /** Unix mode bits from the external attributes (0 when none). */
  mode: number;
}

/**
 * Calls `onEntry` for every regular file entry, in central-directory order. `onEntry` returns false
 * to stop. Diagnostics use `code` and name the archive (`what`); `wholeLost` says what is lost when the
 * whole archive is refused. Returns the number of entries read.
 */
export function readZipEntries(zip: Buffer, what: string, code: string, diagnostics: Diagnostic[], limits: ZipLimits, onEntry: (entry: ZipEntryInfo, bytes: Buffer) => boolean | void, wholeLost = 'not read'): number {
  const bad = (message: string) => diagnostics.push({ level: 'warning', code, message: `${what}: ${message}` });
  // End of central directory: the last 22+ bytes, signature 0x06054b50.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    bad(`not a zip archive; ${wholeLost}`);
    return 0;
  }
  let count = zip.readUInt16LE(eocd + 10);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  // ZIP64 (more than 65,535 entries, as OSV's exports have): the locator just before the end
  // record points at the ZIP64 end record, which holds the real count and offset.
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && zip.readUInt32LE(eocd - 20) === 0x07064b50) {
    const at = Number(zip.readBigUInt64LE(eocd - 12));
    if (at + 56 > zip.length || zip.readUInt32LE(at) !== 0x06064b50) {
      bad(`damaged ZIP64 end record; ${wholeLost}`);
      return 0;
    }
    count = Number(zip.readBigUInt64LE(at + 32));
    cdOffset = Number(zip.readBigUInt64LE(at + 48));
  }
  if (count > limits.maxEntries) {
    bad(`${count} entries (more than ${limits.maxEntries}); ${wholeLost}`);
    return 0;
  }
  const maxEntry = limits.maxEntryBytes ?? limits.maxTotalBytes;
  let total = 0;
  let read = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) {
      bad('damaged central directory; the rest of the archive is skipped');
      break;
    }
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    let compressed = zip.readUInt32LE(p + 20);
    let size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const external = zip.readUInt32LE(p + 38);
    let local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    // ZIP64 extra field (0x0001): the 8-byte values of the fields set to 0xffffffff, in this order
    for (let x = p + 46 + nameLen; x + 4 <= Math.min(zip.length, p + 46 + nameLen + extraLen); ) {
      const id = zip.readUInt16LE(x);
      const len = zip.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const next = () => (q + 8 <= x + 4 + len && q + 8 <= zip.length ? Number(zip.readBigUInt64LE((q += 8) - 8)) : null);
        if (size === 0xffffffff) size = next() ?? size;
        if (compressed === 0xffffffff) compressed = next() ?? compressed;
        if (local === 0xffffffff) local = next() ?? local;
        break;
      }
      x += 4 + len;
    }
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
    if (size > maxEntry) {
      bad(`${name}: ${size} bytes unzipped (more than ${maxEntry}); skipped`);
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
      if (method === 0) bytes = Buffer.from(data.subarray(0, size));
      else if (method === 8) bytes = zlib().inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
      else {
        bad(`${name}: compression method ${method} is not supported; skipped`);
        continue;
      }
    } catch (err) {
      bad(`${name}: could not be inflated (${(err as Error).message}); skipped`);
      continue;
    }
    read++;
    if (onEntry({ name, mode }, bytes) === false) break;
  }
  return read;
}
