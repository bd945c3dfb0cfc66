/**
 * Known-vulnerable dependencies: the pinned packages of each function's lockfiles matched against
 * an OSV advisory snapshot. Pure: the loader (src/loaders/dependencies.ts) reads the files; this
 * module compares versions (npm semver, PEP 440-ish for PyPI) and OSV ranges.
 */
import type { Severity } from '../../model/findings.js';
import { dict } from '../../model/types.js';
import { ecosystemKey, normalizeName, type Advisory, type AdvisorySnapshot, type Dependency, type Ecosystem, type FunctionDependencies, type Manifest, type OsvAffected, type RangedDependency, type VersionComparator } from '../../model/dependencies.js';

/**
 * How the version is known: `locked` (a lockfile or an exact pin says it is installed), or, for a
 * range without a lockfile, `every` (every version the range allows is affected), `lowest` (the
 * lowest version it allows is), `may` (some version it allows is: it may resolve to one).
 */
export type Resolution = 'locked' | 'every' | 'lowest' | 'may';

export interface DependencyMatch {
  manifest: string;
  /** For a range, `version` is the lowest version it allows (or the spec when it has no lower bound). */
  dependency: Dependency;
  resolution: Resolution;
  /** The requirement as written, for a range; null for a locked version. */
  spec: string | null;
  /** The layer (logical id) whose content folder holds the manifest; null for the function's own code. */
  layer: string | null;
  advisoryId: string;
  aliases: string[];
  summary: string;
  severity: Severity | null;
  /** The first fixed version above the installed one, null when none is known. */
  fixed: string | null;
  /** Functions whose code uses this manifest, sorted. */
  functions: string[];
}

export interface DependencyAnalysis {
  /** False when no advisory snapshot was available: nothing was checked. */
  checked: boolean;
  snapshotDir: string | null;
  /** When the snapshot was taken (ISO date), when it records one. */
  snapshotDate: string | null;
  manifests: number;
  matches: DependencyMatch[];
}

// ---------------------------------------------------------------------------------------------
// Version comparison
// ---------------------------------------------------------------------------------------------

type Part = number | string;

function cmpParts(a: readonly Part[], b: readonly Part[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1; // numeric identifiers sort before alphanumeric ones
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** npm semver: major.minor.patch, a prerelease sorts before its release, build metadata is ignored. */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const clean = v.trim().replace(/^[v=]+/, '').split('+')[0]!;
    const dash = clean.indexOf('-');
    const core = (dash >= 0 ? clean.slice(0, dash) : clean).split('.').map((n) => Number.parseInt(n, 10) || 0);
    const pre = dash >= 0 ? clean.slice(dash + 1).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
    return { core: [core[0] ?? 0, core[1] ?? 0, core[2] ?? 0], pre };
  };
  const x = parse(a);
  const y = parse(b);
  const c = cmpParts(x.core, y.core);
  if (c !== 0) return c;
  if (!x.pre.length || !y.pre.length) return x.pre.length === y.pre.length ? 0 : x.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    if (x.pre[i] === undefined) return -1;
    if (y.pre[i] === undefined) return 1;
    const r = cmpParts([x.pre[i]!], [y.pre[i]!]);
    if (r !== 0) return r;
  }
  return 0;
}

/**
 * PEP 440, the common subset: epoch, release numbers, a/b/rc pre-releases, post and dev releases.
 * Local versions (`+local`) are ignored. Unparseable text falls back to comparing the numbers in it.
 */
export function comparePep440(a: string, b: string): number {
  return cmpParts(pepKey(a), pepKey(b));
}

function pepKey(v: string): number[] {
  const s = v.trim().toLowerCase().replace(/^v/, '').split('+')[0]!;
  const m = /^(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:(?:-(\d+))|(?:[-_.]?(?:post|rev|r)[-_.]?(\d*)))?(?:[-_.]?dev[-_.]?(\d*))?$/.exec(s);
  if (!m) return (s.match(/\d+/g) ?? ['0']).map(Number);
  const release = m[2]!.split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const preKind = m[3] ? ({ a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 } as Record<string, number>)[m[3]]! : null;
  const post = m[5] ?? m[6];
  const dev = m[7];
  // Ordering inside a release: .devN < aN < bN < rcN < (final) < .postN; encoded as [phase, n, devPhase, devN].
  const phase = preKind !== null ? 1 + preKind : post !== undefined ? 5 : dev !== undefined ? 0 : 4;
  const phaseNum = preKind !== null ? Number(m[4] || 0) : post !== undefined ? Number(post || 0) : 0;
  const devPart = dev !== undefined ? [0, Number(dev || 0)] : [1, 0];
  // The release has variable length: pad it so the suffix always lands at the same place.
  const padded = [...release, ...new Array<number>(Math.max(0, 12 - release.length)).fill(0)].slice(0, 12);
  return [Number(m[1] ?? 0), ...padded, phase, phaseNum, ...devPart];
}

export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  switch (ecosystem) {
    case 'npm':
    case 'Go':
      return compareSemver(a, b);
    case 'RubyGems':
      return compareGem(a, b);
    case 'NuGet':
      return compareNuGet(a, b);
    case 'Maven':
      return compareMaven(a, b);
    default:
      return comparePep440(a, b);
  }
}

/**
 * RubyGems (`Gem::Version`): segments split at dots and between digits and letters; a letter
 * segment marks a prerelease and sorts before any number (`1.0.a` < `1.0`); trailing zeros do not count.
 */
export function compareGem(a: string, b: string): number {
  // canonical segments: the zeros that end the release part are dropped (`1.0.0.rc1` is `1.rc.1`)
  const parse = (v: string): Part[] => {
    const parts: Part[] = (v.trim().match(/\d+|[A-Za-z]+/g) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const firstText = parts.findIndex((p) => typeof p === 'string');
    const release = firstText < 0 ? parts : parts.slice(0, firstText);
    while (release.length > 1 && release[release.length - 1] === 0) release.pop();
    return firstText < 0 ? release : [...release, ...parts.slice(firstText)];
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p < q ? -1 : 1;
    if (typeof p === 'string' && typeof q === 'string') return p < q ? -1 : 1;
    return typeof p === 'string' ? -1 : 1;
  }
  return 0;
}

/** NuGet: up to four numeric parts (missing ones are 0), then a semver-like prerelease label. */
export function compareNuGet(a: string, b: string): number {
  const split = (v: string) => {
    const clean = v.trim().split('+')[0]!;
    const dash = clean.indexOf('-');
    const nums = (dash >= 0 ? clean.slice(0, dash) : clean).split('.').map((n) => Number.parseInt(n, 10) || 0);
    return { nums: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0, nums[3] ?? 0], pre: dash >= 0 ? clean.slice(dash + 1) : '' };
  };
  const x = split(a);
  const y = split(b);
  const c = cmpParts(x.nums, y.nums);
  if (c !== 0) return c;
  return compareSemver(`0.0.0${x.pre ? `-${x.pre}` : ''}`, `0.0.0${y.pre ? `-${y.pre}` : ''}`);
}

/**
 * Maven's version order (the POM reference, "Version Order Specification"): the version, in lower
 * case, is split into items at `.`, at `-` and where digits meet letters (a `-` or such a
 * transition opens a nested list); an empty item is `0`; trailing "null" items (`0`, `""`, `ga`,
 * `final`, `release`) are dropped from each list. Numbers compare as numbers; qualifiers as
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < any other
 * (lexically); `a1`, `b1`, `m1` are alpha, beta, milestone. Kinds meet as
 * qualifier < list < number, and a missing item compares as the null item of the other's kind.
 */
export function compareMaven(a: string, b: string): number {
  return compareMavenLists(mavenItems(a), mavenItems(b));
}

type MavenItem = { kind: 'int'; digits: string } | { kind: 'str'; value: string } | { kind: 'list'; items: MavenItem[] };

const MAVEN_QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const MAVEN_ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };

function mavenItems(version: string): MavenItem[] {
  const v = version.trim().toLowerCase();
  const root: MavenItem[] = [];
  const lists: MavenItem[][] = [root];
  let list = root;
  let start = 0;
  let digits = false;
  const item = (text: string, followedByDigit: boolean): MavenItem => {
    if (/^\d+$/.test(text)) return { kind: 'int', digits: text.replace(/^0+(?=\d)/, '') };
    const short = followedByDigit && text.length === 1 ? ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[text] : undefined;
    const value = short ?? text;
    return { kind: 'str', value: MAVEN_ALIASES[value] ?? value };
  };
  const nest = () => {
    const inner: MavenItem[] = [];
    list.push({ kind: 'list', items: inner });
    list = inner;
    lists.push(inner);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'int', digits: '0' } : item(v.slice(start, i), false));
      start = i + 1;
      if (c === '-') nest();
    } else if (c >= '0' && c <= '9') {
      if (!digits && i > start) {
        list.push(item(v.slice(start, i), true));
        start = i;
        nest();
      }
      digits = true;
    } else {
      if (digits && i > start) {
        list.push(item(v.slice(start, i), false));
        start = i;
        nest();
      }
      digits = false;
    }
  }
  if (v.length > start) list.push(item(v.slice(start), false));
  // Normalise innermost first: a list emptied by the trim is itself a null item of its parent.
  for (let i = lists.length - 1; i >= 0; i--) {
    const l = lists[i]!;
    for (let j = l.length - 1; j >= 0; j--) {
      const x = l[j]!;
      if (mavenIsNull(x)) l.splice(j, 1);
      else if (x.kind !== 'list') break;
    }
  }
  return root;
}

function mavenIsNull(x: MavenItem): boolean {
  return x.kind === 'int' ? x.digits === '0' : x.kind === 'str' ? x.value === '' : x.items.length === 0;
}

function mavenQualifierKey(q: string): string {
  const i = MAVEN_QUALIFIERS.indexOf(q);
  return i >= 0 ? String(i) : `${MAVEN_QUALIFIERS.length}-${q}`;
}

/** Compares one item with another, or with the null item (`b` undefined). */
function compareMavenItem(a: MavenItem, b: MavenItem | undefined): number {
  if (a.kind === 'int') {
    if (b === undefined) return a.digits === '0' ? 0 : 1;
    if (b.kind !== 'int') return 1;
    if (a.digits.length !== b.digits.length) return a.digits.length < b.digits.length ? -1 : 1;
    return a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  }
  if (a.kind === 'str') {
    const x = mavenQualifierKey(a.value);
    if (b === undefined) {
      const release = mavenQualifierKey('');
      return x < release ? -1 : x > release ? 1 : 0;
    }
    if (b.kind !== 'str') return -1;
    const y = mavenQualifierKey(b.value);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (b === undefined) return a.items.length === 0 ? 0 : compareMavenItem(a.items[0]!, undefined);
  if (b.kind === 'int') return -1;
  if (b.kind === 'str') return 1;
  return compareMavenLists(a.items, b.items);
}

function compareMavenLists(a: readonly MavenItem[], b: readonly MavenItem[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const r = x === undefined ? -compareMavenItem(y!, undefined) : compareMavenItem(x, y);
    if (r !== 0) return r;
  }
  return 0;
}

export { normalizeName };

// ---------------------------------------------------------------------------------------------
// Ranges
// ---------------------------------------------------------------------------------------------

/** Whether `version` is affected by one OSV `affected` entry, and the first fix above it. */
export function affects(ecosystem: Ecosystem, version: string, affected: OsvAffected): { affected: boolean; fixed: string | null } {
  const cmp = (x: string, y: string) => (x === '0' ? (y === '0' ? 0 : -1) : y === '0' ? 1 : compareVersions(ecosystem, x, y));
  let hit = affected.versions.some((v) => cmp(v, version) === 0);
  let fixed: string | null = null;
  for (const range of affected.ranges) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue; // GIT ranges name commits
    const events = range.events
      .flatMap((e) => (['introduced', 'fixed', 'last_affected', 'limit'] as const).filter((k) => typeof e[k] === 'string').map((k) => ({ kind: k, at: e[k]! })))
      .sort((x, y) => cmp(x.at, y.at) || order(x.kind) - order(y.kind));
    let vulnerable = false;
    for (const e of events) {
      if (e.kind === 'introduced' && cmp(version, e.at) >= 0) vulnerable = true;
      else if (e.kind === 'fixed' && cmp(version, e.at) >= 0) vulnerable = false;
      else if (e.kind === 'last_affected' && cmp(version, e.at) > 0) vulnerable = false;
    }
    if (vulnerable) {
      hit = true;
      const fix = events.find((e) => e.kind === 'fixed' && cmp(e.at, version) > 0);
      if (fix && (fixed === null || cmp(fix.at, fixed) < 0)) fixed = fix.at;
    }
  }
  return { affected: hit, fixed };
}

function order(kind: string): number {
  return kind === 'introduced' ? 0 : kind === 'fixed' ? 1 : kind === 'last_affected' ? 2 : 3;
}

// ---------------------------------------------------------------------------------------------
// Severity
// ---------------------------------------------------------------------------------------------

/** `database_specific.severity` words (GitHub: LOW/MODERATE/HIGH/CRITICAL) to a nightlight severity. */
export function severityFromWord(word: string): Severity | null {
  const w = word.trim().toLowerCase();
  if (w === 'critical') return 'critical';
  if (w === 'high' || w === 'important') return 'high';
  if (w === 'moderate' || w === 'medium') return 'medium';
  if (w === 'low' || w === 'minor') return 'low';
  return null;
}

/** A CVSS base score (0-10) to a severity, with the CVSS qualitative bands. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** CVSS v3.x base score from a vector (`CVSS:3.1/AV:N/AC:L/...`); null when it is not a v3 vector. */
export function cvss3BaseScore(vector: string): number | null {
  if (!/^CVSS:3\.[01]\//.test(vector)) return null;
  const m: Record<string, string> = dict();
  for (const part of vector.split('/').slice(1)) {
    const [k, v] = part.split(':');
    if (k && v) m[k] = v;
  }
  const changed = m['S'] === 'C';
  const av = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }[m['AV'] ?? ''];
  const ac = { L: 0.77, H: 0.44 }[m['AC'] ?? ''];
  const pr = (changed ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 })[m['PR'] ?? ''];
  const ui = { N: 0.85, R: 0.62 }[m['UI'] ?? ''];
  const cia = (k: string) => ({ H: 0.56, L: 0.22, N: 0 } as Record<string, number>)[m[k] ?? ''];
  const c = cia('C');
  const i = cia('I');
  const a = cia('A');
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined || c === undefined || i === undefined || a === undefined) return null;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  const raw = Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10);
  return Math.ceil(raw * 10 - 1e-9) / 10;
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/** The advisory's severity: `database_specific.severity` first, else the highest CVSS v3 score; null when unknown. */
export function advisorySeverity(a: Pick<Advisory, 'databaseSeverity' | 'cvss'>): Severity | null {
  const word = a.databaseSeverity ? severityFromWord(a.databaseSeverity) : null;
  if (word) return word;
  let best: number | null = null;
  for (const s of a.cvss) {
    const score = /^\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : cvss3BaseScore(s.trim());
    if (score !== null && (best === null || score > best)) best = score;
  }
  return best === null ? null : severityFromScore(best);
}

export function analyzeDependencies(functions: readonly FunctionDependencies[], snapshot: AdvisorySnapshot | null): DependencyAnalysis {
  // One manifest can serve several functions: match it once (per layer it comes through).
  const manifests = new Map<string, { manifest: Manifest; functions: Set<string> }>();
  for (const f of functions) {
    for (const m of f.manifests) {
      const key = `${m.file}\u0000${m.layer ?? ''}\u0000${m.ranged?.length ?? 0}`;
      const entry = manifests.get(key) ?? { manifest: m, functions: new Set<string>() };
      entry.functions.add(f.functionId);
      manifests.set(key, entry);
    }
  }
  const files = new Set([...manifests.values()].map((m) => m.manifest.file)).size;
  if (!snapshot) return { checked: false, snapshotDir: null, snapshotDate: null, manifests: files, matches: [] };
  const index = new Map<string, { advisory: Advisory; affected: OsvAffected }[]>();
  for (const advisory of snapshot.advisories) {
    for (const affected of advisory.affected) {
      const eco = ecosystemKey(affected.ecosystem);
      const k = `${eco}\u0000${normalizeName(eco, affected.name)}`;
      const list = index.get(k) ?? [];
      list.push({ advisory, affected });
      index.set(k, list);
    }
  }
  const lookup = (d: { ecosystem: Ecosystem; name: string }) => index.get(`${d.ecosystem}\u0000${normalizeName(d.ecosystem, d.name)}`) ?? [];
  const matches: DependencyMatch[] = [];
  const seen = new Set<string>();
  const sorted = [...manifests.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map((e) => e[1]);
  for (const { manifest, functions: fns } of sorted) {
    const layer = manifest.layer ?? null;
    const common = { manifest: manifest.file, layer, functions: [...fns].sort() };
    for (const dep of manifest.dependencies) {
      for (const { advisory, affected } of lookup(dep)) {
        const r = affects(dep.ecosystem, dep.version, affected);
        const k = `${manifest.file}\u0000${layer}\u0000${dep.name}@${dep.version}\u0000${advisory.id}`;
        if (!r.affected || seen.has(k)) continue;
        seen.add(k);
        matches.push({ ...common, dependency: dep, resolution: 'locked', spec: null, advisoryId: advisory.id, aliases: advisory.aliases, summary: advisory.summary, severity: advisorySeverity(advisory), fixed: r.fixed });
      }
    }
    for (const dep of manifest.ranged ?? []) {
      const byAdvisory = new Map<string, { advisory: Advisory; affected: OsvAffected[] }>();
      for (const { advisory, affected } of lookup(dep)) {
        const e = byAdvisory.get(advisory.id) ?? { advisory, affected: [] };
        e.affected.push(affected);
        byAdvisory.set(advisory.id, e);
      }
      for (const { advisory, affected } of byAdvisory.values()) {
        const r = rangeAffected(dep, affected);
        const k = `${manifest.file}\u0000${layer}\u0000${dep.name}@${dep.spec}\u0000${advisory.id}`;
        if (!r || seen.has(k)) continue;
        seen.add(k);
        matches.push({ ...common, dependency: { name: dep.name, version: r.lowest ?? dep.spec, ecosystem: dep.ecosystem, location: dep.location }, resolution: r.resolution, spec: dep.spec, advisoryId: advisory.id, aliases: advisory.aliases, summary: advisory.summary, severity: advisorySeverity(advisory), fixed: r.fixed });
      }
    }
  }
  return { checked: true, snapshotDir: snapshot.dir, snapshotDate: snapshot.date ?? null, manifests: files, matches };
}

// ---------------------------------------------------------------------------------------------
// Ranges without a lockfile
// ---------------------------------------------------------------------------------------------

interface Bound {
  v: string;
  incl: boolean;
}
/** A version interval; a null bound is open (no lower bound: from the first version; no upper: every later one). */
interface Interval {
  lo: Bound | null;
  hi: Bound | null;
}

function intervalOps(ecosystem: Ecosystem) {
  const cmp = (a: string, b: string) => compareVersions(ecosystem, a, b);
  const maxLo = (a: Bound | null, b: Bound | null): Bound | null => {
    if (!a) return b;
    if (!b) return a;
    const c = cmp(a.v, b.v);
    return c < 0 ? b : c > 0 ? a : { v: a.v, incl: a.incl && b.incl };
  };
  const minHi = (a: Bound | null, b: Bound | null): Bound | null => {
    if (!a) return b;
    if (!b) return a;
    const c = cmp(a.v, b.v);
    return c > 0 ? b : c < 0 ? a : { v: a.v, incl: a.incl && b.incl };
  };
  const nonEmpty = (i: Interval) => {
    if (!i.lo || !i.hi) return true;
    const c = cmp(i.lo.v, i.hi.v);
    return c < 0 || (c === 0 && i.lo.incl && i.hi.incl);
  };
  /** `outer` contains `inner`. */
  const contains = (outer: Interval, inner: Interval) => {
    const loOk = !outer.lo || (inner.lo !== null && (cmp(outer.lo.v, inner.lo.v) < 0 || (cmp(outer.lo.v, inner.lo.v) === 0 && (outer.lo.incl || !inner.lo.incl))));
    const hiOk = !outer.hi || (inner.hi !== null && (cmp(outer.hi.v, inner.hi.v) > 0 || (cmp(outer.hi.v, inner.hi.v) === 0 && (outer.hi.incl || !inner.hi.incl))));
    return loOk && hiOk;
  };
  const intersects = (a: Interval, b: Interval) => nonEmpty({ lo: maxLo(a.lo, b.lo), hi: minHi(a.hi, b.hi) });
  return { cmp, maxLo, minHi, nonEmpty, contains, intersects };
}

/** The intervals a requirement allows (empty intersections dropped). */
function allowedIntervals(ecosystem: Ecosystem, ranges: readonly VersionComparator[][]): Interval[] {
  const ops = intervalOps(ecosystem);
  const out: Interval[] = [];
  for (const set of ranges) {
    let i: Interval = { lo: null, hi: null };
    for (const c of set) {
      if (c.op === '=' || c.op === '>=' || c.op === '>') i = { ...i, lo: ops.maxLo(i.lo, { v: c.version, incl: c.op !== '>' }) };
      if (c.op === '=' || c.op === '<=' || c.op === '<') i = { ...i, hi: ops.minHi(i.hi, { v: c.version, incl: c.op !== '<' }) };
    }
    if (ops.nonEmpty(i)) out.push(i);
  }
  return out;
}

/** The intervals an OSV `affected` entry marks (SEMVER / ECOSYSTEM ranges and listed versions). */
function affectedIntervals(ecosystem: Ecosystem, affected: OsvAffected): Interval[] {
  const out: Interval[] = affected.versions.map((v) => ({ lo: { v, incl: true }, hi: { v, incl: true } }));
  const cmp = (x: string, y: string) => (x === '0' ? (y === '0' ? 0 : -1) : y === '0' ? 1 : compareVersions(ecosystem, x, y));
  for (const range of affected.ranges) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    const events = range.events
      .flatMap((e) => (['introduced', 'fixed', 'last_affected'] as const).filter((k) => typeof e[k] === 'string').map((k) => ({ kind: k, at: e[k]! })))
      .sort((x, y) => cmp(x.at, y.at) || order(x.kind) - order(y.kind));
    let open: Bound | null | undefined;
    for (const e of events) {
      if (e.kind === 'introduced') {
        if (open === undefined) open = e.at === '0' ? null : { v: e.at, incl: true };
      } else if (open !== undefined) {
        out.push({ lo: open, hi: { v: e.at, incl: e.kind === 'last_affected' } });
        open = undefined;
      }
    }
    if (open !== undefined) out.push({ lo: open, hi: null });
  }
  return out;
}

/**
 * How a range without a lockfile meets one advisory: every allowed version affected, the lowest
 * allowed version affected, or some bounded part of the range affected (`may`). An unbounded range
 * (`>=1.0`, `*`) resolves to the newest release, which no snapshot names: it is `may` never, only
 * `every` (an advisory with no fixed version) or `lowest`. Null when the range avoids the advisory.
 */
export function rangeAffected(dep: RangedDependency, affected: readonly OsvAffected[]): { resolution: Exclude<Resolution, 'locked'>; lowest: string | null; fixed: string | null } | null {
  const ops = intervalOps(dep.ecosystem);
  const allowed = allowedIntervals(dep.ecosystem, dep.ranges);
  if (!allowed.length) return null;
  const marked = affected.flatMap((a) => affectedIntervals(dep.ecosystem, a));
  if (!marked.length) return null;
  const lows = allowed.map((i) => i.lo);
  const lowest = lows.some((l) => l === null) ? null : lows.reduce((a, b) => (ops.cmp(a!.v, b!.v) <= 0 ? a : b))!;
  const fixAbove = (v: string | null) => {
    let best: string | null = null;
    for (const a of affected) {
      for (const r of a.ranges) for (const e of r.events) if (e.fixed && (v === null || ops.cmp(e.fixed, v) > 0) && (best === null || ops.cmp(e.fixed, best) < 0)) best = e.fixed;
    }
    return best;
  };
  if (allowed.every((r) => marked.some((a) => ops.contains(a, r)))) return { resolution: 'every', lowest: lowest?.v ?? null, fixed: fixAbove(lowest?.v ?? null) };
  if (lowest && lowest.incl && marked.some((a) => ops.contains(a, { lo: lowest, hi: lowest }))) return { resolution: 'lowest', lowest: lowest.v, fixed: fixAbove(lowest.v) };
  if (allowed.some((r) => r.hi !== null && marked.some((a) => ops.intersects(a, r)))) return { resolution: 'may', lowest: lowest?.v ?? null, fixed: null };
  return null;
}
