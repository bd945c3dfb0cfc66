/**
 * The advisory snapshot cache. `nightlight advisories update` (the only command that uses the
 * network, and only when run) downloads OSV's per-ecosystem exports
 * (`<base>/<Ecosystem>/all.zip`), reads each zip defensively (`zip.ts`: entry count and sizes
 * capped, names checked) and compiles the records into a folder that scans read offline: one
 * shard file per hash of the package name (`<Ecosystem>/<xx>.tsv`, a line per package and
 * advisory: `name<TAB>OSV JSON` trimmed to what is matched), and `nightlight-snapshot.json` with the
 * date of each ecosystem. Nothing is replaced until every requested ecosystem has downloaded; each
 * ecosystem folder and the snapshot file are then swapped in by rename.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeName, type Advisory } from '../model/dependencies.js';
import type { Diagnostic } from '../model/types.js';
import { parseOsv } from './osv.js';
import type { ScanRoot } from './files.js';
import { readZipEntries } from './zip.js';

export const OSV_BASE_URL = 'https://osv-vulnerabilities.storage.googleapis.com';
/** The file that marks a compiled snapshot folder and records its dates. */
export const SNAPSHOT_FILE = 'nightlight-snapshot.json';
/** The ecosystems nightlight matches, spelled as OSV names its exports. */
export const ADVISORY_ECOSYSTEMS = ['npm', 'PyPI', 'Maven', 'Go', 'RubyGems', 'NuGet'] as const;

/** Where the cache lives: `$NIGHTLIGHT_ADVISORIES_DIR`, else `$XDG_CACHE_HOME/nightlight/advisories`, else `~/.cache/nightlight/advisories`. */
export function defaultAdvisoryCache(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const own = env['NIGHTLIGHT_ADVISORIES_DIR'];
  if (own) return resolve(own);
  return join(env['XDG_CACHE_HOME'] ? resolve(env['XDG_CACHE_HOME']) : join(home, '.cache'), 'nightlight', 'advisories');
}

export interface SnapshotMeta {
  format: 1;
  /** Per ecosystem: when it was downloaded (ISO date-time), how many records, from where. */
  ecosystems: Record<string, { date: string; records: number; source: string }>;
}

/** The shard of a package name: FNV-1a of the normalised name, 256 buckets. */
export function shardOf(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h & 0xff).toString(16).padStart(2, '0');
}

export interface UpdateOptions {
  /** The cache folder (created when missing). */
  dir: string;
  ecosystems: readonly string[];
  /** Default: OSV's bucket. A mirror, or the loopback server of the tests. */
  baseUrl?: string;
  /** Largest download accepted per ecosystem, bytes (default 2 GiB). */
  maxDownloadBytes?: number;
  now?: () => Date;
  /** One line per step, for the terminal. */
  log?: (line: string) => void;
}

export interface UpdateResult {
  ecosystems: { name: string; records: number; skipped: number; date: string }[];
  diagnostics: Diagnostic[];
}

const RECORD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$/;
const ZIP_LIMITS = { maxEntries: 3_000_000, maxEntryBytes: 8 * 1024 * 1024, maxTotalBytes: 16 * 1024 * 1024 * 1024 };

/** Downloads and compiles the requested ecosystems; throws (replacing nothing) when one cannot be downloaded. */
export async function updateAdvisories(options: UpdateOptions): Promise<UpdateResult> {
  const base = (options.baseUrl ?? OSV_BASE_URL).replace(/\/+$/, '');
  const log = options.log ?? (() => {});
  const now = (options.now ?? (() => new Date()))().toISOString();
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const staging = join(dir, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  const diagnostics: Diagnostic[] = [];
  const done: UpdateResult['ecosystems'] = [];
  try {
    for (const eco of options.ecosystems) {
      const url = `${base}/${encodeURIComponent(eco)}/all.zip`;
      log(`downloading ${url}`);
      const zip = await download(url, options.maxDownloadBytes ?? 2 * 1024 * 1024 * 1024);
      const compiled = compileEcosystem(eco, zip, diagnostics);
      const folder = join(staging, eco);
      mkdirSync(folder);
      for (const [shard, lines] of [...compiled.shards].sort((a, b) => (a[0] < b[0] ? -1 : 1))) writeFileSync(join(folder, `${shard}.tsv`), `${lines.sort().join('\n')}\n`);
      done.push({ name: eco, records: compiled.records, skipped: compiled.skipped, date: now });
      log(`${eco}: ${compiled.records} records${compiled.skipped ? `, ${compiled.skipped} skipped` : ''}`);
    }
    // every download succeeded: swap each ecosystem in, then the snapshot file
    const meta = readMeta(dir) ?? { format: 1, ecosystems: {} };
    for (const e of done) {
      const target = join(dir, e.name);
      const old = join(dir, `.old-${e.name}-${process.pid}`);
      if (existsSync(target)) renameSync(target, old);
      renameSync(join(staging, e.name), target);
      rmSync(old, { recursive: true, force: true });
      meta.ecosystems[e.name] = { date: e.date, records: e.records, source: `${base}/${e.name}/all.zip` };
    }
    const tmp = join(dir, `.${SNAPSHOT_FILE}.${process.pid}`);
    writeFileSync(tmp, `${JSON.stringify(meta, null, 2)}\n`);
    renameSync(tmp, join(dir, SNAPSHOT_FILE));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { ecosystems: done, diagnostics };
}

async function download(url: string, max: number): Promise<Buffer> {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 'NaN');
  if (declared > max) throw new Error(`${url}: ${declared} bytes, more than the ${max} accepted`);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new Error(`${url}: more than the ${max} bytes accepted`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** One ecosystem's zip → shard lines. Hostile entries (names, sizes, JSON) are skipped and counted. */
export function compileEcosystem(eco: string, zip: Buffer, diagnostics: Diagnostic[]): { shards: Map<string, string[]>; records: number; skipped: number } {
  const shards = new Map<string, string[]>();
  let records = 0;
  let skipped = 0;
  const examples: string[] = [];
  const skip = (why: string) => {
    skipped++;
    if (examples.length < 3) examples.push(why);
  };
  readZipEntries(zip, `${eco}/all.zip`, 'advisories-download', diagnostics, ZIP_LIMITS, ({ name }, bytes) => {
    if (!RECORD_NAME.test(name)) return skip(`${JSON.stringify(name.slice(0, 80))} is not a record name`);
    let doc: unknown;
    try {
      doc = JSON.parse(bytes.toString('utf8'));
    } catch {
      return skip(`${name} is not valid JSON`);
    }
    if (typeof doc === 'object' && doc !== null && typeof (doc as { withdrawn?: unknown }).withdrawn === 'string') return;
    const a = parseOsv(doc, `${eco}/all.zip:${name}`);
    if (typeof a === 'string') return skip(`${name}: ${a}`);
    records++;
    for (const [pkg, affected] of groupByPackage(eco, a)) {
      const line = `${pkg}\t${JSON.stringify(toOsv({ ...a, affected }))}`;
      const shard = shardOf(pkg);
      const list = shards.get(shard) ?? [];
      list.push(line);
      shards.set(shard, list);
    }
  });
  if (skipped) diagnostics.push({ level: 'warning', code: 'advisories-download', message: `${eco}/all.zip: ${skipped} entries skipped (${examples.join('; ')})` });
  return { shards, records, skipped };
}

function groupByPackage(eco: string, a: Advisory): Map<string, Advisory['affected']> {
  const out = new Map<string, Advisory['affected']>();
  for (const x of a.affected) {
    if (x.ecosystem.toLowerCase() !== eco.toLowerCase() || /[\t\n\r]/.test(x.name)) continue;
    const key = normalizeName(eco, x.name);
    out.set(key, [...(out.get(key) ?? []), x]);
  }
  return out;
}

/** Back to the OSV shape (trimmed), so that reading the cache goes through the same validation. */
function toOsv(a: Advisory): Record<string, unknown> {
  return {
    id: a.id,
    aliases: a.aliases,
    summary: a.summary,
    ...(a.cvss.length ? { severity: a.cvss.map((score) => ({ score })) } : {}),
    ...(a.databaseSeverity ? { database_specific: { severity: a.databaseSeverity } } : {}),
    affected: a.affected.map((x) => ({ package: { ecosystem: x.ecosystem, name: x.name }, ranges: x.ranges, ...(x.versions.length ? { versions: x.versions } : {}) })),
  };
}

function readMeta(dir: string): SnapshotMeta | null {
  try {
    const doc = JSON.parse(readFileSync(join(dir, SNAPSHOT_FILE), 'utf8')) as unknown;
    return isMeta(doc) ? doc : null;
  } catch {
    return null;
  }
}

function isMeta(doc: unknown): doc is SnapshotMeta {
  const e = typeof doc === 'object' && doc !== null ? (doc as { ecosystems?: unknown }).ecosystems : null;
  return typeof e === 'object' && e !== null && !Array.isArray(e);
}

/**
 * Reads, from a compiled snapshot folder, the records of the packages wanted (ecosystem →
 * normalised names), through the scan's file boundary. Null when the folder is not a compiled
 * snapshot. A damaged line or shard is a warning naming the file and line.
 */
export function readCompiledSnapshot(scan: ScanRoot, abs: string, shown: string, wanted: ReadonlyMap<string, ReadonlySet<string>>, diagnostics: Diagnostic[]): { advisories: Advisory[]; date: string | null; ecosystems: string[] } | null {
  const metaText = scan.readText(join(abs, SNAPSHOT_FILE), `${shown}/${SNAPSHOT_FILE}`, diagnostics, { level: 'warning' });
  if (!metaText) return null;
  let meta: unknown;
  try {
    meta = JSON.parse(metaText.text);
  } catch {
    meta = null;
  }
  if (!isMeta(meta)) {
    diagnostics.push({ level: 'warning', code: 'advisory-invalid', message: `${shown}/${SNAPSHOT_FILE}:1: not a snapshot record; run \`nightlight advisories update\` again`, location: { file: `${shown}/${SNAPSHOT_FILE}`, line: 1, column: 1 } });
    return null;
  }
  const ecosystems = Object.keys(meta.ecosystems).sort();
  const dates = ecosystems.map((e) => meta.ecosystems[e]!.date).filter((d) => typeof d === 'string').sort();
  const advisories: Advisory[] = [];
  for (const [eco, names] of [...wanted].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!meta.ecosystems[eco]) continue;
    const byShard = new Map<string, Set<string>>();
    for (const n of names) byShard.set(shardOf(n), (byShard.get(shardOf(n)) ?? new Set<string>()).add(n));
    for (const [shard, want] of [...byShard].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const file = join(abs, eco, `${shard}.tsv`);
      if (scan.entry(file) === null) continue;
      const rel = `${shown}/${eco}/${shard}.tsv`;
      const text = scan.readText(file, rel, diagnostics, { level: 'warning' });
      if (!text) continue;
      text.text.split('\n').forEach((line, i) => {
        const tab = line.indexOf('\t');
        if (tab < 0 || !want.has(line.slice(0, tab))) return;
        let doc: unknown;
        try {
          doc = JSON.parse(line.slice(tab + 1));
        } catch {
          doc = null;
        }
        const a = doc === null ? 'not valid JSON' : parseOsv(doc, `${rel}:${i + 1}`);
        if (typeof a === 'string') diagnostics.push({ level: 'warning', code: 'advisory-invalid', message: `${rel}:${i + 1}: ${a}; the record is skipped`, location: { file: rel, line: i + 1, column: 1 } });
        else advisories.push(a);
      });
    }
  }
  return { advisories, date: dates[0]?.slice(0, 10) ?? null, ecosystems };
}
