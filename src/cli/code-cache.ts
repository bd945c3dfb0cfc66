/**
 * The compiled-code cache of the installed command (src/cli/launcher.ts): V8's code cache of the
 * command-line bundle, so that a run does not parse and compile the same 3 MB of JavaScript again.
 * After a run of a command that the entry has not seen, the launcher asks V8 for the code of every
 * function compiled so far (those compiled lazily while the command ran included) and stores it;
 * the next run hands it back to V8 with the source.
 *
 * Where and how (docs/performance.md, "Compiled-code cache"):
 *  - in the user's cache folder (`$XDG_CACHE_HOME/nightlight/code/`, else
 *    `~/.cache/nightlight/code/`), never in a scanned tree; `NIGHTLIGHT_CODE_CACHE=0` turns it off;
 *  - one file per identity: a hash of the bundle's bytes, Node's and V8's versions, the platform and
 *    every V8 flag of the process (the bundle's own, `execArgv`, `NODE_OPTIONS`), so another version
 *    or configuration never meets an entry it cannot use;
 *  - compiled code is as good as code to the process that loads it, so an entry is used only when
 *    its HMAC-SHA256, under the user's secret key (src/loaders/user-key.ts, the key that also
 *    authenticates the cache of incremental runs), matches: a file someone else put there, a
 *    truncated or damaged one, is ignored; the key file must be this user's and readable by no one
 *    else. V8 checks the rest (its version, flags, the source's length) and reports a mismatch
 *    (`cachedDataRejected`); the entry is then rewritten;
 *  - written to a temporary file (`O_EXCL`, 0600) renamed into place, so readers never see half an
 *    entry; the folder keeps this entry and the three most recent others;
 *  - any failure (no home folder, read-only, full disk) leaves the run as it would be without the
 *    cache. It never changes what a command prints: the cache holds compiled code of the same
 *    source, nothing of a scan.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { defaultKeyFile, loadKey, userCacheDir } from '../loaders/user-key.js';

const MAGIC = Buffer.from('nightlight compiled code 1\n', 'latin1');
const MAC_BYTES = 32;
/** Entries larger than this are neither read nor written (a scan's entry is ~2 MB). */
const MAX_BYTES = 64 * 1024 * 1024;
/** An entry records at most this many commands (a typo is a command too). */
const MAX_COMMANDS = 16;
/** Entries of other identities (other versions, Node versions, flags) kept beside the current one. */
const KEEP_OTHERS = 3;

export interface CodeCacheSettings {
  /** The folder of the entries. */
  dir: string;
  /** The file holding the MAC key. */
  keyFile: string;
}

/** The settings of this process: null when `NIGHTLIGHT_CODE_CACHE` is `0`, `off`, `false` or `no`. */
export function codeCacheSettings(env: NodeJS.ProcessEnv = process.env): CodeCacheSettings | null {
  const value = (env['NIGHTLIGHT_CODE_CACHE'] ?? '').trim().toLowerCase();
  if (value === '0' || value === 'off' || value === 'false' || value === 'no') return null;
  try {
    return { dir: join(userCacheDir(), 'code'), keyFile: defaultKeyFile() };
  } catch {
    return null;
  }
}

/** What identifies the compiled code: the source's bytes and everything of the process V8 compiles it under. */
export function codeIdentity(source: Buffer, v8Flags: string): string {
  const hash = createHash('sha256').update(source);
  for (const part of [process.version, process.versions.v8, process.arch, process.platform, v8Flags, process.execArgv.join(' '), process.env['NODE_OPTIONS'] ?? '']) hash.update(`\0${part}`);
  return hash.digest('hex');
}

/** The command a run is for (`scan`, `rules`, `--version`), as an entry records it. */
export function commandOf(argv: readonly string[]): string {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first !== undefined) return /^[a-z][a-z0-9-]{0,31}$/.test(first) ? first : 'other';
  return argv.length === 0 ? 'help' : argv[0] === '--version' || argv[0] === '-V' ? '--version' : 'other';
}

/** The key file must be this user's and readable by no one else (where the platform has owners). */
function keyFileIsPrivate(file: string): boolean {
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (st === undefined) return true; // loadKey creates it 0600
  if (!st.isFile()) return false;
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & 0o077) === 0;
}

function readWhole(file: string): Buffer | null {
  // O_NOFOLLOW: an entry that is a symbolic link is not an entry (0 where the platform lacks it).
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_BYTES || st.size < MAGIC.length + 4 + MAC_BYTES) return null;
    const buffer = Buffer.allocUnsafe(st.size);
    let done = 0;
    while (done < st.size) {
      const n = readSync(fd, buffer, done, st.size - done, done);
      if (n === 0) return null;
      done += n;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

export class CodeCache {
  readonly file: string;
  /** Whether the entry exists and its MAC matches. */
  readonly found: boolean;
  #data: Buffer | undefined;
  /** The commands whose runs compiled what the entry holds. */
  readonly commands: readonly string[];
  readonly #dir: string;
  readonly #key: Buffer;
  readonly #identity: string;

  private constructor(dir: string, key: Buffer, identity: string) {
    this.#dir = dir;
    this.#key = key;
    this.#identity = identity;
    this.file = join(dir, `${identity.slice(0, 40)}.bin`);
    const entry = this.#read();
    this.#data = entry?.payload;
    this.found = entry !== null;
    this.commands = entry?.commands ?? [];
  }

  /** The cache of `identity`, or null when it cannot be used (no key, a key others can read). */
  static open(settings: CodeCacheSettings, identity: string): CodeCache | null {
    try {
      if (!keyFileIsPrivate(settings.keyFile)) return null;
      const key = loadKey(settings.keyFile);
      return key === null ? null : new CodeCache(settings.dir, key, identity);
    } catch {
      return null;
    }
  }

  /** The cached code to hand V8 (once: the buffer is not kept for the rest of the run). */
  take(): Buffer | undefined {
    const data = this.#data;
    this.#data = undefined;
    return data;
  }

  #mac(header: Buffer, payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(this.#identity).update('\0').update(header).update('\0').update(payload).digest();
  }

  #read(): { commands: string[]; payload: Buffer } | null {
    try {
      const bytes = readWhole(this.file);
      if (bytes === null || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
      const headerLength = bytes.readUInt32LE(MAGIC.length);
      const headerStart = MAGIC.length + 4;
      const macStart = headerStart + headerLength;
      const payloadStart = macStart + MAC_BYTES;
      if (payloadStart > bytes.length) return null;
      const header = bytes.subarray(headerStart, macStart);
      const payload = bytes.subarray(payloadStart);
      if (!timingSafeEqual(bytes.subarray(macStart, payloadStart), this.#mac(header, payload))) return null;
      const parsed = JSON.parse(header.toString('utf8')) as { commands?: unknown };
      const commands = Array.isArray(parsed.commands) ? parsed.commands.filter((c): c is string => typeof c === 'string') : [];
      return { commands, payload };
    } catch {
      return null;
    }
  }

  /** Whether this run should store its code: no usable entry, V8 rejected it, or a command the entry has not seen. */
  wants(rejected: boolean, command: string): boolean {
    if (!this.found || rejected) return true;
    return !this.commands.includes(command) && this.commands.length < MAX_COMMANDS;
  }

  /** Stores `payload` (from `script.createCachedData()`) as the entry; failures are ignored. */
  write(payload: Buffer, command: string, rejected: boolean): void {
    if (payload.length === 0 || payload.length > MAX_BYTES) return;
    const commands = [...new Set([...(!this.found || rejected ? [] : this.commands), command])].sort();
    const header = Buffer.from(JSON.stringify({ commands }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const tmp = join(this.#dir, `.${this.#identity.slice(0, 16)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        for (const part of [MAGIC, length, header, this.#mac(header, payload), payload]) {
          for (let at = 0; at < part.length; ) at += writeSync(fd, part, at, part.length - at);
        }
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      this.#prune();
    } catch {
      rmSync(tmp, { force: true });
    }
  }

  /** Keeps the entry of this identity and the most recent others; removes temporary files left by a crash. */
  #prune(): void {
    const others: { file: string; mtime: number }[] = [];
    for (const name of readdirSync(this.#dir)) {
      const file = join(this.#dir, name);
      if (file === this.file) continue;
      const st = lstatSync(file, { throwIfNoEntry: false });
      if (st === undefined || !st.isFile()) continue;
      if (name.endsWith('.bin')) others.push({ file, mtime: st.mtimeMs });
      else if (name.endsWith('.tmp') && Date.now() - st.mtimeMs > 10 * 60 * 1000) rmSync(file, { force: true });
    }
    others.sort((a, b) => b.mtime - a.mtime);
    for (const { file } of others.slice(KEEP_OTHERS)) rmSync(file, { force: true });
  }
}
