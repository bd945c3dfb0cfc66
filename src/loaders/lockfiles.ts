/**
 * The JavaScript manifests and lockfiles besides `package-lock.json` (yarn v1 and berry,
 * `pnpm-lock.yaml`, a `package.json` read when no lockfile serves the function) and the version
 * requirement syntaxes of npm, PEP 440 and NuGet/Maven brackets, turned into comparator lists
 * (`model/dependencies.ts` `RangedDependency`). Pure: the caller reads the file.
 */
import type { Dependency, Manifest, RangedDependency, UnpinnedDependency, VersionComparator } from '../model/dependencies.js';
import type { Diagnostic, SourceLocation } from '../model/types.js';

/** Line and column (1-based) of a character offset. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** Where a `JSON.parse` error points (Node says `at position N` and sometimes `(line L column C)`). */
export function jsonErrorLocation(file: string, text: string, err: unknown): SourceLocation {
  const message = err instanceof Error ? err.message : String(err);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { file, line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  return { file, ...(pos ? lineCol(text, Math.min(Number(pos[1]), text.length)) : { line: 1, column: 1 }) };
}

/** A JSON manifest or lockfile, or undefined after a warning naming the file and the line of the error. */
export function parseJsonManifest(file: string, text: string, code: string, diagnostics: Diagnostic[]): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const location = jsonErrorLocation(file, text, err);
    diagnostics.push({ level: 'warning', code, message: `${file}:${location.line}: not valid JSON (${(err as Error).message}); its dependencies are not checked`, location });
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Version requirement syntaxes
// ---------------------------------------------------------------------------------------------

/** A partial version (`1`, `1.2`, `1.x`): its numbers up to the first wildcard, and the prerelease of a full one. */
function partial(text: string): { nums: number[]; pre: string } | null {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m) return null;
  const nums: number[] = [];
  for (const p of [m[1], m[2], m[3]]) {
    if (p === undefined || !/^\d+$/.test(p)) break;
    nums.push(Number(p));
  }
  return { nums, pre: nums.length === 3 && m[4] ? m[4] : '' };
}

const v3 = (a: number, b = 0, c = 0, pre = '') => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`;

/** One npm comparator token (`^1.2.3`, `>=1.2`, `1.x`, `~1`) as comparators; null when it is not one. */
function npmToken(token: string): VersionComparator[] | null {
  const m = /^(<=|>=|<|>|=|\^|~>|~)?(.*)$/.exec(token)!;
  const op = m[1] ?? '';
  const p = partial(m[2]!);
  if (!p) return null;
  const [a, b, c] = p.nums;
  const n = p.nums.length;
  if (n === 0) return op === '<' || op === '>' ? [{ op: '<', version: '0.0.0' }] : [];
  const full = v3(a!, b ?? 0, c ?? 0, p.pre);
  const next = n === 1 ? v3(a! + 1) : v3(a!, b! + 1);
  switch (op) {
    case '':
    case '=':
      return n === 3 ? [{ op: '=', version: full }] : [{ op: '>=', version: full }, { op: '<', version: next }];
    case '^': {
      const upper = a! > 0 || n === 1 ? v3(a! + 1) : b! > 0 || n === 2 ? v3(0, b! + 1) : v3(0, 0, c! + 1);
      return [{ op: '>=', version: full }, { op: '<', version: upper }];
    }
    case '~':
    case '~>':
      return [{ op: '>=', version: full }, { op: '<', version: next }];
    case '>':
      return n === 3 ? [{ op: '>', version: full }] : [{ op: '>=', version: next }];
    case '>=':
      return [{ op: '>=', version: full }];
    case '<':
      return [{ op: '<', version: full }];
    default: // '<='
      return n === 3 ? [{ op: '<=', version: full }] : [{ op: '<', version: next }];
  }
}

/**
 * An npm range (`^4.17.0`, `>=1.2 <2 || 3.x`, `1.2.3 - 2.3`, `*`) as a union of intersections.
 * Null for what is not a range of versions of the registry package: dist-tags (`latest`), git,
 * file, link and workspace specs, URLs. An `npm:other@range` alias is read as the other package's
 * range by the caller.
 */
export function npmRange(spec: string): VersionComparator[][] | null {
  const s = spec.trim();
  if (s === '') return [[]];
  const out: VersionComparator[][] = [];
  for (const alt of s.split('||')) {
    const part = alt.trim().replace(/(<=|>=|<|>|=|\^|~>|~)\s+/g, '$1');
    if (part === '') {
      out.push([]);
      continue;
    }
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(part);
    if (hyphen) {
      const lo = npmToken(`>=${hyphen[1]!}`);
      const hi = npmToken(`<=${hyphen[2]!}`);
      if (!lo || !hi) return null;
      out.push([...lo, ...hi]);
      continue;
    }
    const set: VersionComparator[] = [];
    for (const token of part.split(/\s+/)) {
      const c = npmToken(token);
      if (!c) return null;
      set.push(...c);
    }
    out.push(set);
  }
  return out;
}

/**
 * PEP 440 specifiers (`>=2.20,<3`, `~=1.4.2`, `==1.2.*`, `===1.0`); `!=` removes single versions
 * and is not kept (the allowed set read is then a superset). Empty = any version. Null when a
 * clause is not a specifier.
 */
export function pep440Spec(spec: string): VersionComparator[][] | null {
  const s = spec.trim().replace(/^\((.*)\)$/, '$1');
  if (s === '') return [[]];
  const set: VersionComparator[] = [];
  for (const clause of s.split(',')) {
    const m = /^(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9._!+*-]+)$/.exec(clause.trim());
    if (!m) return null;
    const [, op, v] = m as unknown as [string, string, string];
    if (op === '!=') continue;
    if (op === '==' && v.endsWith('.*')) {
      const nums = v.slice(0, -2).split('.');
      const last = Number(nums[nums.length - 1]);
      if (!Number.isFinite(last)) return null;
      set.push({ op: '>=', version: nums.join('.') }, { op: '<', version: [...nums.slice(0, -1), String(last + 1)].join('.') });
    } else if (v.includes('*')) return null;
    else if (op === '~=') {
      const nums = v.split(/[^0-9.]/)[0]!.split('.').filter(Boolean);
      if (nums.length < 2) return null;
      const head = nums.slice(0, -1);
      head[head.length - 1] = String(Number(head[head.length - 1]) + 1);
      set.push({ op: '>=', version: v }, { op: '<', version: head.join('.') });
    } else set.push({ op: op === '==' || op === '===' ? '=' : (op as VersionComparator['op']), version: v });
  }
  return [set];
}

/**
 * NuGet and Maven interval notation: `[1.0,2.0)`, `(,1.0]`, `[1.2]`; Maven also a comma-separated
 * union (`[1,2),[3,4)`). NuGet floating versions (`1.*`, `1.2.*`) too. Null when it is neither.
 */
export function bracketRange(spec: string): VersionComparator[][] | null {
  const s = spec.trim();
  const floating = /^(\d+(?:\.\d+)*)\.\*$/.exec(s);
  if (floating) {
    const nums = floating[1]!.split('.');
    return [[{ op: '>=', version: nums.join('.') }, { op: '<', version: [...nums.slice(0, -1), String(Number(nums[nums.length - 1]) + 1)].join('.') }]];
  }
  if (!/^[[(]/.test(s)) return null;
  const out: VersionComparator[][] = [];
  const re = /\s*([[(])\s*([^,\])]*?)\s*(?:,\s*([^\])]*?)\s*)?([\])])\s*(?:,|$)/y;
  let at = 0;
  while (at < s.length) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) return null;
    at = re.lastIndex;
    const [, open, lo, hi, close] = m as unknown as [string, string, string, string | undefined, string];
    if (hi === undefined) {
      if (!lo || open !== '[' || close !== ']') return null;
      out.push([{ op: '=', version: lo }]);
      continue;
    }
    const set: VersionComparator[] = [];
    if (lo) set.push({ op: open === '[' ? '>=' : '>', version: lo });
    if (hi) set.push({ op: close === ']' ? '<=' : '<', version: hi });
    out.push(set);
  }
  return out.length ? out : null;
}

/** An exact version among the comparators (a single `=`), else null. */
export function exactVersion(ranges: VersionComparator[][]): string | null {
  return ranges.length === 1 && ranges[0]!.length === 1 && ranges[0]![0]!.op === '=' ? ranges[0]![0]!.version : null;
}

// ---------------------------------------------------------------------------------------------
// package.json
// ---------------------------------------------------------------------------------------------

/**
 * `package.json` `dependencies` and `optionalDependencies` (what `npm install --omit=dev`
 * installs directly; dev and peer dependencies are not read). Exact versions are pinned; ranges are
 * ranged; git, file, workspace specs and dist-tags are unpinned. Used only when no lockfile serves
 * the function (the loader decides).
 */
export function parsePackageJson(file: string, text: string, diagnostics: Diagnostic[]): Manifest | null {
  const doc = parseJsonManifest(file, text, 'manifest-invalid', diagnostics);
  if (doc === undefined) return null;
  const deps: Dependency[] = [];
  const ranged: RangedDependency[] = [];
  const unpinned: UnpinnedDependency[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { file, ecosystem: 'npm', dependencies: deps, unpinned, ranged, lock: false };
  for (const section of ['dependencies', 'optionalDependencies']) {
    const map = (doc as Record<string, unknown>)[section];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    const sectionAt = new RegExp(`"${section}"\\s*:`).exec(text)?.index ?? 0;
    for (const [name, value] of Object.entries(map as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      const keyAt = text.indexOf(JSON.stringify(name), sectionAt);
      const location: SourceLocation = { file, ...lineCol(text, keyAt >= 0 ? keyAt : sectionAt) };
      let pkg = name;
      let spec = value;
      const alias = /^npm:((?:@[^/@]+\/)?[^@]+)(?:@(.*))?$/.exec(value.trim());
      if (alias) {
        pkg = alias[1]!;
        spec = alias[2] ?? '';
      }
      const ranges = /[:/]/.test(spec) ? null : npmRange(spec);
      const exact = ranges ? exactVersion(ranges) : null;
      if (exact) deps.push({ name: pkg, version: exact, ecosystem: 'npm', location });
      else if (ranges) ranged.push({ name: pkg, spec: value, ecosystem: 'npm', ranges, location });
      else unpinned.push({ name: pkg, spec: value, location });
    }
  }
  return { file, ecosystem: 'npm', dependencies: deps, unpinned, ranged, lock: false };
}

// ---------------------------------------------------------------------------------------------
// yarn.lock and pnpm-lock.yaml
// ---------------------------------------------------------------------------------------------

/** The package a yarn descriptor (`lodash@^4`, `@s/p@npm:^1`, `alias@npm:real@^2`) installs; null for workspaces and links. */
function yarnPackage(descriptor: string): string | null {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const at = d.indexOf('@', d.startsWith('@') ? 1 : 0);
  if (at <= 0) return null;
  const name = d.slice(0, at);
  const range = d.slice(at + 1);
  if (/^(workspace|link|portal|file|exec|git|github|https?):/.test(range)) return null;
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(range);
  return alias ? alias[1]! : name;
}

/**
 * `yarn.lock`, classic (v1: `version "4.17.20"`) and berry (v2+, YAML with `__metadata`:
 * `version: 4.17.20`). One dependency per entry, at its header line; workspace, link and portal
 * entries (and berry's `linkType: soft`) are the app's own code and skipped. The lockfile does not
 * say which packages are dev-only: all are checked.
 */
export function parseYarnLock(file: string, text: string, diagnostics: Diagnostic[]): Manifest {
  const deps: Dependency[] = [];
  let entry: { name: string | null; line: number; version: string | null; soft: boolean } | null = null;
  let headers = 0;
  const flush = () => {
    if (entry?.name && entry.version && !entry.soft && /^\d/.test(entry.version)) deps.push({ name: entry.name, version: entry.version, ecosystem: 'npm', location: { file, line: entry.line, column: 1 } });
    entry = null;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      flush();
      if (!line.endsWith(':') || line.startsWith('__metadata')) continue;
      headers++;
      entry = { name: yarnPackage(line.slice(0, -1).split(',')[0]!), line: i + 1, version: null, soft: false };
      continue;
    }
    if (!entry) continue;
    const v = /^ {2}version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (v) entry.version = v[1]!;
    else if (/^ {2}linkType:\s*soft\s*$/.test(line)) entry.soft = true;
  }
  flush();
  if (headers === 0 && text.trim() !== '') diagnostics.push({ level: 'warning', code: 'lockfile-invalid', message: `${file}:1: no yarn.lock entries found; its dependencies are not checked`, location: { file, line: 1, column: 1 } });
  return { file, ecosystem: 'npm', dependencies: deps, unpinned: [], lock: true };
}

/** A pnpm `packages:` key (v5 `/name/1.0.0_peer`, v6 `/name@1.0.0(peer)`, v9 `name@1.0.0`) as name and version. */
function pnpmKey(raw: string): { name: string; version: string } | null {
  const key = raw.trim().replace(/^['"]|['"]$/g, '').replace(/^\//, '').replace(/\(.*$/, '');
  const at = /^((?:@[^/@]+\/)?[^@/]+)@([^@/]+)$/.exec(key);
  const slash = at ? null : /^((?:@[^/@]+\/)?[^@/]+)\/([^/_]+)(?:_.*)?$/.exec(key);
  const m = at ?? slash;
  return m && /^\d/.test(m[2]!) ? { name: m[1]!, version: m[2]! } : null;
}

/**
 * `pnpm-lock.yaml` (lockfile v5, v6 and v9): the keys of the top-level `packages:` map. Entries
 * marked `dev: true` (v5/v6) are skipped; v9 does not mark dev packages there, so all are checked.
 */
export function parsePnpmLock(file: string, text: string, diagnostics: Diagnostic[]): Manifest {
  const deps: Dependency[] = [];
  if (!/^lockfileVersion:/m.test(text) && text.trim() !== '') diagnostics.push({ level: 'warning', code: 'lockfile-invalid', message: `${file}:1: no lockfileVersion: not a pnpm lockfile; its dependencies are not checked`, location: { file, line: 1, column: 1 } });
  let inPackages = false;
  let current: Dependency | null = null;
  let dev = false;
  const flush = () => {
    if (current && !dev) deps.push(current);
    current = null;
    dev = false;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\S/.test(line)) {
      flush();
      inPackages = /^packages:\s*$/.test(line);
      continue;
    }
    if (!inPackages) continue;
    const key = /^ {2}(\S.*):\s*(?:\{\s*\}\s*)?$/.exec(line);
    if (key) {
      flush();
      const p = pnpmKey(key[1]!);
      if (p) current = { ...p, ecosystem: 'npm', location: { file, line: i + 1, column: 3 } };
    } else if (/^ {4}dev:\s*true\s*$/.test(line)) dev = true;
  }
  flush();
  return { file, ecosystem: 'npm', dependencies: deps, unpinned: [], lock: true };
}
