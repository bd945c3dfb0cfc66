/**
 * The content-addressed cache of incremental runs (`.nightlight/cache/` in the scanned folder):
 * parsed templates and lowered handler modules, keyed by a hash of the file's path and bytes, the
 * parse options, the cache format and nightlight's own code. A re-scan after editing one file parses
 * that file again and takes the others from the cache.
 *
 * Cache files sit in the scanned tree, so they are untrusted input like everything else there: a
 * repository could ship entries crafted to hide findings. Every entry is therefore
 *  - authenticated: HMAC-SHA256 with a key that never leaves the user's machine
 *    (`$XDG_CACHE_HOME/nightlight/cache-key`, else `~/.cache/nightlight/cache-key`, created 0600);
 *    an entry without a valid MAC is ignored (and overwritten), so only entries this user's
 *    nightlight wrote are ever decoded;
 *  - bounded: entries above `maxEntryBytes` are neither written nor read, and the folder is pruned
 *    (oldest first) to `maxTotalBytes` after a run that wrote to it;
 *  - versioned and checked: the envelope names the format, the kind and the key, and the caller
 *    checks the value's shape before using it.
 * Any failure (unreadable, read-only folder, no home directory) turns the cache off or skips that
 * entry; it never changes a report: output is byte-identical with a cold or a warm cache (tested).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { VERSION } from '../version.js';
import { defaultKeyFile, loadKey } from './user-key.js';

export const CACHE_FORMAT = 1;
const MAC_BYTES = 32;

export interface CacheOptions {
  /** The cache folder (default `<root>/.nightlight/cache`). */
  dir: string;
  /**
   * The scanned folder when `dir` lies inside it: no folder between the two may be a symbolic link
   * (a repository could point `.nightlight/cache` anywhere and have nightlight write there).
   */
  inside?: string;
  /** The file holding the MAC key (default in the user's cache directory). */
  keyFile?: string;
  /** Largest entry written or read (default 32 MB). */
  maxEntryBytes?: number;
  /** The folder is pruned to this size after a run that wrote to it (default 256 MB). */
  maxTotalBytes?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  writes: number;
  /** Entries present but not used: bad MAC, too large, undecodable, wrong envelope or shape. */
  rejected: number;
}

interface Envelope {
  format: number;
  code: string;
  kind: string;
  key: string;
  value: unknown;
}

let codeFingerprint: string | null = null;

/**
 * What identifies nightlight's own code: the version, and the size and modification time of every
 * file of the code folder (src/ or dist/src/), or of the bundle when running bundled. Entries written
 * by other code are never read, even within one version number (a development checkout).
 */
function fingerprint(): string {
  if (codeFingerprint !== null) return codeFingerprint;
  const hash = createHash('sha256').update(`nightlight ${VERSION}\n`);
  const here = fileURLToPath(import.meta.url);
  const codeRoot = resolve(dirname(here), '..');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else hash.update(`${p.slice(codeRoot.length)}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  if (existsSync(join(codeRoot, 'api.ts')) || existsSync(join(codeRoot, 'api.js'))) walk(codeRoot);
  else {
    const st = statSync(here);
    hash.update(`${here}\0${st.size}\0${st.mtimeMs}\n`);
  }
  codeFingerprint = hash.digest('hex');
  return codeFingerprint;
}

/** True when `p` does not exist or is a directory that is not a symbolic link. */
function realDirOrAbsent(p: string): boolean {
  const st = lstatSync(p, { throwIfNoEntry: false });
  return st === undefined || (st.isDirectory() && !st.isSymbolicLink());
}

export class ScanCache {
  readonly dir: string;
  readonly stats: CacheStats = { hits: 0, misses: 0, writes: 0, rejected: 0 };
  readonly #key: Buffer;
  readonly #maxEntry: number;
  readonly #maxTotal: number;
  readonly #code: string;
  #writable = true;

  private constructor(options: CacheOptions, key: Buffer) {
    this.dir = options.dir;
    this.#key = key;
    this.#maxEntry = options.maxEntryBytes ?? 32 * 1024 * 1024;
    this.#maxTotal = options.maxTotalBytes ?? 256 * 1024 * 1024;
    this.#code = fingerprint();
  }

  /** A cache in `options.dir`, or null when it cannot be used (no key, folder not creatable). */
  static open(options: CacheOptions): ScanCache | null {
    const key = loadKey(options.keyFile ?? defaultKeyFile());
    if (key === null) return null;
    try {
      if (options.inside !== undefined) {
        const rel = relative(options.inside, options.dir);
        if (rel.startsWith('..') || isAbsolute(rel)) return null;
        let at = options.inside;
        for (const part of rel.split(sep).filter(Boolean)) {
          at = join(at, part);
          if (!realDirOrAbsent(at)) return null;
          if (!existsSync(at)) mkdirSync(at);
        }
      } else mkdirSync(options.dir, { recursive: true });
      try {
        // 'wx': never through a link someone put there.
        writeFileSync(join(options.dir, '.gitignore'), '# nightlight cache: local to this machine (see docs/performance.md)\n*\n', { flag: 'wx' });
      } catch {
        // already there
      }
      return new ScanCache(options, key);
    } catch {
      return null;
    }
  }

  /** The hash naming an entry of `kind` for these parts (file path, text, options...). */
  key(kind: string, parts: readonly string[]): string {
    const h = createHash('sha256').update(`${CACHE_FORMAT}\0${this.#code}\0${kind}`);
    for (const p of parts) h.update(`\0${p.length}\0`).update(p);
    return h.digest('hex');
  }

  #file(kind: string, key: string): string {
    return join(this.dir, kind, key.slice(0, 2), `${key}.bin`);
  }

  #mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(payload).digest();
  }

  /** Whether an entry for (kind, parts) is present (not checked: get() may still refuse it). */
  has(kind: string, parts: readonly string[]): boolean {
    return existsSync(this.#file(kind, this.key(kind, parts)));
  }

  /** The value stored for (kind, parts), if present, authentic and of the right shape. */
  get<T>(kind: string, parts: readonly string[], isValue: (v: unknown) => v is T): T | undefined {
    const key = this.key(kind, parts);
    const file = this.#file(kind, key);
    let bytes: Buffer;
    try {
      const st = statSync(file, { throwIfNoEntry: false });
      if (st === undefined) {
        this.stats.misses++;
        return undefined;
      }
      if (!st.isFile() || st.size > this.#maxEntry + MAC_BYTES || st.size <= MAC_BYTES) {
        this.stats.rejected++;
        return undefined;
      }
      bytes = readFileSync(file);
    } catch {
      this.stats.misses++;
      return undefined;
    }
    const mac = bytes.subarray(0, MAC_BYTES);
    const payload = bytes.subarray(MAC_BYTES);
    if (!timingSafeEqual(mac, this.#mac(payload))) {
      this.stats.rejected++;
      return undefined;
    }
    try {
      const envelope = deserialize(payload) as Envelope;
      if (envelope?.format !== CACHE_FORMAT || envelope.code !== this.#code || envelope.kind !== kind || envelope.key !== key || !isValue(envelope.value)) {
        this.stats.rejected++;
        return undefined;
      }
      this.stats.hits++;
      return envelope.value;
    } catch {
      this.stats.rejected++;
      return undefined;
    }
  }

  /** Stores a value (plain data: structured-clone types only). Failures only turn writing off. */
  set(kind: string, parts: readonly string[], value: unknown): void {
    if (!this.#writable) return;
    const key = this.key(kind, parts);
    const file = this.#file(kind, key);
    try {
      const envelope: Envelope = { format: CACHE_FORMAT, code: this.#code, kind, key, value };
      const payload = serialize(envelope);
      if (payload.length > this.#maxEntry) return;
      // Only into real folders under the cache folder, never through a link planted in the tree.
      for (const d of [join(this.dir, kind), dirname(file)]) {
        if (!realDirOrAbsent(d)) return;
        if (!existsSync(d)) mkdirSync(d);
      }
      const tmp = `${file}.${process.pid}.tmp`;
      // 'wx': fails on anything already there (a planted link included) instead of following it.
      writeFileSync(tmp, Buffer.concat([this.#mac(payload), payload]), { flag: 'wx' });
      renameSync(tmp, file);
      this.stats.writes++;
    } catch {
      this.#writable = false;
    }
  }

  /** After a run that wrote entries: removes the oldest entries above the size bound. */
  prune(): void {
    if (this.stats.writes === 0) return;
    try {
      const files: { path: string; size: number; mtime: number }[] = [];
      const walk = (dir: string): void => {
        for (const d of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, d.name);
          if (d.isDirectory()) walk(p);
          else if (d.isFile() && d.name.endsWith('.bin')) {
            const st = statSync(p);
            files.push({ path: p, size: st.size, mtime: st.mtimeMs });
          }
        }
      };
      walk(this.dir);
      let total = files.reduce((n, f) => n + f.size, 0);
      if (total <= this.#maxTotal) return;
      files.sort((a, b) => a.mtime - b.mtime || (a.path < b.path ? -1 : 1));
      for (const f of files) {
        if (total <= this.#maxTotal) break;
        rmSync(f.path, { force: true });
        total -= f.size;
      }
    } catch {
      // pruning is best effort
    }
  }
}
