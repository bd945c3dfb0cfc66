/**
 * Module resolution for handler code: the entry file a handler string names (JS, Python), and the
 * file each import of a loaded module resolves to, per language (relative JS imports, Python
 * packages, Java packages and same-package classes, C# namespaces, Ruby require and $LOAD_PATH).
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import type { IrModule } from '../../model/code-ir.js';
import { ScanRoot } from '../files.js';
import { javaClassFile, javaSiblings, rubyRequireFile } from './layouts.js';

const JS_EXTS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
const BUILD_DIRS = /^(\.?dist|build|out|lib|\.build|\.esbuild\/\.build|\.webpack\/[^/]+|\.aws-sam\/build\/[^/]+)\//;

/** A regular file, without an error object per miss (most probes miss: findJsEntry tries up to ~30 names). */
export function isFile(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** A regular file; `scan` (when given) rules out names its folder listing does not hold without a stat. */
function probe(abs: string, scan: ScanRoot | undefined): boolean {
  return (scan === undefined || scan.mayExist(abs)) && isFile(abs);
}

export function findJsEntry(base: string, modPath: string, scan?: ScanRoot): string | null {
  const variants = [modPath];
  const m = BUILD_DIRS.exec(modPath);
  if (m) {
    variants.push(`src/${modPath.slice(m[0].length)}`, modPath.slice(m[0].length));
  } else if (!modPath.startsWith('src/')) variants.push(`src/${modPath}`);
  const order: string[] = [];
  for (const ext of ['.ts', '.mts', '.cts', '.tsx']) for (const v of variants) order.push(v + ext);
  for (const ext of ['.js', '.mjs', '.cjs', '.jsx']) for (const v of variants) order.push(v + ext);
  for (const v of variants) for (const ext of JS_EXTS) order.push(`${v}/index${ext}`);
  for (const rel of order) {
    const abs = join(base, rel);
    if (!rel.endsWith('.d.ts') && probe(abs, scan)) return abs;
  }
  return null;
}

export function findPythonEntry(base: string, handler: string, scan?: ScanRoot): { file: string; exportName: string } | null {
  const dot = handler.lastIndexOf('.');
  const exportName = handler.slice(dot + 1);
  const modPath = handler.slice(0, dot).replace(/\./g, '/');
  for (const rel of [`${modPath}.py`, `${modPath}/__init__.py`, `src/${modPath}.py`]) {
    const abs = join(base, rel);
    if (probe(abs, scan)) return { file: abs, exportName };
  }
  return null;
}

export function resolveJsImport(fromFile: string, spec: string): { file: string; submodule: boolean } | null {
  if (!spec.startsWith('./') && !spec.startsWith('../') && spec !== '.' && spec !== '..') return null;
  const target = resolvePath(dirname(fromFile), spec);
  const candidates = [target];
  const stem = target.replace(/\.(c|m)?js$/, '');
  if (stem !== target) for (const ext of ['.ts', '.mts', '.cts', '.tsx']) candidates.push(stem + ext);
  for (const ext of JS_EXTS) candidates.push(target + ext);
  for (const ext of JS_EXTS) candidates.push(join(target, `index${ext}`));
  for (const c of candidates) if (!c.endsWith('.d.ts') && isFile(c)) return { file: c, submodule: false };
  return null;
}

/** Marks an import the loader added for a class of the same package. */
export const SAME_PACKAGE = '<package>';

/**
 * Java sees the classes of its own package without an import, and those of a wildcard import:
 * bind the ones the module names, so that they are followed like imported classes.
 */
export function addJavaPackageImports(mod: IrModule, file: string, srcRoot: string, scan: ScanRoot): void {
  const candidates: [string, string][] = [...javaSiblings(file, scan)].map(([name]) => [name, `${SAME_PACKAGE}${dirname(file)}`]);
  for (const w of mod.imports.filter((i) => i.imported === '*' && i.local === null)) {
    const dir = join(srcRoot, ...w.source.split('.'));
    for (const [name] of javaSiblings(join(dir, '_'), scan)) candidates.push([name, w.source]);
  }
  bindReferenced(mod, candidates);
}

/** Binds the classes of `candidates` (name, import source) that the module names and does not declare or import. */
export function bindReferenced(mod: IrModule, candidates: [string, string][]): void {
  if (candidates.length === 0) return;
  const words = stringsOf(mod.body);
  const bound = new Set(mod.imports.map((i) => i.local));
  for (const [name, source] of candidates) {
    if (bound.has(name) || !words.has(name) || mod.exportNames.includes(name)) continue;
    bound.add(name);
    mod.imports.push({ local: name, source, imported: name, resolved: null, pos: { line: 1, column: 1, endLine: 1, endColumn: 1 } });
  }
}

/** Every string in a module body (names, members, types, literals), once per body (bodies are shared by the module cache). */
const BODY_STRINGS = new WeakMap<object, Set<string>>();
function stringsOf(body: IrModule['body']): Set<string> {
  let out = BODY_STRINGS.get(body);
  if (out) return out;
  const found = new Set<string>();
  const stack: unknown[] = [body];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') found.add(v);
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  out = found;
  BODY_STRINGS.set(body, out);
  return out;
}

export function resolveJavaImport(srcRoot: string, source: string, imported: string, scan: ScanRoot): { file: string; submodule: boolean } | null {
  if (imported === '*') return null;
  if (source.startsWith(SAME_PACKAGE)) {
    const f = join(source.slice(SAME_PACKAGE.length), `${imported}.java`);
    return scan.isFile(f) ? { file: f, submodule: false } : null;
  }
  const f = javaClassFile(srcRoot, source, imported, scan);
  return f ? { file: f, submodule: false } : null;
}

export function rubyImport(codeRoot: string, fromFile: string, source: string, scan: ScanRoot, loadPath: readonly string[]): { file: string; submodule: boolean } | null {
  const f = rubyRequireFile(codeRoot, fromFile, source, scan, loadPath);
  return f ? { file: f, submodule: false } : null;
}

/**
 * A Ruby `require` defines the methods, classes and constants of the required file (and of what it
 * requires) for the whole program: bind each that a module names to its definition.
 */
export function bindRequired(modules: Record<string, IrModule>): void {
  for (const mod of Object.values(modules)) {
    const reached = new Set<string>();
    const queue = mod.imports.filter((i) => i.resolved).map((i) => i.resolved!);
    while (queue.length) {
      const f = queue.shift()!;
      if (reached.has(f) || f === mod.file || !modules[f]) continue;
      reached.add(f);
      for (const i of modules[f]!.imports) if (i.resolved) queue.push(i.resolved);
    }
    const bound = new Set([...mod.exportNames, ...mod.imports.map((i) => i.local)]);
    for (const f of [...reached].sort()) {
      for (const name of modules[f]!.exportNames) {
        if (bound.has(name) || name.includes('.')) continue;
        bound.add(name);
        mod.imports.push({ local: name, source: f, imported: name, resolved: f, pos: { line: 1, column: 1, endLine: 1, endColumn: 1 } });
      }
    }
  }
}

export function resolvePythonImport(codeRoot: string, fromFile: string, source: string, imported: string): { file: string; submodule: boolean } | null {
  let dir: string;
  let rest: string;
  const m = /^(\.+)(.*)$/.exec(source);
  if (m) {
    dir = dirname(fromFile);
    for (let i = 1; i < m[1]!.length; i++) dir = dirname(dir);
    rest = m[2]!;
  } else {
    dir = codeRoot;
    rest = source;
  }
  const modPath = rest ? join(dir, ...rest.split('.')) : dir;
  // `from pkg import submodule` names a module, not a symbol
  if (imported !== '*' && imported !== 'default') {
    for (const c of [join(modPath, `${imported}.py`), join(modPath, imported, '__init__.py')]) if (isFile(c)) return { file: c, submodule: true };
  }
  if (!rest) return null;
  for (const c of [`${modPath}.py`, join(modPath, '__init__.py')]) if (isFile(c)) return { file: c, submodule: false };
  // the function's own directory (Lambda puts it on sys.path)
  if (!m) {
    const local = join(dirname(fromFile), ...rest.split('.'));
    for (const c of [`${local}.py`, join(local, '__init__.py')]) if (isFile(c)) return { file: c, submodule: false };
  }
  return null;
}
