/**
 * The file boundary of a scan. Every file nightlight reads on behalf of a scan (discovery,
 * templates, handlers, manifests, lockfiles, configuration, advisories, cdk.out manifests and the
 * folders they name) goes through one `ScanRoot`, which:
 *
 * - resolves the real path (symbolic links included) and requires it to lie under the scanned
 *   folder, or under a path the user gave explicitly on the command line;
 * - requires a regular file (never a device such as /dev/zero, a FIFO or a socket);
 * - opens without blocking and without following a link swapped in after the check;
 * - reads at most the size cap.
 *
 * Refusals are diagnostics naming the scan-relative file; the outside path is never printed.
 * See docs/security.md.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import type { Diagnostic, SourceLocation } from '../model/types.js';

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface TextFile {
  text: string;
  bytes: number;
}

export interface ScanRootOptions {
  /** Files above this many bytes are refused with a diagnostic. */
  maxFileBytes?: number;
  /** Paths given explicitly by the user (command line): readable even when outside the root. */
  explicit?: readonly string[];
}

export interface ReadOptions {
  /** Level of the diagnostic when the file is refused (default 'error'). */
  level?: 'error' | 'warning';
  /** Decode invalid UTF-8 as U+FFFD with a warning instead of refusing the file (source code). */
  lossy?: boolean;
}

/** Why a path was refused. */
export type Refusal = 'missing' | 'outside' | 'not-a-file' | 'not-a-directory';

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * The real path of `p`, or null when it does not exist. The native call (libc `realpath`): Node's
 * JavaScript one makes an lstat per path component, ~0.1 s of a corpus/sam scan.
 */
export function realpathOrNull(p: string): string | null {
  try {
    return realpathSync.native(p);
  } catch {
    return null;
  }
}

/** Whether path `p` is `parent` or below it (both absolute and of the same kind: both real, or both as given). The one root check. */
export function isWithin(parent: string, p: string): boolean {
  if (p === parent) return true;
  return p.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export class ScanRoot {
  /** The scanned folder (absolute; a single scanned file's folder). */
  readonly dir: string;
  /** Its real path, or null when it does not exist. */
  readonly real: string | null;
  readonly maxFileBytes: number;
  /** The scanned file when the scan names a single file. */
  readonly file: string | null;
  private readonly allowed: string[];
  private readonly options: ScanRootOptions;
  /**
   * What was already asked of the file system during this scan: handler discovery probes the same
   * folders once per function (a Java or Go layout walk per function of a large app). The tree is
   * taken as unchanging for the life of a ScanRoot (one scan); reads still open and check the file.
   */
  private readonly realpaths = new Map<string, string | null>();
  private readonly kinds = new Map<string, 'file' | 'dir' | 'other' | null>();
  private readonly listings = new Map<string, string[] | null>();
  /** Per real folder, its entry names in lower case (ASCII); null when it could not be listed. */
  private readonly lowerNames = new Map<string, Set<string> | null>();
  private readonly entries = new Map<string, 'file' | 'dir' | 'other' | 'outside' | 'broken' | null>();

  constructor(root: string, options: ScanRootOptions = {}) {
    this.options = options;
    const abs = resolvePath(root);
    let isFile = false;
    try {
      isFile = statSync(abs).isFile();
    } catch {
      isFile = false;
    }
    this.file = isFile ? abs : null;
    this.dir = isFile ? dirname(abs) : abs;
    this.real = realpathOrNull(this.dir);
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const allowed: string[] = [];
    if (this.real) allowed.push(this.real);
    for (const p of [...(isFile ? [abs] : []), ...(options.explicit ?? [])]) {
      const r = realpathOrNull(resolvePath(p));
      if (r) allowed.push(r);
    }
    this.allowed = allowed;
  }

  /** The same boundary, also admitting paths the user gave explicitly. */
  withExplicit(paths: readonly string[]): ScanRoot {
    return new ScanRoot(this.file ?? this.dir, { ...this.options, explicit: [...(this.options.explicit ?? []), ...paths] });
  }

  /** An absolute path for a scan-relative POSIX path. */
  abs(rel: string): string {
    return rel === '.' || rel === '' ? this.dir : join(this.dir, ...rel.split('/'));
  }

  /** The scan-relative POSIX path of an absolute path (lexical; `..` when it is outside). */
  rel(abs: string): string {
    return toPosix(relative(this.dir, abs)) || '.';
  }

  /** True when a real path lies under the root or an explicitly given path. */
  contains(real: string): boolean {
    return this.allowed.some((a) => isWithin(a, real));
  }

  /** The real path of `abs` when it exists inside the boundary. */
  resolve(abs: string): { real: string } | { refused: Refusal } {
    const real = this.realpath(isAbsolute(abs) ? abs : resolvePath(this.dir, abs));
    if (real === null) return { refused: 'missing' };
    if (!this.contains(real)) return { refused: 'outside' };
    return { real };
  }

  /**
   * `realpathOrNull(p)`, asked of the file system once per scan (handler and manifest lookups ask
   * for the same folders once per function). No boundary check: callers compare it with theirs.
   */
  realpath(p: string): string | null {
    const path = isAbsolute(p) ? p : resolvePath(p);
    let real = this.realpaths.get(path);
    if (real === undefined) this.realpaths.set(path, (real = realpathOrNull(path)));
    return real;
  }

  /** 'file', 'dir' or 'other' for a path inside the boundary; null when missing or outside. */
  kind(abs: string): 'file' | 'dir' | 'other' | null {
    const r = this.resolve(abs);
    if ('refused' in r) return null;
    let kind = this.kinds.get(r.real);
    if (kind !== undefined) return kind;
    try {
      const st = statSync(r.real);
      kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
    } catch {
      kind = null;
    }
    this.kinds.set(r.real, kind);
    return kind;
  }

  isFile(abs: string): boolean {
    return this.kind(abs) === 'file';
  }

  isDir(abs: string): boolean {
    return this.kind(abs) === 'dir';
  }

  /** The sorted entry names of a folder inside the boundary; null when it is not one. */
  list(abs: string): string[] | null {
    const r = this.resolve(abs);
    if ('refused' in r) return null;
    let names = this.listings.get(r.real);
    if (names === undefined) {
      try {
        names = readdirSync(r.real).sort();
      } catch {
        names = null;
      }
      this.listings.set(r.real, names);
    }
    return names === null ? null : names.slice();
  }

  /**
   * False only when `abs` certainly does not exist: its folder does not exist, or is a folder inside
   * the boundary whose listing (read once per scan) has no entry of that name, compared without
   * case so that a case-insensitive file system is not second-guessed; true otherwise (then ask the
   * file system). Handler lookups probe ~10 names per function, nearly all missing.
   */
  mayExist(abs: string): boolean {
    const slash = abs.lastIndexOf(sep);
    const name = abs.slice(slash + 1);
    if (slash <= 0 || name === '' || name === '.' || name === '..' || !/^[\x20-\x7e]+$/.test(name)) return true;
    const dir = abs.slice(0, slash);
    const real = this.realpath(dir);
    if (real === null) return false;
    if (!this.contains(real)) return true;
    let names = this.lowerNames.get(real);
    if (names === undefined) {
      const list = this.list(real);
      this.lowerNames.set(real, (names = list === null ? null : new Set(list.map((n) => n.toLowerCase()))));
    }
    return names === null || names.has(name.toLowerCase());
  }

  /**
   * What an entry of a walked folder is, without following a link out of the boundary: links
   * that stay inside are followed, others are reported as 'outside' or 'broken'.
   */
  entry(abs: string): 'file' | 'dir' | 'other' | 'outside' | 'broken' | null {
    let kind = this.entries.get(abs);
    if (kind === undefined) this.entries.set(abs, (kind = this.entryOf(abs)));
    return kind;
  }

  private entryOf(abs: string): 'file' | 'dir' | 'other' | 'outside' | 'broken' | null {
    let st;
    try {
      // most asks of manifest lookups miss: no error object (with its stack) per miss
      st = lstatSync(abs, { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (st === undefined) return null;
    if (st.isSymbolicLink()) {
      const r = this.resolve(abs);
      if ('refused' in r) return r.refused === 'outside' ? 'outside' : 'broken';
      try {
        st = statSync(r.real);
      } catch {
        return 'broken';
      }
    }
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  }

  /**
   * Reads a file as UTF-8 text, or returns null with a diagnostic (at `level`) when it is outside
   * the boundary, not a regular file, too large, binary or not valid UTF-8.
   */
  readText(abs: string, file: string, diagnostics: Diagnostic[], options: ReadOptions = {}): TextFile | null {
    const level = options.level ?? 'error';
    const at: SourceLocation = { file, line: 1, column: 1 };
    const refuse = (code: string, why: string, location: SourceLocation = at) => {
      diagnostics.push({ level, code, message: `${file}${location.line > 1 ? `:${location.line}` : ''}: ${why}`, location });
      return null;
    };
    const buf = this.readBytes(abs, (code, why) => refuse(code, why));
    if (!buf) return null;
    const nul = buf.indexOf(0);
    if (nul >= 0) {
      const line = lineOfOffset(buf, nul);
      return refuse('binary-file', `binary content (NUL byte at offset ${nul}); skipped`, { file, line, column: 1 });
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      const bad = firstInvalidUtf8(buf);
      const line = lineOfOffset(buf, bad);
      if (!options.lossy) return refuse('invalid-utf8', `not valid UTF-8 (byte offset ${bad}); skipped`, { file, line, column: 1 });
      // Source code in another encoding (latin-1): one odd byte must not hide the whole file.
      diagnostics.push({ level: 'warning', code: 'invalid-utf8', message: `${file}:${line}: not valid UTF-8 (byte offset ${bad}); invalid bytes are read as U+FFFD and the file is analysed`, location: { file, line, column: 1 } });
      text = new TextDecoder('utf-8').decode(buf);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, bytes: buf.length };
  }

  /**
   * The bytes of a regular file inside the boundary, at most the size cap; `refuse(code, why)` is
   * called (and null returned) otherwise.
   */
  readBytes(abs: string, refuse: (code: string, why: string) => void): Buffer | null {
    const r = this.resolve(abs);
    if ('refused' in r) {
      if (r.refused === 'outside') refuse('outside-root', 'resolves outside the scanned directory (symbolic link or ..); not read');
      else refuse('unreadable', 'could not be read (ENOENT)');
      return null;
    }
    let fd: number;
    try {
      fd = openSync(r.real, OPEN_FLAGS);
    } catch (err) {
      refuse('unreadable', `could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return null;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) {
        refuse('not-a-regular-file', `is not a regular file (${st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a directory' : 'special'}); not read`);
        return null;
      }
      if (st.size > this.maxFileBytes) {
        refuse('file-too-large', `${(st.size / 1024 / 1024).toFixed(1)} MB is over the ${(this.maxFileBytes / 1024 / 1024).toFixed(0)} MB limit (--max-file-size); skipped`);
        return null;
      }
      // The size can change between fstat and read: never read past the cap. The buffer has room
      // for one byte more than fstat said, so a file read whole is read into it without a copy.
      const cap = this.maxFileBytes;
      let buf = Buffer.allocUnsafe(st.size + 1);
      let total = 0;
      for (;;) {
        if (total === buf.length) {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, cap + 1));
          buf.copy(bigger, 0, 0, total);
          buf = bigger;
        }
        const n = readSync(fd, buf, total, buf.length - total, null);
        if (n <= 0) break;
        total += n;
        if (total > cap) {
          refuse('file-too-large', `over the ${(cap / 1024 / 1024).toFixed(0)} MB limit (--max-file-size); skipped`);
          return null;
        }
      }
      return buf.subarray(0, total);
    } catch (err) {
      refuse('unreadable', `could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return null;
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Reads a file the user named on the command line (a baseline, a config given with --config):
 * regular file only, non-blocking, size cap. Returns the text or an error message.
 */
export function readExplicitFile(path: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): { text: string } | { error: string } {
  const scan = new ScanRoot(dirname(resolvePath(path)), { maxFileBytes: maxBytes, explicit: [path] });
  let why = '';
  const buf = scan.readBytes(resolvePath(path), (code, message) => {
    why = code === 'unreadable' && message.includes('ENOENT') ? 'not found' : message;
  });
  if (!buf) return { error: why };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

export function lineOfOffset(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 10) line++;
  return line;
}

function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 0 : b >> 5 === 6 ? 1 : b >> 4 === 14 ? 2 : b >> 3 === 30 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= buf.length || buf[i + k]! >> 6 !== 2) return i;
    i += n + 1;
  }
  return 0;
}
