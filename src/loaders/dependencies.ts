/**
 * Dependency manifests and advisory snapshots: the file-reading half of the vulnerable-dependency
 * check (matching is src/analyses/code/dependencies.ts). Reads, per function, the nearest
 * `package-lock.json` (v2/v3 `packages`), `requirements.txt` (`==` pins), `poetry.lock`, `Gemfile.lock`,
 * `go.mod`, `*.csproj` and `pom.xml` (by runtime) from the
 * code folder up to the scanned root, and an OSV snapshot folder (`*.json` records). No network.
 */
import { dirname, isAbsolute, join, posix, relative, resolve as resolvePath } from 'node:path';
import { normalizeName, type Advisory, type AdvisorySnapshot, type Dependency, type FunctionDependencies, type Manifest, type RangedDependency, type UnpinnedDependency } from '../model/dependencies.js';
import { parseOsv } from './osv.js';
import { readCompiledSnapshot, SNAPSHOT_FILE } from './advisory-cache.js';

export { parseOsv };
import type { Diagnostic, FunctionNode, SourceLocation } from '../model/types.js';
import { isUnresolved } from '../model/types.js';
import { toPosix, type ScanRoot } from './files.js';
import { isWithin as inside } from './boundary.js';
import { bracketRange, exactVersion, lineCol, parseJsonManifest, parsePackageJson, parsePnpmLock, parseYarnLock, pep440Spec } from './lockfiles.js';

/** The folder, under the scanned root, searched for an advisory snapshot when none is given. */
export const DEFAULT_ADVISORY_DIR = '.nightlight/advisories';

/**
 * Per runtime, the groups of files looked for: the nearest file of each group (walking up from the
 * code folder) is read; within one folder the first name of a group wins. A lockfile and the
 * manifest it locks are separate groups: `package.json` and unpinned `requirements.txt` lines are
 * used only when no lockfile of the ecosystem serves the function.
 */
const NPM_GROUPS = [['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'], ['package.json']];
const PY_GROUPS = [['requirements.txt'], ['poetry.lock']];
const RUBY_GROUPS = [['Gemfile.lock']];
const GO_GROUPS = [['go.mod']];
/** A .NET project file (any name): the first `*.csproj` of the folder. */
const DOTNET_GROUPS = [['*.csproj']];
const JAVA_GROUPS = [['pom.xml']];

function manifestGroups(runtime: string | null): readonly string[][] {
  if (runtime === null) return [...NPM_GROUPS, ...PY_GROUPS];
  if (/^nodejs/i.test(runtime)) return NPM_GROUPS;
  if (/^python/i.test(runtime)) return PY_GROUPS;
  if (/^ruby/i.test(runtime)) return RUBY_GROUPS;
  if (/^(go|provided)/i.test(runtime)) return GO_GROUPS;
  if (/^dotnet/i.test(runtime)) return DOTNET_GROUPS;
  if (/^java/i.test(runtime)) return JAVA_GROUPS;
  return [];
}

/**
 * Per function: the manifests found from its code folder up to the scanned root (the nearest of
 * each kind), then those in the content folder of each layer it uses (`layers`: the reference a
 * function's `Layers` resolves to → the layer's logical id and root-relative folder).
 */
export function loadDependencies(scan: ScanRoot, functions: readonly FunctionNode[], diagnostics: Diagnostic[], layers: ReadonlyMap<string, { name: string; path: string }> = new Map()): FunctionDependencies[] {
  const rootReal = scan.real;
  if (!rootReal) return [];
  const cache = new Map<string, Manifest | null>();
  // Functions of one code folder ask the same folders for the same groups: asked once.
  const nearest = new Map<string, Manifest[]>();
  const out: FunctionDependencies[] = [];
  for (const fn of functions) {
    if (fn.handler.inline) continue;
    const runtime = typeof fn.runtime === 'string' ? fn.runtime : null;
    const groups = manifestGroups(runtime);
    const manifests: Manifest[] = [];
    const own = ownCodeFolder(fn);
    const folders: { path: string; layer: string | null }[] = own === null ? [] : [{ path: own, layer: null }];
    for (const ref of fn.layers) {
      if (typeof ref !== 'string') continue;
      const layer = layers.get(ref);
      if (layer !== undefined) folders.push({ path: layer.path, layer: layer.name });
    }
    for (const folder of folders) {
      const base = scan.realpath(resolvePath(rootReal, folder.path));
      if (!base || !inside(rootReal, base)) continue;
      // A layer's packages live in its content folder or under `nodejs/`, `python/` (Lambda's layout); not above it.
      const start = scan.isFile(base) ? dirname(base) : base;
      const dirs = folder.layer === null ? ancestors(start, rootReal) : [start, join(start, 'nodejs'), join(start, 'python')].filter((d) => scan.isDir(d));
      // a layer's lockfile locks the layer's packages only, not the function's own
      const key = `${groups.map((g) => g.join('/')).join('|')}\u0000${dirs.join('\u0000')}`;
      let found = nearest.get(key);
      if (found === undefined) nearest.set(key, (found = servedByLock(findManifests(scan, dirs, groups, cache, diagnostics))));
      for (const m of found) manifests.push(folder.layer === null ? m : { ...m, layer: folder.layer });
    }
    if (manifests.length) out.push({ functionId: fn.id, manifests });
  }
  return out;
}

function ownCodeFolder(fn: FunctionNode): string | null {
  let codeUri: string;
  if (fn.handler.codeUri === null) codeUri = posix.dirname(fn.stack);
  else if (isUnresolved(fn.handler.codeUri)) return null;
  else codeUri = fn.handler.codeUri;
  if (/^s3:\/\//i.test(codeUri) || /\.(zip|jar)$/i.test(codeUri)) return null;
  return codeUri;
}

function ancestors(start: string, rootReal: string): string[] {
  const out: string[] = [];
  let dir = start;
  for (;;) {
    out.push(dir);
    if (dir === rootReal) break;
    const up = dirname(dir);
    if (up === dir || !inside(rootReal, up)) break;
    dir = up;
  }
  return out;
}

/** The nearest file of each group along `dirs` (nearest first). */
function findManifests(scan: ScanRoot, dirs: readonly string[], groups: readonly string[][], cache: Map<string, Manifest | null>, diagnostics: Diagnostic[]): Manifest[] {
  const rootReal = scan.real!;
  const out: Manifest[] = [];
  const found = new Set<number>();
  for (const dir of dirs) {
    groups.forEach((names, g) => {
      if (found.has(g)) return;
      for (const pattern of names) {
        const name = pattern.startsWith('*') ? (scan.list(dir) ?? []).filter((f) => f.endsWith(pattern.slice(1))).sort()[0] : pattern;
        if (name === undefined) continue;
        const abs = join(dir, name);
        // A manifest that is a link out of the tree, a device or a FIFO is refused (with a
        // diagnostic) by the read; a missing one is looked for further up.
        if (scan.entry(abs) === null) continue;
        found.add(g);
        const rel = toPosix(relative(rootReal, abs));
        if (!cache.has(rel)) cache.set(rel, readManifest(abs, rel, name, scan, diagnostics));
        const m = cache.get(rel);
        if (m) out.push(m);
        return;
      }
    });
  }
  return out;
}

/**
 * When a lockfile of an ecosystem serves the function, the requirements it locks say nothing more:
 * a `package.json` (`lock: false`) is dropped and the ranges of other manifests are not checked.
 */
function servedByLock(manifests: Manifest[]): Manifest[] {
  const locked = new Set(manifests.filter((m) => m.lock === true).map((m) => m.ecosystem));
  return manifests.filter((m) => !(m.lock === false && locked.has(m.ecosystem))).map((m) => (m.lock !== true && locked.has(m.ecosystem) && m.ranged?.length ? { ...m, ranged: [] } : m));
}

function readManifest(abs: string, rel: string, name: string, scan: ScanRoot, diagnostics: Diagnostic[]): Manifest | null {
  const text = scan.readText(abs, rel, diagnostics, { level: 'warning' });
  if (!text) return null;
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return parsePackageLock(rel, text.text, diagnostics);
  if (name === 'yarn.lock') return parseYarnLock(rel, text.text, diagnostics);
  if (name === 'pnpm-lock.yaml') return parsePnpmLock(rel, text.text, diagnostics);
  if (name === 'package.json') return parsePackageJson(rel, text.text, diagnostics);
  if (name === 'poetry.lock') return parsePoetryLock(rel, text.text);
  if (name === 'Gemfile.lock') return parseGemfileLock(rel, text.text);
  if (name === 'go.mod') return parseGoMod(rel, text.text);
  if (name.endsWith('.csproj')) return parseCsproj(rel, text.text);
  if (name === 'pom.xml') return parsePom(rel, text.text);
  return parseRequirements(rel, text.text);
}

/** npm lockfile v2/v3: the `packages` map, keyed by install path (`node_modules/a/node_modules/b`). */
export function parsePackageLock(file: string, text: string, diagnostics: Diagnostic[]): Manifest | null {
  const doc = parseJsonManifest(file, text, 'lockfile-invalid', diagnostics);
  if (doc === undefined) return null;
  const packages = typeof doc === 'object' && doc !== null ? (doc as { packages?: unknown }).packages : undefined;
  if (typeof packages !== 'object' || packages === null || Array.isArray(packages)) {
    const v1 = typeof doc === 'object' && doc !== null ? (doc as { dependencies?: unknown }).dependencies : undefined;
    if (typeof v1 === 'object' && v1 !== null && !Array.isArray(v1)) return { file, ecosystem: 'npm', dependencies: packageLockV1(file, text, v1 as Record<string, unknown>), unpinned: [], lock: true };
    diagnostics.push({ level: 'warning', code: 'lockfile-unsupported', message: `${file}:1: neither a "packages" map (lockfile v2/v3) nor a "dependencies" map (v1); its dependencies are not checked`, location: { file, line: 1, column: 1 } });
    return null;
  }
  const deps: Dependency[] = [];
  for (const [key, value] of Object.entries(packages as Record<string, unknown>)) {
    if (key === '' || typeof value !== 'object' || value === null) continue;
    const entry = value as { name?: unknown; version?: unknown; link?: unknown; dev?: unknown };
    if (entry.link === true || entry.dev === true || typeof entry.version !== 'string') continue;
    const at = key.lastIndexOf('node_modules/');
    const name = typeof entry.name === 'string' ? entry.name : at >= 0 ? key.slice(at + 'node_modules/'.length) : null;
    if (!name) continue;
    const offset = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:`).exec(text)?.index ?? 0;
    deps.push({ name, version: entry.version, ecosystem: 'npm', location: { file, ...lineCol(text, offset) } });
  }
  return { file, ecosystem: 'npm', dependencies: deps, unpinned: [], lock: true };
}

/** npm lockfile v1: the nested `dependencies` maps (`dev: true`, `bundled` and `file:` versions skipped). */
function packageLockV1(file: string, text: string, top: Record<string, unknown>): Dependency[] {
  const deps: Dependency[] = [];
  const from = new Map<string, number>();
  const walk = (map: Record<string, unknown>, depth: number) => {
    if (depth > 64) return;
    for (const [name, value] of Object.entries(map)) {
      if (typeof value !== 'object' || value === null) continue;
      const e = value as { version?: unknown; dev?: unknown; dependencies?: unknown };
      if (e.dev === true) continue;
      if (typeof e.version === 'string' && /^\d/.test(e.version)) {
        // the n-th `"name": {` in the text is the n-th visit (JSON order is preserved; `requires` maps hold strings)
        const key = JSON.stringify(name);
        const re = new RegExp(`${escapeRegExp(key)}\\s*:\\s*\\{`, 'g');
        re.lastIndex = from.get(key) ?? 0;
        const at = re.exec(text)?.index ?? -1;
        from.set(key, at >= 0 ? at + key.length : text.length);
        deps.push({ name, version: e.version, ecosystem: 'npm', location: { file, ...lineCol(text, Math.max(0, at)) } });
      }
      if (typeof e.dependencies === 'object' && e.dependencies !== null && !Array.isArray(e.dependencies)) walk(e.dependencies as Record<string, unknown>, depth + 1);
    }
  };
  walk(top, 0);
  return deps;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** requirements.txt: `name[extras]==version` pins; PEP 440 specifiers (or none) are ranges; URLs and options are unpinned. */
export function parseRequirements(file: string, text: string): Manifest {
  const deps: Dependency[] = [];
  const unpinned: UnpinnedDependency[] = [];
  const ranged: RangedDependency[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.replace(/(^|\s)#.*$/, '').replace(/\\$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const column = raw.length - raw.trimStart().length + 1;
    const location: SourceLocation = { file, line: i + 1, column };
    const pin = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9._!+-]+)\s*(?:;.*)?$/.exec(line);
    if (pin && !pin[2]!.includes('*')) {
      deps.push({ name: pin[1]!, version: pin[2]!, ecosystem: 'PyPI', location });
      continue;
    }
    // `name[extras] <specifiers> ; marker`: a range of versions; a URL (`name @ https://...`) or an option is unpinned.
    const req = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;@]*?)\s*(?:;.*)?$/.exec(line);
    const ranges = req ? pep440Spec(req[2]!) : null;
    if (req && ranges) {
      ranged.push({ name: req[1]!, spec: req[2]!.trim() || '(any version)', ecosystem: 'PyPI', ranges, location });
      continue;
    }
    const named = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    unpinned.push({ name: named ? named[1]! : line, spec: line, location });
  }
  return { file, ecosystem: 'PyPI', dependencies: deps, unpinned, ranged };
}

/** poetry.lock: each `[[package]]` table's `name` and `version`. */
export function parsePoetryLock(file: string, text: string): Manifest {
  const deps: Dependency[] = [];
  const lines = text.split(/\r?\n/);
  let inPackage = false;
  let name: { value: string; line: number; column: number } | null = null;
  let version: string | null = null;
  const flush = () => {
    if (name && version) deps.push({ name: name.value, version, ecosystem: 'PyPI', location: { file, line: name.line, column: name.column } });
    name = null;
    version = null;
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('[')) {
      if (line === '[[package]]') {
        flush();
        inPackage = true;
      } else {
        if (!line.startsWith('[package.')) flush();
        inPackage = false;
      }
      return;
    }
    if (!inPackage) return;
    const kv = /^(name|version)\s*=\s*["']([^"']+)["']/.exec(line);
    if (!kv) return;
    if (kv[1] === 'name') name = { value: kv[2]!, line: i + 1, column: raw.length - raw.trimStart().length + 1 };
    else version = kv[2]!;
  });
  flush();
  return { file, ecosystem: 'PyPI', dependencies: deps, unpinned: [], lock: true };
}

/** Gemfile.lock: the gems resolved under each `specs:` section (`    name (version)`, four spaces). */
export function parseGemfileLock(file: string, text: string): Manifest {
  const deps: Dependency[] = [];
  let inSpecs = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\S/.test(line)) inSpecs = false;
    else if (/^ {2}specs:\s*$/.test(line)) inSpecs = true;
    else if (inSpecs) {
      // platform gems carry a suffix (`nokogiri (1.16.0-x86_64-linux)`): the version is before it
      const m = /^ {4}([A-Za-z0-9_.-]+) \(([0-9][^)\s-]*)[^)]*\)\s*$/.exec(line);
      if (m) deps.push({ name: m[1]!, version: m[2]!, ecosystem: 'RubyGems', location: { file, line: i + 1, column: 5 } });
    }
  });
  return { file, ecosystem: 'RubyGems', dependencies: deps, unpinned: [], lock: true };
}

/** go.mod: the modules of `require` lines and blocks (the minimum versions the build selects from). */
export function parseGoMod(file: string, text: string): Manifest {
  const deps: Dependency[] = [];
  let block = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(line)) {
      block = true;
      return;
    }
    if (block && line === ')') {
      block = false;
      return;
    }
    const m = (block ? /^(\S+)\s+(v\S+)$/ : /^require\s+(\S+)\s+(v\S+)$/).exec(line);
    if (m) deps.push({ name: m[1]!, version: m[2]!.replace(/^v/, ''), ecosystem: 'Go', location: { file, line: i + 1, column: raw.indexOf(m[1]!) + 1 } });
  });
  return { file, ecosystem: 'Go', dependencies: deps, unpinned: [] };
}

/** A .NET project's `<PackageReference Include="X" Version="1.2.3" />`; an interval (`[1.0,2.0)`) or a floating version (`1.*`) is a range; no version (central package management) is unpinned. */
export function parseCsproj(file: string, text: string): Manifest {
  const deps: Dependency[] = [];
  const unpinned: UnpinnedDependency[] = [];
  const ranged: RangedDependency[] = [];
  for (const m of text.matchAll(/<PackageReference\b([^>]*?)\/?>(?:\s*<Version>([^<]*)<\/Version>)?/g)) {
    const attrs = m[1]!;
    const name = /\bInclude\s*=\s*"([^"]+)"/.exec(attrs)?.[1];
    const version = /\bVersion\s*=\s*"([^"]+)"/.exec(attrs)?.[1] ?? m[2]?.trim();
    if (!name) continue;
    const location = { file, ...lineCol(text, m.index) };
    const ranges = version ? bracketRange(version) : null;
    const exact = ranges ? exactVersion(ranges) : null;
    if (version && /^\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?$/.test(version)) deps.push({ name, version, ecosystem: 'NuGet', location });
    else if (exact) deps.push({ name, version: exact, ecosystem: 'NuGet', location });
    else if (ranges) ranged.push({ name, spec: version!, ecosystem: 'NuGet', ranges, location });
    else unpinned.push({ name, spec: version ?? '(no version: central package management)', location });
  }
  return { file, ecosystem: 'NuGet', dependencies: deps, unpinned, ranged };
}

/** The spans `[start, end)` of every `<tag>…</tag>` element (any depth; no attributes needed). */
function elementSpans(text: string, tag: string): [number, number][] {
  const out: [number, number][] = [];
  const open = new RegExp(`<${tag}(?:\\s[^>]*)?>`, 'g');
  for (const m of text.matchAll(open)) {
    const end = text.indexOf(`</${tag}>`, m.index + m[0].length);
    if (end >= 0) out.push([m.index, end + tag.length + 3]);
  }
  return out;
}

/** The text of the first `<tag>` child of an element's body, trimmed, with its offset in `body`. */
function childText(body: string, tag: string): { value: string; offset: number } | null {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body);
  return m ? { value: m[1]!.trim(), offset: m.index } : null;
}

/**
 * A Maven `pom.xml`: the `<dependencies>` of the project and of its profiles (not those of build
 * plugins, nor `<dependencyManagement>`, which only supplies versions), with `${property}` versions
 * resolved from `<properties>` and `${project.version}`, and a missing version taken from the
 * POM's own `<dependencyManagement>`. Scopes `test`, `provided` and `system` are not packaged into
 * the function and are skipped. A range (`[1.0,2.0)`), an unresolved property or a version from a
 * parent POM or an imported BOM is unpinned: not checked, and listed as such. OSV names Maven
 * packages `groupId:artifactId`.
 */
export function parsePom(file: string, raw: string): Manifest {
  // Comments and CDATA blanked out (same length, so offsets keep their lines).
  const text = raw.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => m.replace(/[^\n]/g, ' '));
  const inside = (spans: [number, number][], at: number) => spans.some(([s, e]) => at > s && at < e);
  const build = elementSpans(text, 'build');
  const management = elementSpans(text, 'dependencyManagement');
  const parent = elementSpans(text, 'parent');
  const properties = new Map<string, string>();
  for (const [s, e] of elementSpans(text, 'properties')) {
    for (const m of text.slice(s, e).matchAll(/<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g)) if (!properties.has(m[1]!)) properties.set(m[1]!, m[2]!.trim());
  }
  // The project's own version (a direct child of <project>, not of <parent> or a dependency).
  const dependencySpans = elementSpans(text, 'dependency');
  const nested = [...parent, ...dependencySpans, ...elementSpans(text, 'plugin'), ...elementSpans(text, 'extension')];
  const projectVersion = [...text.matchAll(/<version>([^<]*)<\/version>/g)].find((m) => !inside(nested, m.index));
  if (projectVersion) for (const k of ['project.version', 'pom.version', 'version']) if (!properties.has(k)) properties.set(k, projectVersion[1]!.trim());
  const resolve = (v: string): string | null => {
    let out = v;
    for (let i = 0; i < 10 && out.includes('${'); i++) {
      let missing = false;
      out = out.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        const p = properties.get(name);
        if (p === undefined) missing = true;
        return p ?? '';
      });
      if (missing) return null;
    }
    return out.includes('${') ? null : out;
  };
  const deps: Dependency[] = [];
  const unpinned: UnpinnedDependency[] = [];
  const ranged: RangedDependency[] = [];
  const managed = new Map<string, string | null>();
  const entries: { at: number; body: string; managed: boolean }[] = [];
  for (const [s, e] of dependencySpans) {
    if (inside(build, s)) continue; // a plugin's dependencies are build tools
    entries.push({ at: s, body: text.slice(s, e), managed: inside(management, s) });
  }
  for (const d of entries) {
    if (!d.managed) continue;
    const g = childText(d.body, 'groupId');
    const a = childText(d.body, 'artifactId');
    const v = childText(d.body, 'version');
    if (g && a && v) managed.set(`${g.value}:${a.value}`, resolve(v.value));
  }
  for (const d of entries) {
    if (d.managed) continue;
    const g = childText(d.body, 'groupId');
    const a = childText(d.body, 'artifactId');
    if (!g || !a) continue;
    const scope = childText(d.body, 'scope')?.value;
    if (scope === 'test' || scope === 'provided' || scope === 'system') continue;
    const name = `${resolve(g.value) ?? g.value}:${resolve(a.value) ?? a.value}`;
    const written = childText(d.body, 'version');
    const location = { file, ...lineCol(text, d.at + (written?.offset ?? a.offset)) };
    const version = written ? resolve(written.value) : managed.get(name) ?? null;
    const ranges = version !== null ? bracketRange(version) : null;
    if (version !== null && /^[0-9][0-9A-Za-z.+_-]*$/.test(version)) deps.push({ name, version, ecosystem: 'Maven', location });
    else if (ranges && !/^\d/.test(version!)) ranged.push({ name, spec: version!, ecosystem: 'Maven', ranges, location });
    else {
      const spec = written ? written.value : managed.has(name) ? '(a managed version that uses an unknown property)' : '(no version: from a parent POM or an imported BOM)';
      unpinned.push({ name, spec, location });
    }
  }
  return { file, ecosystem: 'Maven', dependencies: deps, unpinned, ranged };
}

export interface AdvisoryOptions {
  /**
   * The folder given by the user (`--advisories`, config `advisories:`); resolved against the
   * scanned root when relative. It must lie inside the scan's boundary: the scanned folder, or a
   * path the user gave on the command line (`ScanRoot` `explicit`).
   */
  dir?: string;
  /**
   * The user's snapshot cache (`nightlight advisories update`), read when no folder is given and the
   * scanned root has no `.nightlight/advisories/`; it must be in the scan's `explicit` paths.
   */
  cache?: string;
  /** The packages to look up in a compiled snapshot (all of a folder of JSON records are read anyway). */
  dependencies?: readonly FunctionDependencies[];
}

/**
 * Loads the OSV records under the given folder, or under `<root>/.nightlight/advisories/`, or from
 * the user's cache, in that order. A folder holding `nightlight-snapshot.json` is a compiled
 * snapshot (only the packages in use are read); any other is a folder of OSV JSON records. Returns
 * null when there is no snapshot (a given folder that is missing is an error).
 */
export function loadAdvisories(scan: ScanRoot, diagnostics: Diagnostic[], options: AdvisoryOptions = {}): AdvisorySnapshot | null {
  const rootReal = scan.real ?? scan.dir;
  const given = options.dir !== undefined;
  let abs = given ? (isAbsolute(options.dir!) ? options.dir! : resolvePath(rootReal, options.dir!)) : join(rootReal, DEFAULT_ADVISORY_DIR);
  let shown = given ? options.dir! : DEFAULT_ADVISORY_DIR;
  if (!given && options.cache !== undefined && !scan.isDir(abs) && scan.entry(join(options.cache, SNAPSHOT_FILE)) === 'file') {
    abs = options.cache;
    shown = toPosix(options.cache);
  }
  const where = scan.resolve(abs);
  if ('refused' in where && where.refused === 'outside') {
    // The path itself is not repeated: it names a place outside the repository.
    diagnostics.push({ level: 'error', code: 'outside-root', message: 'advisories: the folder set in the configuration is outside the scanned directory; a snapshot elsewhere must be given on the command line (--advisories); dependencies were not checked' });
    return null;
  }
  if (!scan.isDir(abs)) {
    if (given) diagnostics.push({ level: 'error', code: 'advisories-missing', message: `${shown}: advisory snapshot folder not found; dependencies were not checked` });
    return null;
  }
  if (scan.entry(join(abs, SNAPSHOT_FILE)) === 'file') {
    const compiled = readCompiledSnapshot(scan, abs, shown, wantedPackages(options.dependencies ?? []), diagnostics);
    if (compiled) return { dir: shown, advisories: compiled.advisories.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)), date: compiled.date, ecosystems: compiled.ecosystems };
  }
  const advisories: Advisory[] = [];
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    const names = scan.list(dir);
    if (!names) {
      diagnostics.push({ level: 'warning', code: 'advisories-unreadable', message: `${shownPath(dir)}: folder could not be read` });
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      const kind = scan.entry(p);
      if (kind === 'dir' && depth < 4) walk(p, depth + 1);
      else if (kind === 'file' && n.toLowerCase().endsWith('.json')) files.push(p);
      else if (kind === 'outside' && n.toLowerCase().endsWith('.json')) diagnostics.push({ level: 'warning', code: 'outside-root', message: `${shownPath(p)}: symbolic link points outside the advisory folder's boundary; skipped` });
    }
  };
  const shownPath = (p: string) => (inside(rootReal, p) ? toPosix(relative(rootReal, p)) : toPosix(p));
  walk(abs, 0);
  for (const p of files) {
    const shownFile = shownPath(p);
    const text = scan.readText(p, shownFile, diagnostics, { level: 'warning' });
    if (!text) continue;
    const problem = (why: string) => diagnostics.push({ level: 'warning', code: 'advisory-invalid', message: `${shownFile}: ${why}; the record is skipped`, location: { file: shownFile, line: 1, column: 1 } });
    let doc: unknown;
    try {
      doc = JSON.parse(text.text);
    } catch (err) {
      problem(`not valid JSON (${(err as Error).message})`);
      continue;
    }
    const a = parseOsv(doc, shownFile);
    if (typeof a === 'string') problem(a);
    else advisories.push(a);
  }
  if (!advisories.length) diagnostics.push({ level: 'warning', code: 'advisories-empty', message: `${shown}: no OSV records (*.json) in the advisory snapshot; no dependency can be reported vulnerable` });
  advisories.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { dir: shown, advisories };
}

/** Ecosystem → normalised names of every package the functions use (locked, pinned or ranged). */
function wantedPackages(functions: readonly FunctionDependencies[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of functions) {
    for (const m of f.manifests) {
      for (const d of [...m.dependencies, ...(m.ranged ?? [])]) out.set(d.ecosystem, (out.get(d.ecosystem) ?? new Set<string>()).add(normalizeName(d.ecosystem, d.name)));
    }
  }
  return out;
}

