/**
 * Packaged data compiled at build time (`scripts/build-data.ts` → `data/compiled/`): one index file
 * and one blob per data set, so a scan reads the index and then only the entries it asks for.
 *
 * `<name>.index.json` holds `{ format, source: { name, version }, meta, entries: { key: [offset,
 * length, ...extra] } }`; `<name>.bin` holds the entries' JSON texts back to back. When the compiled
 * files are missing, of another format, or compiled from another version of the source package (a
 * dependency bumped without `npm run build`), the same compiler runs in memory from the package:
 * slower, never wrong.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMPILED_FORMAT = 1;

export interface StoreIndex {
  format: number;
  /** The package the data were compiled from, to detect a stale compilation. */
  source: { name: string; version: string };
  meta: Record<string, unknown>;
  /** key → [offset in the blob, byte length, ...extra columns of the data set]. */
  entries: Record<string, [number, number, ...unknown[]]>;
}

export interface CompiledStore {
  index: StoreIndex;
  bin: Buffer;
}

/** Every read a store makes, in order, for instrumented tests (`dataReads()`). */
const log: { store: string; what: 'index' | 'entry' | 'all' | 'compile'; key?: string }[] = [];

/** What the packaged-data stores have read in this process (for tests: loading only what is needed). */
export function dataReads(): readonly { store: string; what: 'index' | 'entry' | 'all' | 'compile'; key?: string }[] {
  return log;
}

let compiledDir: string | null | undefined;

/** `data/compiled` at the package root: two levels up from src/data, three from dist/src/data, one from a bundle in dist/bin. */
export function compiledDataDir(): string | null {
  if (compiledDir !== undefined) return compiledDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  compiledDir = null;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'data', 'sam-policy-templates.json'))) {
      compiledDir = join(dir, 'data', 'compiled');
      break;
    }
    dir = dirname(dir);
  }
  return compiledDir;
}

/**
 * One compiled data set. Entries are read one at a time with positioned reads of the blob; `all()`
 * reads the blob once. `compile` builds the same store from the source package when the compiled
 * files cannot be used.
 */
export class IndexedStore {
  readonly name: string;
  readonly index: StoreIndex;
  readonly #file: string | null;
  #bin: Buffer | null;
  readonly #texts = new Map<string, string>();

  /** `dir` overrides the compiled data folder (tests). */
  constructor(name: string, source: { name: string; version: string }, compile: () => CompiledStore, dir: string | null = compiledDataDir()) {
    this.name = name;
    const indexFile = dir === null ? null : join(dir, `${name}.index.json`);
    let index: StoreIndex | null = null;
    if (indexFile !== null && existsSync(indexFile)) {
      try {
        const parsed = JSON.parse(readFileSync(indexFile, 'utf8')) as StoreIndex;
        if (isCurrent(parsed, source)) index = parsed;
      } catch {
        index = null;
      }
    }
    if (index !== null) {
      log.push({ store: name, what: 'index' });
      this.index = index;
      this.#file = join(dir!, `${name}.bin`);
      this.#bin = null;
    } else {
      log.push({ store: name, what: 'compile' });
      const compiled = compile();
      this.index = compiled.index;
      this.#file = null;
      this.#bin = compiled.bin;
    }
  }

  has(key: string): boolean {
    return Object.hasOwn(this.index.entries, key);
  }

  keys(): string[] {
    return Object.keys(this.index.entries);
  }

  /** The index row of `key` after offset and length (the data set's extra columns). */
  extra(key: string): unknown[] | null {
    const row = this.has(key) ? this.index.entries[key]! : null;
    return row === null ? null : row.slice(2);
  }

  /** The JSON text of one entry, or null for an unknown key. */
  text(key: string): string | null {
    const cached = this.#texts.get(key);
    if (cached !== undefined) return cached;
    if (!this.has(key)) return null;
    const [offset, length] = this.index.entries[key]!;
    let text: string;
    if (this.#bin !== null) text = this.#bin.toString('utf8', offset, offset + length);
    else {
      log.push({ store: this.name, what: 'entry', key });
      const buffer = Buffer.allocUnsafe(length);
      const fd = openSync(this.#file!, 'r');
      try {
        let done = 0;
        while (done < length) {
          const n = readSync(fd, buffer, done, length - done, offset + done);
          if (n === 0) throw new Error(`${this.#file}: truncated (${this.name} entry ${key})`);
          done += n;
        }
      } finally {
        closeSync(fd);
      }
      text = buffer.toString('utf8');
    }
    this.#texts.set(key, text);
    return text;
  }

  /** Every entry's text, reading the blob once. */
  all(): Map<string, string> {
    if (this.#bin === null) {
      log.push({ store: this.name, what: 'all' });
      this.#bin = readFileSync(this.#file!);
    }
    const out = new Map<string, string>();
    for (const key of this.keys()) out.set(key, this.text(key)!);
    return out;
  }
}

function isCurrent(index: StoreIndex, source: { name: string; version: string }): boolean {
  return (
    index.format === COMPILED_FORMAT &&
    index.source?.name === source.name &&
    index.source?.version === source.version &&
    typeof index.entries === 'object' &&
    index.entries !== null
  );
}

/** Packs entries (key → JSON-serialisable value, extra index columns) into a store. */
export function packStore(source: { name: string; version: string }, meta: Record<string, unknown>, entries: Iterable<[string, unknown, unknown[]]>): CompiledStore {
  const parts: Buffer[] = [];
  const index: StoreIndex = { format: COMPILED_FORMAT, source, meta, entries: {} };
  let offset = 0;
  for (const [key, value, extra] of entries) {
    const bytes = Buffer.from(JSON.stringify(value), 'utf8');
    index.entries[key] = [offset, bytes.length, ...extra];
    parts.push(bytes);
    offset += bytes.length;
  }
  return { index, bin: Buffer.concat(parts) };
}
