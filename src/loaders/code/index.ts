/**
 * Handler code loading: resolve a function's handler to its source file(s), read them, parse them
 * (oxc for JS/TS, tree-sitter for Python, Java, Go, C#, Ruby) and lower them to the handler IR,
 * following the local modules they import (bounded, never outside the scanned root). The only part
 * of the code analysis that touches the file system or a parser. A grammar is loaded only when a
 * function of its language is analysed.
 */
import { statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve as resolvePath } from 'node:path';
import type { HandlerSource } from '../../model/code-ir.js';
import type { CodeLanguage, IrModule } from '../../model/code-ir.js';
import type { Diagnostic, FunctionNode, SourceLocation } from '../../model/types.js';
import { dict, isUnresolved } from '../../model/types.js';
import { ScanRoot, toPosix } from '../files.js';
import { isWithin as inside, realpathOrNull as safeRealpath } from '../boundary.js';
import { loadGrammar, type GrammarLanguage } from './grammars.js';
import { lowerCsharp } from './csharp.js';
import { lowerGo } from './go.js';
import { lowerJava } from './java.js';
import { lowerJs } from './js.js';
import { dotnetProjectOfPackage, findCsharpEntry, findGoEntry, findJavaEntry, findRubyEntry, goFiles, goPackageDir, projectOfPackage, type GoEntry } from './layouts.js';
import { lowerPython } from './python.js';
import { lowerRuby } from './ruby.js';
import { LineIndex } from '../lines.js';
import { TooDeepError } from './nesting.js';
import type { ScanCache } from '../cache.js';
import { parseGemfileLock } from '../dependencies.js';
import { djangoRoutes, rootUrlconf, type DjangoIo } from './django.js';
import { SAME_PACKAGE, addJavaPackageImports, bindReferenced, bindRequired, findJsEntry, findPythonEntry, isFile, resolveJavaImport, resolveJsImport, resolvePythonImport, rubyImport } from './imports.js';

export { initPythonParser } from './python.js';
export { lowerJs } from './js.js';
export { lowerPython } from './python.js';
export { loadGrammar, loadedGrammars } from './grammars.js';

export interface LoadHandlerOptions {
  /** The file boundary (default: the scanned root, 20 MB per file). */
  scan?: ScanRoot;
  /** Local modules followed from the entry (default 60). */
  maxModules?: number;
  /** Import depth followed from the entry (default 6). */
  maxDepth?: number;
  /** Parsed modules shared between functions of one scan, keyed by root-relative file. */
  cache?: Map<string, IrModule | null>;
  /** The on-disk cache of incremental runs: lowered modules keyed by path and text. */
  diskCache?: ScanCache | null;
}

export function languageOf(runtime: string | null | undefined, file?: string): CodeLanguage | null {
  if (runtime) {
    if (/^nodejs/i.test(runtime)) return 'javascript';
    if (/^python/i.test(runtime)) return 'python';
    if (/^java/i.test(runtime)) return 'java';
    if (/^go/i.test(runtime)) return 'go';
    if (/^dotnet/i.test(runtime)) return 'csharp';
    if (/^ruby/i.test(runtime)) return 'ruby';
    return null;
  }
  if (file) {
    if (/\.py$/.test(file)) return 'python';
    if (/\.java$/.test(file)) return 'java';
    if (/\.go$/.test(file)) return 'go';
    if (/\.cs$/.test(file)) return 'csharp';
    if (/\.rb$/.test(file)) return 'ruby';
    if (/\.(c|m)?(j|t)sx?$/.test(file)) return 'javascript';
  }
  return null;
}

/** Parses one file's text into the IR (for inline code and tests). Python needs `initPythonParser()` first, the others `loadGrammar()`. */
export function parseModule(file: string, text: string, language: CodeLanguage, options: { lineOffset?: number } = {}): IrModule {
  switch (language) {
    case 'python':
      return lowerPython(file, text, options);
    case 'java':
      return lowerJava(file, text, options);
    case 'go':
      return lowerGo(file, text, options);
    case 'csharp':
      return lowerCsharp(file, text, options);
    case 'ruby':
      return lowerRuby(file, text, options);
    case 'javascript':
      return lowerJs(file, text, options);
    default:
      throw new Error(`no front-end for ${language} yet`);
  }
}

const GRAMMARS: Partial<Record<CodeLanguage, GrammarLanguage>> = { python: 'python', java: 'java', go: 'go', csharp: 'csharp', ruby: 'ruby' };

/** `provided.*` runtimes run a binary: Go when the code folder holds a Go `main` package. */
function isProvided(runtime: string | null): boolean {
  return runtime !== null && /^provided/i.test(runtime);
}

/** Loads the parser a language needs (once). */
export async function prepareLanguage(language: CodeLanguage): Promise<void> {
  const g = GRAMMARS[language];
  if (g) await loadGrammar(g);
}

function fnLocation(fn: FunctionNode): SourceLocation {
  return fn.location;
}

/**
 * Resolves and loads the handler of `fn`. Returns null (with a diagnostic) when the handler cannot
 * be found or read; a runtime without a supported language returns null silently.
 */
export async function loadHandler(scanned: string, fn: FunctionNode, diagnostics: Diagnostic[], options: LoadHandlerOptions = {}): Promise<HandlerSource | null> {
  // A scanned file: template paths are relative to its folder, and so is the code.
  const root = isFile(scanned) ? dirname(scanned) : scanned;
  const runtime = fn.runtime === null || isUnresolved(fn.runtime) ? null : fn.runtime;
  const handler = fn.handler.handler;
  const diag = (level: Diagnostic['level'], code: string, message: string) => diagnostics.push({ level, code, message, location: fnLocation(fn) });
  // The one place a runtime's language is declined: languageOf() names the languages that are read.
  if (runtime && languageOf(runtime) === null && !isProvided(runtime)) {
    diag('warning', 'code-language-not-supported', `${fn.id}: ${runtime} code is not analysed (${runtimeLanguageName(runtime)} is not supported yet); its SDK calls, taint and secrets are unknown`);
    return null;
  }
  if (isUnresolved(handler)) {
    diag('warning', 'handler-unresolved', `${fn.id}: handler could not be determined (${handler.reason}); its code is not analysed`);
    return null;
  }
  if (fn.handler.inline) {
    diag('info', 'handler-inline', `${fn.id}: inline code is analysed from the template text`);
    return null;
  }
  let codeUri: string;
  if (fn.handler.codeUri === null) codeUri = posix.dirname(fn.stack);
  else if (isUnresolved(fn.handler.codeUri)) {
    diag('warning', 'handler-unresolved', `${fn.id}: code location could not be determined (${fn.handler.codeUri.reason}); its code is not analysed`);
    return null;
  } else codeUri = fn.handler.codeUri;
  // a Java build's jar or zip (`target/app.jar`, `build/distributions/app.zip`): its project's sources
  const project = languageOf(runtime) === 'java' ? projectOfPackage(codeUri) : languageOf(runtime) === 'csharp' ? dotnetProjectOfPackage(codeUri) : null;
  if (project !== null) {
    diag('info', 'handler-source-of-package', `${fn.id}: code is the build output ${codeUri}; the sources of its project ${project || '.'} are analysed`);
    codeUri = project;
  }
  // a Go binary's zip (`bin/hello.zip`, `build/hello.zip`): the `main` package it was built from
  let goHandler = handler;
  if ((languageOf(runtime) === 'go' || isProvided(runtime)) && /\.zip$/i.test(codeUri)) {
    goHandler = posix.basename(codeUri);
    codeUri = posix.dirname(codeUri).replace(/(^|\/)(bin|build|dist|target|out|\.bin)$/, '') || '.';
  }
  // a prebuilt zip with its sources beside it (`lambda.zip` and `lambda/`, or the handler next to it)
  if (/\.zip$/i.test(codeUri) && !/^[a-z0-9]+:\/\//i.test(codeUri)) {
    const beside = sourcesBesidePackage(root, codeUri, handler, runtime);
    if (beside !== null) {
      diag('info', 'handler-source-of-package', `${fn.id}: code is the package ${codeUri}; the sources beside it (${beside || '.'}) are analysed`);
      codeUri = beside;
    }
  }
  if (/^s3:\/\//i.test(codeUri) || /\.(zip|jar)$/i.test(codeUri)) {
    diag('warning', 'handler-packaged', `${fn.id}: code is a package (${codeUri}), not source in the scanned directory; its code is not analysed`);
    return null;
  }
  const scan = options.scan ?? new ScanRoot(root);
  const rootReal = scan.realpath(root);
  if (!rootReal) {
    diag('error', 'input-missing', `${root}: no such directory`);
    return null;
  }
  const base = resolvePath(root, codeUri);
  const baseReal = scan.realpath(base);
  if (!baseReal || !inside(rootReal, baseReal)) {
    diag('warning', 'handler-not-found', `${fn.id}: code location ${codeUri} ${baseReal ? 'is outside the scanned directory' : 'does not exist'}; its code is not analysed`);
    return null;
  }
  let language = languageOf(runtime);
  if (language === 'go' || isProvided(runtime)) {
    const goEntry = findGoEntry(baseReal, goHandler, scan);
    if (!goEntry) {
      // provided.*: a binary of another language is not Go's business
      if (language === 'go') diag('warning', 'handler-not-found', `${fn.id}: no Go main package for \`${handler}\` under ${codeUri || '.'}; its code is not analysed`);
      else diag('warning', 'handler-not-found', `${fn.id}: custom runtime ${runtime ?? ''}: no Go main package for \`${handler}\` under ${codeUri || '.'}, and the bootstrap of other languages is not read; its code is not analysed`);
      return null;
    }
    if (!inside(rootReal, scan.realpath(goEntry.dir) ?? '')) return null;
    return loadGoHandler(rootReal, fn, goEntry, diagnostics, options, scan, diag);
  }
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 && language !== 'java' && language !== 'csharp') {
    diag('warning', 'handler-not-found', `${fn.id}: handler \`${handler}\` is not of the form file.function`);
    return null;
  }
  let exportName = handler.slice(dot + 1);
  if (dot <= 0 && language === 'csharp') {
    diag('warning', 'handler-not-found', `${fn.id}: handler \`${handler}\` is not of the form Assembly::Namespace.Class::Method`);
    return null;
  }
  let entryAbs: string | null = null;
  let javaRoot: string | null = null;
  let csClasses: Map<string, string> | null = null;
  if (language === 'ruby') {
    const found = findRubyEntry(baseReal, handler, scan);
    if (found) {
      entryAbs = found.file;
      exportName = found.exportName;
    }
  } else if (language === 'csharp') {
    const found = findCsharpEntry(baseReal, handler, scan);
    if (found) {
      entryAbs = found.file;
      exportName = found.exportName;
      csClasses = found.classes;
    }
  } else if (language === 'java' || (!language && handler.includes('::'))) {
    const found = findJavaEntry(baseReal, handler, fn.environment, scan);
    if (found) {
      entryAbs = found.file;
      exportName = found.exportName;
      javaRoot = found.srcRoot;
      language = 'java';
      if (found.via) diag('info', 'handler-resolved', `${fn.id}: ${handler} runs ${found.via} (${toPosix(relative(rootReal, found.file))})`);
    }
  } else if (language !== 'python') {
    entryAbs = findJsEntry(baseReal, handler.slice(0, dot), scan);
    if (entryAbs) language = 'javascript';
  }
  let webAdapter: HandlerSource['webAdapter'];
  if (!entryAbs && language !== 'javascript' && language !== 'java' && language !== 'csharp' && language !== 'ruby') {
    const found = findPythonEntry(baseReal, handler, scan);
    // serverless-wsgi writes wsgi_handler.py when it packages: the app it serves is the code
    const app = !found && fn.handler.wsgiApp ? findPythonEntry(baseReal, fn.handler.wsgiApp, scan) : null;
    if (app) {
      webAdapter = fn.handler.webAdapter ?? 'serverless-wsgi';
      diag('info', 'handler-resolved', `${fn.id}: ${handler} is generated by ${webAdapter === 'zappa' ? 'Zappa' : 'serverless-wsgi'} and serves ${fn.handler.wsgiApp} (${toPosix(relative(rootReal, app.file))})`);
    }
    if (found ?? app) {
      entryAbs = (found ?? app)!.file;
      exportName = (found ?? app)!.exportName;
      language = 'python';
    } else if (fn.handler.djangoSettings) {
      // Zappa's handler serves the Django project of `django_settings`: its URLconf is the code
      await prepareLanguage('python');
      const conf = rootUrlconf(baseReal, fn.handler.djangoSettings, djangoIo(baseReal, rootReal, scan, diagnostics, options, fn), fn);
      if (conf) {
        entryAbs = conf;
        exportName = 'urlpatterns';
        language = 'python';
        webAdapter = 'zappa';
        diag('info', 'handler-resolved', `${fn.id}: ${handler} is generated by Zappa and serves the Django project of ${fn.handler.djangoSettings} (URLconf ${toPosix(relative(rootReal, conf))})`);
      }
    }
  }
  if (!entryAbs || !language || !inside(rootReal, scan.realpath(entryAbs) ?? '')) {
    diag('warning', 'handler-not-found', `${fn.id}: handler \`${handler}\` not found under ${codeUri || '.'} (looked for ${pathsTried(codeUri, handler, language)}); its code is not analysed`);
    return null;
  }
  await prepareLanguage(language);
  const entry = toPosix(relative(rootReal, entryAbs));
  const modules: Record<string, IrModule> = dict();
  const maxModules = options.maxModules ?? 60;
  const maxDepth = options.maxDepth ?? 6;
  const queue: { abs: string; depth: number }[] = [{ abs: entryAbs, depth: 0 }];
  const seen = new Set<string>([entry]);
  /** Ruby: `$LOAD_PATH` as the loaded modules extend it (absolute folders, first searched first). */
  const loadPath: string[] = [];
  const drain = (): boolean => {
  while (queue.length) {
    const { abs, depth } = queue.shift()!;
    const rel = toPosix(relative(rootReal, abs));
    const mod = loadModule(abs, rel, language, scan, diagnostics, options.cache, options.diskCache ?? null);
    if (!mod) {
      if (rel === entry) return false;
      continue;
    }
    modules[rel] = mod;
    for (const p of mod.loadPath ?? []) {
      const dir = p.startsWith('.') ? join(dirname(abs), p) : join(baseReal, p);
      if (inside(rootReal, dir) && !loadPath.includes(dir)) loadPath.unshift(dir);
    }
    if (language === 'java' && javaRoot) addJavaPackageImports(mod, abs, javaRoot, scan);
    if (csClasses) bindReferenced(mod, [...csClasses].filter(([, f]) => f !== abs).map(([name, f]) => [name, `${SAME_PACKAGE}${f}`]));
    for (const imp of mod.imports) {
      const target = language === 'python' ? resolvePythonImport(baseReal, abs, imp.source, imp.imported) : language === 'ruby' ? rubyImport(baseReal, abs, imp.source, scan, loadPath) : language === 'csharp' ? (imp.source.startsWith(SAME_PACKAGE) ? { file: imp.source.slice(SAME_PACKAGE.length), submodule: false } : null) : language === 'java' ? resolveJavaImport(javaRoot ?? baseReal, imp.source, imp.imported, scan) : resolveJsImport(abs, imp.source);
      if (!target) continue;
      const targetReal = scan.realpath(target.file);
      if (!targetReal || !inside(rootReal, targetReal)) continue;
      const targetRel = toPosix(relative(rootReal, targetReal));
      imp.resolved = targetRel;
      if (target.submodule) imp.imported = '*';
      if (seen.has(targetRel)) continue;
      if (depth + 1 > maxDepth || seen.size >= maxModules) {
        imp.resolved = null;
        continue;
      }
      seen.add(targetRel);
      queue.push({ abs: targetReal, depth: depth + 1 });
    }
  }
  return true;
  };
  if (!drain()) return null;
  // Zappa's handler calls the function an event names with that source's events: each is an entry too
  const eventEntries: { entry: string; exportName: string }[] = [];
  if (language === 'python') {
    for (const f of fn.handler.eventFunctions ?? []) {
      const found = findPythonEntry(baseReal, f, scan);
      const real = found ? scan.realpath(found.file) : null;
      if (!found || !real || !inside(rootReal, real)) {
        diag('warning', 'handler-not-found', `${fn.id}: the event function \`${f}\` is not found under ${codeUri || '.'}; what it does with its events is not analysed`);
        continue;
      }
      const r = toPosix(relative(rootReal, real));
      if (!seen.has(r) && seen.size < maxModules) {
        seen.add(r);
        queue.push({ abs: real, depth: 1 });
        drain();
      }
      if (r in modules) eventEntries.push({ entry: r, exportName: found.exportName });
    }
  }
  // Django: the views are reached through the URLconf the settings name (ROOT_URLCONF) and the
  // modules it include()s, which nothing imports: they are loaded as roots of their own.
  const django = language === 'python' ? djangoRoutes(baseReal, rootReal, fn, modules, djangoIo(baseReal, rootReal, scan, diagnostics, options, fn), (abs) => {
    const r = toPosix(relative(rootReal, abs));
    if (seen.has(r) || seen.size >= maxModules) return seen.has(r);
    seen.add(r);
    queue.push({ abs, depth: 1 });
    drain();
    return r in modules;
  }) : null;
  // imports whose module was not loaded are external to the analysis
  for (const m of Object.values(modules)) for (const i of m.imports) if (i.resolved && !modules[i.resolved]) i.resolved = null;
  if (language === 'ruby') bindRequired(modules);
  // a class of the same package that was not followed is not an external library
  if (language === 'java' || language === 'csharp') for (const m of Object.values(modules)) m.imports = m.imports.filter((i) => i.resolved || !i.source.startsWith(SAME_PACKAGE));
  const entryMod = modules[entry]!;
  if (!entryMod.dynamicExports && !entryMod.exportNames.includes(exportName) && !entryMod.exportNames.includes('default')) {
    diag('warning', 'handler-export-not-found', `${fn.id}: ${entry} has no export \`${exportName}\``);
  }
  return {
    functionId: fn.id,
    language,
    entry,
    exportName,
    modules,
    dependencies: readDependencies(rootReal, dirname(entryAbs), language, scan),
    inline: false,
    ...(webAdapter ? { webAdapter } : {}),
    ...(django ? { django } : {}),
    ...(eventEntries.length ? { eventEntries } : {}),
  };
}

/**
 * A Go function: every file of its `main` package, the module's own packages it imports (each a
 * module that re-exports the names its files declare), bounded like the other languages.
 */
async function loadGoHandler(rootReal: string, fn: FunctionNode, entry: GoEntry, diagnostics: Diagnostic[], options: LoadHandlerOptions, scan: ScanRoot, diag: (level: Diagnostic['level'], code: string, message: string) => void): Promise<HandlerSource | null> {
  await prepareLanguage('go');
  const maxModules = options.maxModules ?? 60;
  const maxDepth = options.maxDepth ?? 6;
  const modules: Record<string, IrModule> = dict();
  const rel = (abs: string) => toPosix(relative(rootReal, abs));
  /** Loads the files of one package; returns their root-relative names. */
  const loadPackage = (files: string[]): string[] => {
    const loaded: string[] = [];
    for (const f of files) {
      if (Object.keys(modules).length >= maxModules) break;
      const real = scan.realpath(f);
      if (!real || !inside(rootReal, real)) continue;
      const r = rel(real);
      const mod = modules[r] ?? loadModule(real, r, 'go', scan, diagnostics, options.cache, options.diskCache ?? null);
      if (!mod) continue;
      modules[r] = mod;
      loaded.push(r);
    }
    // the files of a package see each other's declarations
    for (const a of loaded) {
      const text = JSON.stringify(modules[a]!.body);
      const own = new Set(modules[a]!.exportNames);
      for (const b of loaded) {
        if (a === b) continue;
        for (const name of modules[b]!.exportNames) {
          if (name === 'handler' || own.has(name) || !text.includes(`"${name}"`)) continue;
          own.add(name);
          modules[a]!.imports.push({ local: name, source: `./${posix.basename(b)}`, imported: name, resolved: b, pos: { line: 1, column: 1, endLine: 1, endColumn: 1 } });
        }
      }
    }
    return loaded;
  };
  const entryRel = rel(scan.realpath(entry.entry) ?? entry.entry);
  const queue: { files: string[]; depth: number }[] = [{ files: loadPackage(entry.files), depth: 0 }];
  const packages = new Map<string, string>();
  while (queue.length) {
    const { files, depth } = queue.shift()!;
    for (const f of files) {
      for (const imp of modules[f]!.imports) {
        if (imp.resolved) continue;
        const dir = goPackageDir(entry, imp.source, scan);
        const real = dir ? scan.realpath(dir) : null;
        if (!real || !inside(rootReal, real)) continue;
        const key = `${rel(real)}/`;
        if (!packages.has(imp.source)) {
          if (depth + 1 > maxDepth || Object.keys(modules).length >= maxModules) continue;
          packages.set(imp.source, key);
          const loaded = loadPackage(goFiles(real, scan));
          const reexports = loaded.flatMap((r) => modules[r]!.exportNames.filter((n) => /^[A-Z]/.test(n)).map((n) => ({ n, r })));
          modules[key] = {
            file: key,
            language: 'go',
            body: [],
            imports: reexports.map(({ n, r }) => ({ local: n, source: `./${posix.basename(r)}`, imported: n, resolved: r, pos: { line: 1, column: 1, endLine: 1, endColumn: 1 } })),
            exports: reexports.map(({ n }) => ({ name: n, value: { k: 'name', name: n, pos: { line: 1, column: 1, endLine: 1, endColumn: 1 } }, pos: { line: 1, column: 1, endLine: 1, endColumn: 1 } })),
            exportNames: reexports.map(({ n }) => n).sort(),
            dynamicExports: false,
            strings: [],
            syntaxErrors: [],
          };
          queue.push({ files: loaded, depth: depth + 1 });
        }
        imp.resolved = packages.get(imp.source) ?? null;
      }
    }
  }
  const entryMod = modules[entryRel];
  if (!entryMod) return null;
  if (!entryMod.exportNames.includes('handler')) diag('warning', 'handler-export-not-found', `${fn.id}: ${entryRel} has no \`lambda.Start(...)\` call in \`main\`; only its package-level code is analysed`);
  return { functionId: fn.id, language: 'go', entry: entryRel, exportName: 'handler', modules, dependencies: {}, inline: false };
}

export interface InlineCode {
  /** The template file holding the code. */
  file: string;
  /** Line in the template where the code text starts (1-based). */
  line: number;
  runtime: string | null;
  /** `index.handler` as written (the file part is ignored for inline code). */
  handler: string;
}

/** Loads ZipFile / InlineCode text given by the caller; positions point into the template. */
export async function loadInlineHandler(fn: Pick<FunctionNode, 'id'>, code: string, where: InlineCode, diagnostics: Diagnostic[]): Promise<HandlerSource | null> {
  const language = languageOf(where.runtime);
  // compiled languages have no inline code; CloudFormation's ZipFile takes Node.js and Python only
  if (!language || language === 'java' || language === 'go' || language === 'csharp' || language === 'ruby') return null;
  await prepareLanguage(language);
  let mod: IrModule;
  try {
    mod = parseModule(where.file, code, language, { lineOffset: where.line - 1 });
  } catch (err) {
    diagnostics.push(parseFailed(where.file, code, err, where.line - 1));
    return null;
  }
  for (const i of mod.imports) i.resolved = null;
  reportSyntax(mod, diagnostics);
  const dot = where.handler.lastIndexOf('.');
  return {
    functionId: fn.id,
    language,
    entry: where.file,
    exportName: dot >= 0 ? where.handler.slice(dot + 1) : 'handler',
    modules: { [where.file]: mod },
    dependencies: {},
    inline: true,
  };
}

function loadModule(abs: string, rel: string, language: CodeLanguage, scan: ScanRoot, diagnostics: Diagnostic[], cache?: Map<string, IrModule | null>, diskCache: ScanCache | null = null): IrModule | null {
  if (cache?.has(rel)) return cloneImports(cache.get(rel) ?? null);
  const text = scan.readText(abs, rel, diagnostics, { lossy: true });
  let mod: IrModule | null = null;
  if (text) {
    try {
      const parts = [language, rel, text.text];
      const cached = diskCache?.get('module', parts, (v): v is IrModule => isIrModule(v, rel, language));
      mod = cached ?? parseModule(rel, text.text, language);
      if (cached === undefined) diskCache?.set('module', parts, mod);
      reportSyntax(mod, diagnostics);
    } catch (err) {
      diagnostics.push(parseFailed(rel, text.text, err));
    }
  }
  cache?.set(rel, mod);
  return cloneImports(mod);
}

/** The diagnostic for a file that could not be parsed at all: located where it went too deep. */
function parseFailed(file: string, text: string, err: unknown, lineOffset = 0): Diagnostic {
  const line = (err instanceof TooDeepError ? new LineIndex(text).pos(err.offset, err.offset).line : 1) + lineOffset;
  return { level: 'error', code: err instanceof TooDeepError ? 'code-too-deep' : 'code-parse-failed', message: `${file}:${line}: could not be parsed (${(err as Error).message}); its code is not analysed`, location: { file, line, column: 1 } };
}

/** The top-level shape of a cached module (entries are authenticated; this guards against format drift). */
function isIrModule(v: unknown, file: string, language: CodeLanguage): v is IrModule {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Partial<IrModule>;
  return m.file === file && m.language === language && Array.isArray(m.body) && Array.isArray(m.imports) && Array.isArray(m.exports) && Array.isArray(m.exportNames) && Array.isArray(m.strings) && Array.isArray(m.syntaxErrors) && typeof m.dynamicExports === 'boolean';
}

/** Import resolution is per handler (the code root differs); the rest of a cached module is shared. */
function cloneImports(mod: IrModule | null): IrModule | null {
  return mod ? { ...mod, imports: mod.imports.map((i) => ({ ...i, resolved: null })) } : null;
}

function reportSyntax(mod: IrModule, diagnostics: Diagnostic[]): void {
  const first = mod.syntaxErrors[0];
  if (!first) return;
  diagnostics.push({
    level: 'warning',
    code: 'code-syntax',
    message: `${mod.file}:${first.pos.line}: ${first.message}${mod.syntaxErrors.length > 1 ? ` (and ${mod.syntaxErrors.length - 1} more)` : ''}; the rest of the file is analysed`,
    location: { file: mod.file, line: first.pos.line, column: first.pos.column },
  });
}


/** The folder beside a zip that holds the handler's module: `x/` for `x.zip`, else the zip's own folder. */
function sourcesBesidePackage(root: string, codeUri: string, handler: string, runtime: string | null): string | null {
  const dot = handler.lastIndexOf('.');
  const language = languageOf(runtime);
  if (dot <= 0 || (language !== null && language !== 'javascript' && language !== 'python' && language !== 'ruby')) return null;
  const rootReal = safeRealpath(root);
  if (!rootReal) return null;
  for (const cand of [codeUri.replace(/\.zip$/i, ''), posix.dirname(codeUri)]) {
    const abs = safeRealpath(resolvePath(root, cand));
    if (!abs || !inside(rootReal, abs) || !statSync(abs, { throwIfNoEntry: false })?.isDirectory()) continue;
    const found = language === 'ruby' ? findRubyEntry(abs, handler, new ScanRoot(rootReal)) : language === 'python' ? findPythonEntry(abs, handler) : language === 'javascript' ? findJsEntry(abs, handler.slice(0, dot)) : (findJsEntry(abs, handler.slice(0, dot)) ?? findPythonEntry(abs, handler));
    if (found) return cand === '.' ? '' : cand;
  }
  return null;
}

/** The language of a runtime nightlight does not read, in words. */
function runtimeLanguageName(runtime: string): string {
  if (/^dotnet/i.test(runtime)) return 'C#/.NET';
  if (/^ruby/i.test(runtime)) return 'Ruby';
  return `the ${runtime.replace(/[0-9.]+$/, '')} runtime`;
}

/** Where a handler was looked for, in words (for the not-found diagnostic). */
function pathsTried(codeUri: string, handler: string, language: CodeLanguage | null): string {
  const dir = codeUri && codeUri !== '.' ? `${codeUri}/` : '';
  if (language === 'ruby') return `${dir}${handler.split('.')[0]}.rb`;
  if (language === 'java' || language === 'csharp' || handler.includes('::')) return `the class of ${handler} in the project's source folders under ${dir || './'}`;
  const mod = handler.slice(0, handler.lastIndexOf('.'));
  const js = `${dir}${mod}.{js,mjs,cjs,ts} (also under dist/, build/ and other build folders)`;
  const py = `${dir}${mod.replace(/\./g, '/')}.py`;
  return language === 'python' ? py : language === 'javascript' ? js : `${js} and ${py}`;
}

/** Per scan, the versions of each (language, folder): the handlers of one code folder share its manifest. */
const dependencyMemo = new WeakMap<ScanRoot, Map<string, Readonly<Record<string, string>>>>();

function readDependencies(rootReal: string, dir: string, language: CodeLanguage, scan: ScanRoot): Readonly<Record<string, string>> {
  let memo = dependencyMemo.get(scan);
  if (!memo) dependencyMemo.set(scan, (memo = new Map()));
  const key = `${language}\u0000${rootReal}\u0000${dir}`;
  let deps = memo.get(key);
  if (!deps) memo.set(key, (deps = Object.freeze(dependenciesOf(rootReal, dir, language, scan))));
  return deps;
}

function dependenciesOf(rootReal: string, dir: string, language: CodeLanguage, scan: ScanRoot): Record<string, string> {
  const names = language === 'python' ? ['requirements.txt'] : language === 'javascript' ? ['package.json'] : language === 'ruby' ? ['Gemfile.lock'] : [];
  for (let d = dir; inside(rootReal, d); d = dirname(d)) {
    for (const name of names) {
      const p = join(d, name);
      if (!scan.isFile(p)) continue;
      const text = scan.readText(p, name, []);
      if (!text) return {};
      if (name === 'Gemfile.lock') return Object.fromEntries(parseGemfileLock(name, text.text).dependencies.map((d) => [d.name.toLowerCase(), d.version]));
      if (name === 'package.json') {
        try {
          const pkg = JSON.parse(text.text) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
          return { ...(pkg.devDependencies ?? {}), ...(pkg.dependencies ?? {}) };
        } catch {
          return {};
        }
      }
      const deps: Record<string, string> = dict();
      for (const line of text.text.split(/\r?\n/)) {
        const r = /^\s*([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*(==|>=|~=|<=|<|>)?\s*([^\s;#]*)/.exec(line);
        if (r && r[1] && !line.trim().startsWith('#') && !line.trim().startsWith('-')) deps[r[1].toLowerCase()] = r[3] ?? '';
      }
      return deps;
    }
    if (d === rootReal) break;
  }
  return {};
}

/** The Django reader's access to Python modules under the code folder, through the loader's caches. */
function djangoIo(base: string, rootReal: string, scan: ScanRoot, diagnostics: Diagnostic[], options: LoadHandlerOptions, fn: FunctionNode): DjangoIo {
  return {
    readPython: (file) => (inside(base, safeRealpath(file) ?? '') ? loadModule(file, toPosix(relative(rootReal, file)), 'python', scan, [], options.cache, options.diskCache ?? null) : null),
    diagnostics,
    where: fnLocation(fn),
  };
}
