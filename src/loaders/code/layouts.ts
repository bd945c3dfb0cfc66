/**
 * Where the source of a handler is, for the languages whose handler string names a class or a
 * binary rather than a file: Java (Maven and Gradle source sets, multi-module builds, a packaged
 * jar or zip under `target/` or `build/` mapped back to its project, Spring Cloud Function's
 * `FunctionInvoker`). Bounded directory walks that never leave the code location.
 */
import { basename, dirname, join } from 'node:path';
import type { ScanRoot } from '../files.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'target', 'build', 'out', '.gradle', '.idea', '.aws-sam', 'bin', 'obj', 'vendor', '.serverless', 'cdk.out']);
/** Source sets, in the order Maven and Gradle use them. */
const JAVA_SOURCE_SETS = ['src/main/java', 'src', ''];

export interface JavaEntry {
  file: string;
  /** The source root the package path starts from (imports resolve under it). */
  srcRoot: string;
  /** `Class::method`, `Class::method()` for a Spring Cloud Function bean. */
  exportName: string;
  /** How the handler was found, for the info diagnostic of a non-obvious layout. */
  via: string | null;
}


/** `target/app.jar`, `build/libs/app.jar`, `build/distributions/app.zip` → the project folder, else null. */
export function projectOfPackage(codeUri: string): string | null {
  const m = /^(.*?)(?:^|\/)(target|build)\/[^/]*(?:\/[^/]*)*\.(jar|zip)$/i.exec(codeUri);
  if (!m) return null;
  return m[1] ?? '';
}

/** Every source root of a Maven/Gradle build under `base`: its own and those of its modules (two levels). */
export function javaSourceRoots(base: string, scan: ScanRoot): string[] {
  const roots: string[] = [];
  for (const s of JAVA_SOURCE_SETS) {
    const r = s ? join(base, s) : base;
    if (scan.isDir(r)) roots.push(r);
  }
  const walk = (dir: string, depth: number) => {
    if (depth > 2) return;
    for (const name of scan.list(dir) ?? []) {
      if (SKIP_DIRS.has(name) || name.startsWith('.') || name === 'src') continue;
      const d = join(dir, name);
      if (!scan.isDir(d)) continue;
      const r = join(d, 'src/main/java');
      if (scan.isDir(r)) roots.push(r);
      walk(d, depth + 1);
    }
  };
  walk(base, 0);
  return roots;
}

/** `com.example.App::handleRequest`, `com.example.App`, `com.example.Outer$Inner::handle`. */
export function findJavaEntry(base: string, handler: string, environment: Record<string, unknown>, scan: ScanRoot): JavaEntry | null {
  const [cls, method] = handler.split('::') as [string, string | undefined];
  const outer = cls.split('$')[0]!;
  const simple = (cls.split('.').pop() ?? cls).split('$').pop()!;
  const rel = `${outer.replace(/\./g, '/')}.java`;
  for (const root of javaSourceRoots(base, scan)) {
    const file = join(root, rel);
    if (scan.isFile(file)) return { file, srcRoot: root, exportName: `${simple}::${method ?? 'handleRequest'}`, via: null };
  }
  if (/^org\.springframework\.cloud\.function\.adapter\.aws\./.test(cls)) return findSpringFunction(base, environment, scan);
  return null;
}

/**
 * Spring Cloud Function: the invoker runs the function bean named by
 * `SPRING_CLOUD_FUNCTION_DEFINITION` (or the only one): a `@Bean` method returning a
 * `Function`/`Consumer`/`Supplier`, or a class implementing one (its `apply`/`accept`/`get`).
 */
function findSpringFunction(base: string, environment: Record<string, unknown>, scan: ScanRoot): JavaEntry | null {
  const wanted = typeof environment['SPRING_CLOUD_FUNCTION_DEFINITION'] === 'string' ? (environment['SPRING_CLOUD_FUNCTION_DEFINITION'] as string).split(/[|,;]/)[0]!.trim() : null;
  const found: JavaEntry[] = [];
  let budget = 400;
  for (const root of javaSourceRoots(base, scan)) {
    const walk = (dir: string) => {
      for (const name of scan.list(dir) ?? []) {
        if (budget <= 0) return;
        const p = join(dir, name);
        if (name.endsWith('.java')) {
          budget--;
          const text = scan.readText(p, basename(p), [])?.text ?? '';
          const clsName = name.slice(0, -'.java'.length);
          for (const m of text.matchAll(/@Bean[\s\S]{0,200}?\b(?:Function|Consumer|Supplier)<[^;{]*>\s+(\w+)\s*\(\s*\)/g)) found.push({ file: p, srcRoot: root, exportName: `${clsName}::${m[1]!}()`, via: `Spring Cloud Function bean ${m[1]!}` });
          const impl = /class\s+(\w+)[^{]*implements[^{]*\b(Function|Consumer|Supplier)</.exec(text);
          if (impl) {
            const bean = impl[1]![0]!.toLowerCase() + impl[1]!.slice(1);
            found.push({ file: p, srcRoot: root, exportName: `${impl[1]!}::${impl[2] === 'Function' ? 'apply' : impl[2] === 'Consumer' ? 'accept' : 'get'}`, via: `Spring Cloud Function bean ${bean}` });
          }
        } else if (!SKIP_DIRS.has(name) && scan.isDir(p)) walk(p);
      }
    };
    walk(root);
  }
  if (wanted) return found.find((f) => f.via?.endsWith(` ${wanted}`)) ?? null;
  return found.length === 1 ? found[0]! : null;
}

/** The file of `pkg.Class` under a source root. */
export function javaClassFile(srcRoot: string, pkg: string, cls: string, scan: ScanRoot): string | null {
  const f = join(srcRoot, ...pkg.split('.'), `${cls}.java`);
  return scan.isFile(f) ? f : null;
}

/** Other classes of the package of `file` (same folder). */
export function javaSiblings(file: string, scan: ScanRoot): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of scan.list(dirname(file)) ?? []) {
    if (!name.endsWith('.java')) continue;
    const p = join(dirname(file), name);
    if (p !== file) out.set(name.slice(0, -'.java'.length), p);
  }
  return out;
}


export interface GoEntry {
  /** The `main` package folder and its files (tests excluded). */
  dir: string;
  files: string[];
  /** The file whose `main` calls `lambda.Start` (else the one declaring `main`). */
  entry: string;
  /** The folder of the nearest go.mod and its module path, for the module's own packages. */
  moduleRoot: string | null;
  modulePath: string | null;
}

function goFiles(dir: string, scan: ScanRoot): string[] {
  return (scan.list(dir) ?? []).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).map((n) => join(dir, n));
}

function mainPackage(dir: string, scan: ScanRoot): { files: string[]; entry: string } | null {
  const files = goFiles(dir, scan);
  let entry: string | null = null;
  let fallback: string | null = null;
  for (const f of files) {
    const text = scan.readText(f, basename(f), [])?.text ?? '';
    if (!/^\s*package\s+main\b/m.test(text)) return null;
    if (/\blambda\.Start\w*\s*\(/.test(text)) entry ??= f;
    if (/^func\s+main\s*\(/m.test(text)) fallback ??= f;
  }
  const e = entry ?? fallback;
  return e ? { files, entry: e } : null;
}

/**
 * A Go function's `main` package: the code folder itself (SAM's `BuildMethod: go1.x`), the folder
 * named by the handler or the zip (`bin/hello` → `hello/`, `cmd/hello/`, `functions/hello/`), or the
 * only `main` package under the code folder.
 */
export function findGoEntry(base: string, handler: string, scan: ScanRoot): GoEntry | null {
  const name = basename(handler).replace(/\.(exe|zip)$/i, '');
  const candidates = [base];
  if (name && name !== 'bootstrap' && name !== 'main') for (const d of ['', 'cmd', 'functions', 'src', 'lambda', 'lambdas', 'handlers', 'services']) candidates.push(join(base, d, name));
  let found: { dir: string; files: string[]; entry: string } | null = null;
  for (const dir of candidates) {
    if (!scan.isDir(dir)) continue;
    const m = mainPackage(dir, scan);
    if (m) {
      found = { dir, ...m };
      break;
    }
  }
  if (!found) {
    const all: { dir: string; files: string[]; entry: string }[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 3 || all.length > 50) return;
      for (const n of scan.list(dir) ?? []) {
        if (SKIP_DIRS.has(n) || n.startsWith('.')) continue;
        const d = join(dir, n);
        if (!scan.isDir(d)) continue;
        const m = mainPackage(d, scan);
        if (m) all.push({ dir: d, ...m });
        walk(d, depth + 1);
      }
    };
    walk(base, 0);
    found = all.length === 1 ? all[0]! : (all.find((a) => basename(a.dir) === name) ?? null);
  }
  if (!found) return null;
  let moduleRoot: string | null = null;
  let modulePath: string | null = null;
  for (let d = found.dir, i = 0; i < 8; d = dirname(d), i++) {
    const gm = join(d, 'go.mod');
    if (scan.isFile(gm)) {
      moduleRoot = d;
      modulePath = /^\s*module\s+(\S+)/m.exec(scan.readText(gm, 'go.mod', [])?.text ?? '')?.[1] ?? null;
      break;
    }
    if (d === base || dirname(d) === d) break;
  }
  return { ...found, moduleRoot, modulePath };
}

/** The folder of an import path of the module's own packages, or null for a dependency. */
export function goPackageDir(entry: GoEntry, importPath: string, scan: ScanRoot): string | null {
  if (!entry.moduleRoot || !entry.modulePath || !importPath.startsWith(`${entry.modulePath}/`)) return null;
  const dir = join(entry.moduleRoot, ...importPath.slice(entry.modulePath.length + 1).split('/'));
  return scan.isDir(dir) ? dir : null;
}

export { goFiles };

const CS_SKIP = new Set([...SKIP_DIRS, 'bin', 'obj', 'TestResults']);

function walkFiles(scan: ScanRoot, base: string, ext: string, maxFiles: number, maxDepth: number): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > maxDepth) return;
    for (const n of scan.list(dir) ?? []) {
      if (out.length >= maxFiles) return;
      const p = join(dir, n);
      if (n.endsWith(ext)) {
        if (scan.isFile(p)) out.push(p);
      } else if (!CS_SKIP.has(n) && !n.startsWith('.') && scan.isDir(p)) walk(p, depth + 1);
    }
  };
  walk(base, 0);
  return out;
}

/** `bin/Release/net8.0/publish`, `…/bin/Release/net8.0/app.zip`, `artifacts/app.zip` → the folder to search, else null. */
export function dotnetProjectOfPackage(codeUri: string): string | null {
  const bin = /^(.*?)(?:^|\/)bin\/(Release|Debug)\b/i.exec(codeUri);
  if (bin) return bin[1] ?? '';
  if (/\.zip$/i.test(codeUri)) return posixDirname(codeUri).replace(/(^|\/)(artifacts|dist|publish|out)$/, '') || '.';
  return null;
}

function posixDirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export interface CsharpEntry {
  file: string;
  exportName: string;
  /** The project folder (nearest .csproj, else the code folder) and the classes declared in it. */
  classes: Map<string, string>;
}

/**
 * `Assembly::Namespace.Class::Method`: the file under the code folder that declares `Class` in
 * `Namespace` (block or file-scoped), preferring the project named like the assembly.
 */
export function findCsharpEntry(base: string, handler: string, scan: ScanRoot): CsharpEntry | null {
  const parts = handler.split('::');
  if (parts.length !== 3) return null;
  const [assembly, type, method] = parts as [string, string, string];
  const dot = type.lastIndexOf('.');
  const ns = dot >= 0 ? type.slice(0, dot) : '';
  const cls = type.slice(dot + 1).split('+').pop()!;
  const files = walkFiles(scan, base, '.cs', 600, 8);
  const candidates: string[] = [];
  for (const f of files) {
    const text = scan.readText(f, basename(f), [])?.text ?? '';
    if (!new RegExp(`\\b(class|record|struct)\\s+${cls}\\b`).test(text)) continue;
    const nsm = /\bnamespace\s+([\w.]+)/.exec(text);
    if ((nsm?.[1] ?? '') !== ns) continue;
    candidates.push(f);
  }
  if (!candidates.length) return null;
  const projectOf = (f: string): string | null => {
    for (let d = dirname(f), i = 0; i < 8; d = dirname(d), i++) {
      if ((scan.list(d) ?? []).some((n) => n.endsWith('.csproj'))) return d;
      if (d === base || dirname(d) === d) break;
    }
    return null;
  };
  const file = candidates.find((f) => (scan.list(projectOf(f) ?? '') ?? []).includes(`${assembly}.csproj`)) ?? candidates[0]!;
  const project = projectOf(file) ?? base;
  const classes = new Map<string, string>();
  for (const f of walkFiles(scan, project, '.cs', 300, 8)) {
    const text = scan.readText(f, basename(f), [])?.text ?? '';
    for (const m of text.matchAll(/\b(?:class|record|struct)\s+(\w+)/g)) if (!classes.has(m[1]!)) classes.set(m[1]!, f);
  }
  return { file, exportName: `${cls}::${method}`, classes };
}

export interface RubyEntry {
  file: string;
  /** `handler`, or `Module::Class.method` for a class or module method. */
  exportName: string;
}

/**
 * A Ruby handler string: `file.method` (a top-level method of `file.rb`) or
 * `file.Module::Class.method` (a singleton method of the class). The file is relative to the code
 * folder (Lambda loads it from the task root, where `bundle install --deployment` also puts
 * `vendor/bundle` beside the Gemfile).
 */
export function findRubyEntry(base: string, handler: string, scan: ScanRoot): RubyEntry | null {
  const parts = handler.split('.');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) return null;
  const file = join(base, `${parts[0]!}.rb`);
  return scan.isFile(file) ? { file, exportName: parts.slice(1).join('.') } : null;
}

/**
 * The file a Ruby `require_relative` (from the requiring file's folder) or `require` (from the
 * folders the app's modules added to `$LOAD_PATH`, then the code folder and its `lib/`) names, when
 * it is in the tree. Gems are not followed.
 */
export function rubyRequireFile(codeRoot: string, fromFile: string, source: string, scan: ScanRoot, loadPath: readonly string[] = []): string | null {
  const rel = source.endsWith('.rb') ? source : `${source}.rb`;
  const dirs = source.startsWith('.') ? [dirname(fromFile)] : [...loadPath, codeRoot, join(codeRoot, 'lib')];
  for (const d of dirs) {
    const f = join(d, rel);
    if (scan.isFile(f)) return f;
  }
  return null;
}
