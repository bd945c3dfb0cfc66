/**
 * Django projects behind a Lambda adapter: the settings module a function names, its ROOT_URLCONF,
 * and the URLconf modules it include()s, which nothing imports and the code loader therefore loads
 * as roots of their own (docs/web-frameworks.md). The loader hands in how to read a Python module
 * (through the scan boundary and its caches) and where to report.
 */
import { join, relative } from 'node:path';
import type { HandlerSource, IrModule } from '../../model/code-ir.js';
import type { Diagnostic, FunctionNode, SourceLocation } from '../../model/types.js';
import { dict } from '../../model/types.js';
import { toPosix } from '../files.js';
import { isFile } from './imports.js';

/** How the Django reader reads a Python module (null: outside the code folder or unreadable) and where it reports. */
export interface DjangoIo {
  readPython: (abs: string) => IrModule | null;
  diagnostics: Diagnostic[];
  where: SourceLocation;
}

/** A dotted Python module (`proj.settings`) as a file under the code folder, or null. */
function pythonModuleFile(base: string, dotted: string): string | null {
  if (!/^[A-Za-z_][\w.]*$/.test(dotted)) return null;
  const p = dotted.replace(/\./g, '/');
  for (const rel of [`${p}.py`, `${p}/__init__.py`, `src/${p}.py`]) if (isFile(join(base, rel))) return join(base, rel);
  return null;
}

/** `ROOT_URLCONF` of a Django settings module (a literal assignment), as a file; null (said) when it cannot be found. */
export function rootUrlconf(base: string, settings: string, io: DjangoIo, fn: FunctionNode): string | null {
  const file = pythonModuleFile(base, settings);
  const mod = file ? io.readPython(file) : null;
  const conf = mod?.strings.find((s) => s.name === 'ROOT_URLCONF')?.value;
  const out = conf ? pythonModuleFile(base, conf) : null;
  if (!out) io.diagnostics.push({ level: 'warning', code: 'django-urlconf-not-found', location: io.where, message: `${fn.id}: the Django settings ${settings} ${!file ? 'were not found' : !conf ? 'set no literal ROOT_URLCONF' : `name ROOT_URLCONF ${conf}, which was not found`}: the project's views are not analysed` });
  return out;
}

/**
 * The URLconf modules of the Django project a Python function serves: the settings module comes
 * from Zappa's `django_settings`, the function's `DJANGO_SETTINGS_MODULE`, or the
 * `os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)` of a loaded module (wsgi.py, asgi.py);
 * its `ROOT_URLCONF` and every module named by `include("...")` in a URLconf are loaded
 * (`load`) and mapped from their dotted names. Null when the function serves no Django project.
 */
export function djangoRoutes(base: string, rootReal: string, fn: FunctionNode, modules: Record<string, IrModule>, io: DjangoIo, load: (abs: string) => boolean): HandlerSource['django'] | null {
  let settings = fn.handler.djangoSettings ?? null;
  const env = fn.environment['DJANGO_SETTINGS_MODULE'];
  if (!settings && typeof env === 'string') settings = env;
  if (!settings) {
    // os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
    for (const m of Object.values(modules)) {
      const c = literalCalls(m).find((x) => x.method === 'setdefault' && x.args[0] === 'DJANGO_SETTINGS_MODULE' && /^[A-Za-z_][\w.]*$/.test(x.args[1] ?? ''));
      if (c) {
        settings = c.args[1]!;
        break;
      }
    }
  }
  if (!settings) return null;
  const conf = rootUrlconf(base, settings, io, fn);
  if (!conf) return null;
  const urlconf = toPosix(relative(rootReal, conf));
  const byName: Record<string, string> = dict();
  const todo: [string, string][] = [['ROOT', conf]];
  const done = new Set<string>();
  while (todo.length) {
    const [dotted, abs] = todo.shift()!;
    const rel = toPosix(relative(rootReal, abs));
    if (done.has(rel)) continue;
    done.add(rel);
    if (!load(abs)) continue;
    if (dotted !== 'ROOT') byName[dotted] = rel;
    for (const c of modules[rel] ? literalCalls(modules[rel]!) : []) {
      // include("app.urls"): a dotted module under the code folder, followed once
      const name = c.args[0];
      if (c.method !== 'include' || !name || !/^[A-Za-z_][\w.]*$/.test(name)) continue;
      const f = pythonModuleFile(base, name);
      if (f && !done.has(toPosix(relative(rootReal, f)))) todo.push([name, f]);
    }
  }
  return { urlconf, modules: byName };
}

/** The calls of a module with the string literals they are given (`include("app.urls")`), by the called name's last part. */
function literalCalls(mod: IrModule): { method: string; args: (string | null)[] }[] {
  const out: { method: string; args: (string | null)[] }[] = [];
  const stack: unknown[] = [mod.body];
  let budget = 200_000;
  while (stack.length && budget-- > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      for (const x of n) if (x && typeof x === 'object') stack.push(x);
      continue;
    }
    if (!n || typeof n !== 'object') continue;
    const node = n as Record<string, unknown>;
    if (node['k'] === 'call') {
      const callee = node['callee'] as Record<string, unknown> | undefined;
      const method = callee?.['k'] === 'name' ? callee['name'] : callee?.['k'] === 'member' ? callee['prop'] : null;
      if (typeof method === 'string') {
        const args = ((node['args'] as Record<string, unknown>[] | undefined) ?? []).map((a) => (a['k'] === 'lit' && typeof a['value'] === 'string' ? a['value'] : null));
        out.push({ method, args });
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'pos' && v && typeof v === 'object') stack.push(v);
  }
  return out;
}
