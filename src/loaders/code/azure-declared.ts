/**
 * Azure Functions declared in code: the v4 Node.js model (`app.http('name', { authLevel, route,
 * methods, handler })`, `app.get/post/…`, `app.storageQueue`, `app.serviceBusQueue/Topic`,
 * `app.storageBlob`, `app.timer`, `app.eventGrid`, `app.eventHub`, `app.cosmosDB`, `app.generic`
 * of `@azure/functions`) and the v2 Python model (`app = func.FunctionApp(http_auth_level=…)`,
 * `@app.route(route=…, auth_level=…)`, `@app.queue_trigger(…)`, `@app.blob_trigger(…)`,
 * `@app.function_name(name=…)`, … on a FunctionApp or a Blueprint). Each declaration is one
 * function with its trigger, its settings and its handler (the registration's handler, the
 * decorated `def`), located at the line that declares it.
 *
 * Defaults, from the libraries: a v4 Node HTTP trigger without `authLevel` is `anonymous`
 * (@azure/functions `trigger.http`: `authLevel: options.authLevel || 'anonymous'`); a Python route
 * without `auth_level` takes the app's `http_auth_level`, whose default is `FUNCTION`
 * (azure-functions `FunctionApp`). A value that is not a literal (a variable, a call) is
 * unresolved, never a default.
 *
 * Only reads: JavaScript/TypeScript through oxc, Python by a scanner of top-level decorators (the
 * grammars of the handler front-ends load asynchronously; the mapping that needs this is not).
 */
import { parseSync } from 'oxc-parser';
import type { SourceLocation } from '../../model/types.js';
import { estimateJsNesting, MAX_JS_NESTING } from './nesting.js';

/** One function declared in code. `authLevel`: the level, `null` when not known statically. */
export interface DeclaredFunction {
  name: string;
  /** function.json binding type of its trigger (`httpTrigger`, `queueTrigger`, …). */
  trigger: string;
  authLevel?: string | null;
  /** Trigger settings with literal values (`route`, `queueName`, `topicName`, `path`, `schedule`, …); a non-literal is null. */
  settings: Record<string, string | null>;
  /** `module.export` relative to the code folder (`src/functions/orders.lookup`, `function_app.lookup`); null when its name is not a literal. */
  handler: string | null;
  /** Where it is declared (the registration call or the decorated def). */
  location: SourceLocation;
  /** Where its auth level is written, else its declaration. */
  authLocation: SourceLocation;
}

export interface CodeFolder {
  /** Scan-relative folder ('.' for the scan root). */
  folder: string;
  list(rel: string): string[] | null;
  read(rel: string): string | null;
  /** A file that declares functions but cannot be read whole (a syntax error, too deep): what is lost. */
  warn?(file: string, line: number, why: string): void;
}

const MAX_FILES = 2000;
const MAX_BYTES = 1_000_000;
const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', 'env', '__pycache__', 'site-packages', 'coverage', '.python_packages']);
const BUILD_DIRS = new Set(['dist', 'build', 'out', 'lib']);

function walk(code: CodeFolder, exts: RegExp): string[] {
  const out: string[] = [];
  const rel = (p: string) => (code.folder === '.' ? p : `${code.folder}/${p}`);
  const visit = (dir: string, depth: number) => {
    if (out.length >= MAX_FILES || depth > 8) return;
    const names = (code.list(dir === '' ? code.folder : rel(dir)) ?? []).slice().sort();
    for (const n of names) {
      if (n.startsWith('.') || SKIP_DIRS.has(n)) continue;
      const p = dir === '' ? n : `${dir}/${n}`;
      if (exts.test(n) && !/\.d\.ts$/.test(n)) out.push(p);
      else if (!/\.[A-Za-z0-9]+$/.test(n)) visit(p, depth + 1);
    }
  };
  visit('', 0);
  return out;
}

const stripExt = (p: string) => p.replace(/\.(c|m)?(js|ts|jsx|tsx|py)$/, '');

// ---------------------------------------------------------------------------------------------
// Node.js v4
// ---------------------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type N = any;

const NODE_TRIGGERS: Record<string, string> = {
  http: 'httpTrigger',
  get: 'httpTrigger',
  post: 'httpTrigger',
  put: 'httpTrigger',
  patch: 'httpTrigger',
  deleteRequest: 'httpTrigger',
  storageQueue: 'queueTrigger',
  serviceBusQueue: 'serviceBusTrigger',
  serviceBusTopic: 'serviceBusTrigger',
  storageBlob: 'blobTrigger',
  timer: 'timerTrigger',
  eventGrid: 'eventGridTrigger',
  eventHub: 'eventHubTrigger',
  cosmosDB: 'cosmosDBTrigger',
  warmup: 'warmupTrigger',
  sql: 'sqlTrigger',
  mySql: 'mysqlTrigger',
  webPubSub: 'webPubSubTrigger',
  generic: 'generic',
};
const SETTINGS = ['route', 'queueName', 'topicName', 'subscriptionName', 'path', 'schedule', 'connection', 'eventHubName', 'databaseName', 'containerName', 'type'];

/** Line numbers of offsets in `text`, by binary search over its line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function literal(v: N): string | null {
  if (v?.type === 'Literal' && typeof v.value === 'string') return v.value;
  if (v?.type === 'TemplateLiteral' && v.expressions.length === 0) return v.quasis.map((q: N) => q.value.cooked ?? q.value.raw).join('');
  return null;
}

const keyOf = (p: N): string | null => (p?.type === 'Property' && !p.computed ? (p.key?.type === 'Identifier' ? p.key.name : typeof p.key?.value === 'string' ? p.key.value : null) : null);

function nodeFile(file: string, rel: string, text: string, warn: CodeFolder['warn']): DeclaredFunction[] {
  if (!text.includes('@azure/functions')) return [];
  const lost = 'the Azure Functions it declares (app.http, app.storageQueue, …) are not read';
  if (estimateJsNesting(text).depth > MAX_JS_NESTING) {
    warn?.(rel, 1, `nested too deeply to parse; ${lost}`);
    return [];
  }
  const lang = /\.(c|m)?tsx?$/.test(file) ? (file.endsWith('x') ? 'tsx' : 'ts') : 'js';
  let program: N;
  try {
    const parsed = parseSync(file, text, { lang, sourceType: 'unambiguous' });
    program = parsed.program;
    const err = parsed.errors.find((e) => e.severity === 'Error');
    if (err) warn?.(rel, lineIndex(text)(err.labels[0]?.start ?? 0), `a syntax error (${err.message}); ${lost} past it`);
  } catch {
    warn?.(rel, 1, `it does not parse; ${lost}`);
    return [];
  }
  // the names `app` of @azure/functions is bound to, and namespaces holding it
  const apps = new Set<string>();
  const namespaces = new Set<string>();
  const isAzure = (n: N) => n?.type === 'CallExpression' && n.callee?.type === 'Identifier' && n.callee.name === 'require' && literal(n.arguments?.[0]) === '@azure/functions';
  for (const s of program.body ?? []) {
    if (s.type === 'ImportDeclaration' && s.source?.value === '@azure/functions') {
      for (const sp of s.specifiers ?? []) {
        if (sp.type === 'ImportSpecifier' && (sp.imported?.name ?? sp.imported?.value) === 'app') apps.add(sp.local.name);
        else if (sp.type === 'ImportNamespaceSpecifier' || sp.type === 'ImportDefaultSpecifier') namespaces.add(sp.local.name);
      }
    }
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations ?? []) {
        if (!isAzure(d.init)) continue;
        if (d.id?.type === 'Identifier') namespaces.add(d.id.name);
        else if (d.id?.type === 'ObjectPattern') for (const p of d.id.properties ?? []) if (keyOf(p) === 'app' && p.value?.type === 'Identifier') apps.add(p.value.name);
      }
    }
  }
  if (apps.size === 0 && namespaces.size === 0) return [];
  const out: DeclaredFunction[] = [];
  const isApp = (o: N) => (o?.type === 'Identifier' && apps.has(o.name)) || (o?.type === 'MemberExpression' && !o.computed && o.property?.name === 'app' && o.object?.type === 'Identifier' && namespaces.has(o.object.name));
  let budget = 500_000;
  const lines = lineIndex(text);
  const visit = (n: N, depth: number): void => {
    if (!n || typeof n !== 'object' || depth > 400 || --budget < 0) return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x, depth + 1);
      return;
    }
    if (n.type === 'CallExpression' && n.callee?.type === 'MemberExpression' && !n.callee.computed && isApp(n.callee.object)) {
      const method = n.callee.property?.name as string | undefined;
      const trigger = method ? NODE_TRIGGERS[method] : undefined;
      if (method && trigger) out.push(nodeDeclaration(rel, lines, n, method, trigger));
    }
    for (const k of Object.keys(n)) if (k !== 'type' && k !== 'start' && k !== 'end') visit(n[k], depth + 1);
  };
  visit(program.body, 0);
  return out;
}

function nodeDeclaration(rel: string, lineOf: (offset: number) => number, call: N, method: string, trigger: string): DeclaredFunction {
  const at = (offset: number): SourceLocation => ({ file: rel, line: lineOf(offset), column: 1 });
  const location = at(call.start);
  const nameArg = call.arguments?.[0];
  const literalName = literal(nameArg);
  const name = literalName ?? `${stripExt(rel).split('/').pop()}-line${location.line}`;
  const opts = call.arguments?.[1];
  const settings: Record<string, string | null> = {};
  let authLevel: string | null | undefined;
  let authLocation = location;
  const http = trigger === 'httpTrigger';
  if (opts?.type === 'ObjectExpression') {
    const spread = (opts.properties ?? []).some((p: N) => p.type === 'SpreadElement');
    for (const p of opts.properties ?? []) {
      const k = keyOf(p);
      if (k === 'authLevel') {
        authLevel = literal(p.value)?.toLowerCase() ?? null;
        authLocation = at(p.start);
      } else if (k && SETTINGS.includes(k)) settings[k] = literal(p.value);
    }
    // `{ ...shared }` may carry the auth level
    if (http && authLevel === undefined) authLevel = spread ? null : 'anonymous';
  } else if (http) {
    // app.get('name', handler): the defaults; an options object from elsewhere is not known
    authLevel = opts?.type === 'ArrowFunctionExpression' || opts?.type === 'FunctionExpression' ? 'anonymous' : null;
  }
  const handler = literalName === null ? null : `${stripExt(rel)}.${name}`;
  return { name, trigger: trigger === 'generic' ? (settings['type'] ?? 'generic') : trigger, settings, handler, location, authLocation, ...(http ? { authLevel: authLevel ?? null } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Python v2
// ---------------------------------------------------------------------------------------------

const PY_TRIGGERS: Record<string, [string, Record<string, string>]> = {
  route: ['httpTrigger', { route: 'route' }],
  queue_trigger: ['queueTrigger', { queue_name: 'queueName', connection: 'connection' }],
  service_bus_queue_trigger: ['serviceBusTrigger', { queue_name: 'queueName', connection: 'connection' }],
  service_bus_topic_trigger: ['serviceBusTrigger', { topic_name: 'topicName', subscription_name: 'subscriptionName', connection: 'connection' }],
  blob_trigger: ['blobTrigger', { path: 'path', connection: 'connection' }],
  timer_trigger: ['timerTrigger', { schedule: 'schedule' }],
  schedule: ['timerTrigger', { schedule: 'schedule' }],
  event_grid_trigger: ['eventGridTrigger', {}],
  event_hub_message_trigger: ['eventHubTrigger', { event_hub_name: 'eventHubName', connection: 'connection' }],
  cosmos_db_trigger: ['cosmosDBTrigger', { database_name: 'databaseName', container_name: 'containerName' }],
  warm_up_trigger: ['warmupTrigger', {}],
  orchestration_trigger: ['orchestrationTrigger', {}],
  activity_trigger: ['activityTrigger', {}],
  entity_trigger: ['entityTrigger', {}],
  generic_trigger: ['generic', { type: 'type' }],
};
const APP_CTORS = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)*(FunctionApp|AsgiFunctionApp|WsgiFunctionApp|DFApp|Blueprint)\s*\(/;

/** The text of a call's arguments from `open` (the index of `(`), string- and bracket-aware; null when unbalanced. */
function pyArgs(text: string, open: number): { args: string; end: number } | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length && i < open + 20_000; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === "'") quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return { args: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return null;
}

/** Top-level `key=value` / positional arguments, each with its offset in the argument text. */
function splitArgs(args: string): { key: string | null; value: string; offset: number }[] {
  const out: { key: string | null; value: string; offset: number }[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  const push = (end: number) => {
    const raw = args.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*([\s\S]*)$/.exec(raw);
    if (raw.trim()) out.push(m ? { key: m[1]!, value: m[2]!.trim(), offset: start + lead } : { key: null, value: raw.trim(), offset: start + lead });
    start = end + 1;
  };
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) push(i);
  }
  push(args.length);
  return out;
}

/** A Python literal string (`'x'`, `"x"`, `r'x'`), an AuthLevel member (`func.AuthLevel.ANONYMOUS` → `anonymous`); null otherwise. */
function pyValue(v: string): string | null {
  const s = /^[rRuU]?(['"])([^'"\\\n]*)\1$/.exec(v.trim());
  if (s) return s[2]!;
  const a = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)*AuthLevel\.([A-Z]+)$/.exec(v.trim());
  return a ? a[1]!.toLowerCase() : null;
}

function pyFile(rel: string, modulePath: string, text: string, appNames: Set<string>, appLevel: string | null, warn: CodeFolder['warn']): DeclaredFunction[] {
  const out: DeclaredFunction[] = [];
  const local = new Set<string>();
  for (const line of text.split('\n')) {
    const m = APP_CTORS.exec(line);
    if (m) local.add(m[1]!);
    const imp = /^\s*from\s+[.\w]+\s+import\s+(.+)$/.exec(line);
    if (imp) {
      for (const part of imp[1]!.replace(/[()]/g, '').split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/);
        if (name && appNames.has(name)) local.add((alias ?? name).trim());
      }
    }
  }
  if (local.size === 0) return out;
  const lineOf = lineIndex(text);
  const at = (offset: number): SourceLocation => ({ file: rel, line: lineOf(offset), column: 1 });
  // top-level statements in order: a group of decorators, then the def they decorate
  let group: { method: string; args: string; offset: number; argsOffset: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const eol = text.indexOf('\n', i);
    const end = eol < 0 ? text.length : eol;
    const line = text.slice(i, end);
    const deco = /^@([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(line);
    const def = /^(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(line);
    if (deco) {
      const call = pyArgs(text, i + deco[0].length - 1);
      if (!call) {
        warn?.(rel, lineOf(i), 'a decorator whose parentheses do not close; the Azure Functions declared from here on are not read');
        break;
      }
      if (local.has(deco[1]!)) group.push({ method: deco[2]!, args: call.args, offset: i, argsOffset: i + deco[0].length });
      const next = text.indexOf('\n', call.end);
      i = next < 0 ? text.length : next + 1;
      continue;
    }
    if (line.startsWith('@')) {
      // another decorator (not of an app): part of the group
    } else if (def) {
      if (group.length) emit(def[1]!, group);
      group = [];
    } else if (line.trim() !== '' && !line.startsWith('#') && !/^\s/.test(line)) group = [];
    i = end + 1;
  }
  return out;

  function emit(defName: string, decorators: typeof group): void {
    const trig = decorators.find((g) => PY_TRIGGERS[g.method] !== undefined || /_trigger$/.test(g.method));
    if (!trig) return;
    const [type, keys] = PY_TRIGGERS[trig.method] ?? [trig.method.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), {}];
    const args = splitArgs(trig.args);
    const settings: Record<string, string | null> = {};
    for (const [py, js] of Object.entries(keys)) {
      const a = args.find((x) => x.key === py) ?? (trig.method === 'route' && py === 'route' ? args.find((x) => x.key === null) : undefined);
      if (a) settings[js] = pyValue(a.value);
    }
    const named = decorators.find((g) => g.method === 'function_name');
    const nameArg = named ? splitArgs(named.args).find((x) => x.key === 'name' || x.key === null) : undefined;
    const name = (nameArg && pyValue(nameArg.value)) ?? defName;
    const location = at(trig.offset);
    let authLevel: string | null = null;
    let authLocation = location;
    if (type === 'httpTrigger') {
      const a = args.find((x) => x.key === 'auth_level');
      if (a) {
        authLevel = pyValue(a.value);
        authLocation = at(trig.argsOffset + a.offset);
      } else authLevel = appLevel;
    }
    const trigger = type === 'generic' ? (settings['type'] ?? 'generic') : type;
    out.push({ name, trigger, settings, handler: `${stripExt(modulePath)}.${defName}`, location, authLocation, ...(type === 'httpTrigger' ? { authLevel } : {}) });
  }
}

/** The app's default HTTP auth level: `FunctionApp(http_auth_level=…)` of function_app.py (default `function`); null when not literal. */
function pyAppLevel(text: string): string | null {
  const m = /(?:^|[^.\w])(?:[A-Za-z_][A-Za-z0-9_]*\.)*(?:FunctionApp|AsgiFunctionApp|WsgiFunctionApp|DFApp)\s*\(/m.exec(text);
  if (!m) return 'function';
  const call = pyArgs(text, m.index + m[0].length - 1);
  if (!call) return null;
  const a = splitArgs(call.args).find((x) => x.key === 'http_auth_level');
  return a ? pyValue(a.value) : 'function';
}

/**
 * The functions an app's code folder declares in code, or null when it declares none this way:
 * Python when the folder has function_app.py (the v2 model's entry file), else the Node v4 model.
 */
export function declaredAzureFunctions(code: CodeFolder): DeclaredFunction[] | null {
  const rel = (p: string) => (code.folder === '.' ? p : `${code.folder}/${p}`);
  const readable = (p: string) => {
    const t = code.read(rel(p));
    return t !== null && t.length <= MAX_BYTES ? t : null;
  };
  const entry = readable('function_app.py');
  if (entry !== null) {
    const files = walk(code, /\.py$/);
    const texts = new Map(files.map((f) => [f, readable(f)] as const));
    const appNames = new Set<string>();
    for (const t of texts.values()) for (const line of (t ?? '').split('\n')) {
      const m = APP_CTORS.exec(line);
      if (m) appNames.add(m[1]!);
    }
    const level = pyAppLevel(entry);
    const out = files.flatMap((f) => (texts.get(f) ? pyFile(rel(f), f, texts.get(f)!, appNames, level, code.warn) : []));
    return out.length ? dedupe(out) : null;
  }
  const files = walk(code, /\.(c|m)?(js|ts)$/);
  const primary = files.filter((f) => !BUILD_DIRS.has(f.split('/')[0]!));
  const pick = (list: string[]) => list.flatMap((f) => {
    const t = readable(f);
    return t === null ? [] : nodeFile(f, rel(f), t, code.warn).map((d) => ({ ...d, handler: d.handler === null ? null : `${stripExt(f)}.${d.name}` }));
  });
  // sources first; a build folder only when the sources declare nothing (a compiled app)
  const found = pick(primary);
  const out = found.length ? found : pick(files.filter((f) => !primary.includes(f)));
  return out.length ? dedupe(out) : null;
}

/** One function per name (the first declaration, in path order), as the host refuses duplicates. */
function dedupe(list: DeclaredFunction[]): DeclaredFunction[] {
  const seen = new Set<string>();
  return list.filter((d) => (seen.has(d.name) ? false : (seen.add(d.name), true)));
}
