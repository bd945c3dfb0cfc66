/**
 * A bounded abstract interpreter over the handler IR. One pass over each function body (branches
 * evaluated separately and merged, loops once), calls into the handler's own functions followed
 * with their arguments (depth- and budget-bounded, memoised per argument shape). Abstract values
 * carry: taint (with the path it took), the event path they were read from, known constants,
 * environment variable names, object shapes, and what library or AWS SDK object they are.
 * SDK calls and sinks are recognised while evaluating, so both follow helpers and imports.
 */
import type { FlowStep } from '../../model/findings.js';
import type { Diagnostic, EntryPointKind, SourceLocation } from '../../model/types.js';
import type { Expr, IrClass, IrFunction, IrModule, KwArg, Pattern, Pos, Stmt } from '../../model/code-ir.js';
import { containsSource, sourceAt, type EventSource } from './sources.js';
import {
  CLEAN_METHODS,
  CLEANSERS,
  DYNAMO_CONDITION_MAPS,
  DYNAMO_EXPRESSIONS,
  PYYAML_LOAD,
  PYYAML_SAFE_LOADERS,
  SANITIZERS,
  SDK_SQL_FIELDS,
  SINKS,
  SQL_METHODS,
  SQL_RECEIVER_NAME,
  SQL_TEXT,
  type CodeCategory,
  type SinkSpec,
} from './sinks.js';
import { actionsFor, CLIENT_HELPERS, DOCUMENT_CLIENT_OPS, operationName, RESOURCE_PARAMS, SEND_OPERATIONS, servicePrefix, WAITER_OPS } from './sdk-actions.js';
import type { HandlerSource } from '../../model/code-ir.js';
import type { ResourceValue, SdkCall, SdkFlavor, SdkResource, SendRecord, TaintFinding, TaintPath } from './types.js';
import { ENV_OBJECTS, ENV_READERS, fieldName, POSITIONAL_FIELDS, RETURN_TYPES, sdkClientFor, typedOperation, UNTRACKED_TYPES } from './typed.js';

/** Methods that call their callback (a JS function, a Ruby block) with each element of the receiver. */
const ITERATORS = new Set(['map', 'forEach', 'filter', 'flatMap', 'some', 'every', 'find', 'findIndex', 'sort', 'each', 'each_with_index', 'each_with_object', 'collect', 'select', 'reject', 'filter_map', 'flat_map', 'detect', 'find_all', 'any?', 'all?', 'none?', 'sum', 'group_by', 'partition', 'sort_by', 'min_by', 'max_by', 'each_slice', 'each_value']);
/** Ruby calls that run a command when their string starts with `|`, and what they are otherwise. */
const RUBY_OPEN = new Map<string, CodeCategory>([
  ['Kernel.open', 'path-traversal'],
  ['IO.read', 'path-traversal'],
  ['IO.readlines', 'path-traversal'],
  ['IO.write', 'path-traversal'],
  ['IO.foreach', 'path-traversal'],
  ['IO.binread', 'path-traversal'],
  ['URI.open', 'ssrf'],
]);
/** ActiveRecord class methods whose first argument is raw SQL. */
const AR_RAW_SQL = new Set(['find_by_sql', 'count_by_sql']);
/**
 * ActiveRecord query methods that take an SQL fragment when given a string (not a hash or `?`
 * placeholders with literal text): a string from the event, whole or built into the text, is SQL.
 * (`exists?` takes a string as a primary key, not SQL.)
 */
const AR_SQL_FRAGMENT = new Set(['where', 'rewhere', 'not', 'order', 'reorder', 'group', 'having', 'joins', 'from', 'select', 'pluck', 'find_by', 'delete_by', 'destroy_by', 'update_all', 'delete_all', 'lock', 'calculate', 'sum', 'minimum', 'maximum', 'average']);
/** Methods whose string arguments ActiveRecord 6.0 and later accepts only as column names (else it raises UnknownAttributeReference). */
const AR_COLUMN_CHECKED = new Set(['order', 'reorder', 'pluck']);
/** Constants of the standard library and common gems that are not models. */
const RUBY_NOT_MODELS = new Set(['JSON', 'YAML', 'Psych', 'File', 'IO', 'Dir', 'Kernel', 'Open3', 'Process', 'URI', 'Net', 'ENV', 'Time', 'Date', 'DateTime', 'Base64', 'Digest', 'SecureRandom', 'Integer', 'Float', 'String', 'Array', 'Hash', 'Aws', 'Logger', 'ERB', 'CGI', 'Shellwords', 'Marshal', 'Oj', 'Faraday', 'HTTParty', 'Sequel', 'PG', 'Mysql2', 'SQLite3', 'FileUtils', 'Pathname', 'Rack', 'Struct', 'OpenSSL', 'Regexp', 'Math', 'Set', 'StringIO', 'Zlib']);
/** Languages lowered with declared types and class-based SDKs (see typed.ts). */
const TYPED_LANGUAGES = new Set(['java', 'go', 'csharp', 'ruby']);
/** Handler parameters that are the invocation context, not the event (Go's ctx comes first). */
const CONTEXT_TYPE = /(^|[./])(Context|ILambdaContext)$/;
const SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|zsh|dash|ksh|cmd(\.exe)?|powershell(\.exe)?|pwsh)$/i;

// ---------------------------------------------------------------------------------------------
// Abstract values
// ---------------------------------------------------------------------------------------------

interface Taint {
  kind: EntryPointKind | null;
  label: string;
  source: SourceLocation;
  steps: readonly FlowStep[];
  sanitized: ReadonlySet<CodeCategory>;
}

interface Closure {
  fn: IrFunction;
  scope: Scope;
  mod: ModState;
  thisVal?: Val;
}

interface ClassVal {
  cls: IrClass;
  scope: Scope;
  mod: ModState;
}

type SdkObj =
  | { t: 'client'; service: string; sdk: SdkFlavor; doc: boolean; bare: boolean }
  | { t: 'command'; service: string; op: string }
  | { t: 'resource'; service: string }
  | { t: 'res-obj'; service: string; type: string; ident: Val[] }
  | { t: 'paginator'; service: string; op: string };

interface Val {
  taint?: Taint;
  ev?: readonly string[];
  str?: string | number | boolean | null;
  pat?: { text: string; envs: string[] };
  env?: string;
  envObj?: boolean;
  props?: Map<string, Val>;
  /** Computed keys of an object literal (DynamoDB RequestItems keyed by table). */
  keyVals?: Val[];
  items?: Val[];
  fn?: Closure;
  cls?: ClassVal;
  inst?: ClassVal;
  ext?: { pkg: string; path: string[] };
  lib?: string;
  mod?: ModState;
  sdk?: SdkObj;
  wrapped?: Closure;
  /** Where the value was written (object properties). */
  at?: SourceLocation;
  regex?: boolean;
}

const EMPTY: Val = Object.freeze({}) as Val;

/** Request fields that set an object's ACL (`ACL`, `CannedAcl`, `AccessControlList`, `GrantRead`, ...). */
const S3_ACL_FIELDS = /^(?:ACL|Acl|CannedAcl|CannedACL|AccessControlList|Grant[A-Z]\w*)$/;

class Scope {
  vars: Map<string, Val>;
  clean: Set<string>;
  constructor(
    readonly parent: Scope | null,
    vars?: Map<string, Val>,
    clean?: Set<string>,
  ) {
    this.vars = vars ?? new Map();
    this.clean = clean ?? new Set();
  }
  lookup(name: string): Val | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  isClean(key: string): boolean {
    for (let s: Scope | null = this; s; s = s.parent) if (s.clean.has(key)) return true;
    return false;
  }
  assign(name: string, v: Val): void {
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.vars.has(name)) {
        s.vars.set(name, v);
        return;
      }
    }
    this.vars.set(name, v);
  }
  fork(): Scope {
    return new Scope(this.parent, new Map(this.vars), new Set(this.clean));
  }
}

interface ModState {
  ir: IrModule;
  scope: Scope;
  exports: Val;
  state: 'new' | 'running' | 'done';
}

interface Frame {
  scope: Scope;
  mod: ModState;
  returns: Val | undefined;
  fnName: string;
}

export interface InterpResult {
  resolved: boolean;
  calls: SdkCall[];
  taint: TaintFinding[];
  sends: SendRecord[];
  diagnostics: Diagnostic[];
}

const MAX_STEPS_IN_PATH = 24;

/** Calls whose result encodes a whole object: a tainted field taints the result. */
const SERIALIZERS = new Set(['JSON.stringify', 'json.dumps', 'json.dump', 'str', 'String', 'Buffer.from', 'base64.b64encode', 'util.inspect']);

function loc(file: string, pos: Pos): SourceLocation {
  return { file, line: pos.line, column: pos.column, endLine: pos.endLine, endColumn: pos.endColumn };
}

function addStep(t: Taint, step: FlowStep): Taint {
  const last = t.steps[t.steps.length - 1];
  if (last && last.location.file === step.location.file && last.location.line === step.location.line && last.message === step.message) return t;
  let steps = [...t.steps, step];
  if (steps.length > MAX_STEPS_IN_PATH) steps = [...steps.slice(0, 4), ...steps.slice(steps.length - (MAX_STEPS_IN_PATH - 4))];
  return { ...t, steps };
}

function pickTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.sanitized.size < a.sanitized.size ? b : a;
}

function merge(a: Val | undefined, b: Val | undefined): Val {
  if (!a || a === EMPTY) return b ?? EMPTY;
  if (!b || b === EMPTY || a === b) return a;
  const out: Val = {};
  const t = pickTaint(a.taint, b.taint);
  if (t) out.taint = t;
  if (a.ev || b.ev) out.ev = a.ev ?? b.ev;
  if (a.str !== undefined && a.str === b.str) out.str = a.str;
  else if (a.str !== undefined && b.str === undefined && !b.taint) out.str = a.str;
  else if (b.str !== undefined && a.str === undefined && !a.taint) out.str = b.str;
  if (a.env || b.env) out.env = a.env ?? b.env;
  if (a.pat || b.pat) out.pat = a.pat ?? b.pat;
  if (a.envObj || b.envObj) out.envObj = true;
  if (a.props || b.props) {
    if (a.props && b.props) {
      const m = new Map(a.props);
      for (const [k, v] of b.props) m.set(k, merge(m.get(k), v));
      out.props = m;
    } else out.props = a.props ?? b.props;
  }
  if (a.keyVals || b.keyVals) out.keyVals = [...(a.keyVals ?? []), ...(b.keyVals ?? [])];
  if (a.items || b.items) out.items = [...(a.items ?? []), ...(b.items ?? [])].slice(0, 64);
  const fn = a.fn ?? b.fn;
  if (fn) out.fn = fn;
  const cls = a.cls ?? b.cls;
  if (cls) out.cls = cls;
  const inst = a.inst ?? b.inst;
  if (inst) out.inst = inst;
  const ext = a.ext ?? b.ext;
  if (ext) out.ext = ext;
  const lib = a.lib ?? b.lib;
  if (lib) out.lib = lib;
  const mod = a.mod ?? b.mod;
  if (mod) out.mod = mod;
  const sdk = a.sdk ?? b.sdk;
  if (sdk) out.sdk = sdk;
  const wrapped = a.wrapped ?? b.wrapped;
  if (wrapped) out.wrapped = wrapped;
  const at = a.at ?? b.at;
  if (at) out.at = at;
  return out;
}

function clean(v: Val): Val {
  if (!v.taint && !v.ev) return v;
  const { taint: _t, ev: _e, ...rest } = v;
  return rest;
}

function normalisePkg(source: string): string {
  let s = source.startsWith('node:') ? source.slice(5) : source;
  if (s === 'fs/promises') s = 'fs.promises';
  if (s === 'mysql2/promise') s = 'mysql2';
  if (s === 'lodash.escape') s = 'lodash.escape';
  return s;
}

function rootPkg(pkg: string): string {
  if (pkg.startsWith('@')) return pkg.split('/').slice(0, 2).join('/');
  return pkg.split(/[/.]/)[0] ?? pkg;
}

function qname(v: Val): string | null {
  if (!v.ext) return null;
  const path = v.ext.path.filter((p) => p !== 'default');
  if (!v.ext.pkg) return path.join('.') || null;
  return path.length ? `${v.ext.pkg}.${path.join('.')}` : v.ext.pkg;
}

let fnIds = new WeakMap<IrFunction, number>();
let nextFnId = 1;
function fnId(fn: IrFunction): number {
  let id = fnIds.get(fn);
  if (id === undefined) {
    id = nextFnId++;
    fnIds.set(fn, id);
  }
  return id;
}

const JS_GLOBAL_PROCESS = 'process';

// ---------------------------------------------------------------------------------------------
// The interpreter
// ---------------------------------------------------------------------------------------------

export interface InterpOptions {
  sources: readonly EventSource[];
  maxCallDepth: number;
  maxSteps: number;
}

export class Interpreter {
  private readonly mods = new Map<string, ModState>();
  private readonly calls = new Map<string, SdkCall>();
  private readonly findings = new Map<string, TaintFinding>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly memo = new Map<string, Val>();
  private readonly invoked = new Set<IrFunction>();
  private readonly stack: IrFunction[] = [];
  private steps = 0;
  private budgetReported = false;
  private reachable = true;
  private eventName = 'event';
  private readonly python: boolean;
  private readonly typedLang: boolean;
  private readonly ruby: boolean;

  constructor(
    private readonly src: HandlerSource,
    private readonly opts: InterpOptions,
  ) {
    this.python = src.language === 'python';
    this.typedLang = TYPED_LANGUAGES.has(src.language);
    this.ruby = src.language === 'ruby';
    fnIds = new WeakMap();
    nextFnId = 1;
  }

  run(): InterpResult {
    const entry = this.module(this.src.entry);
    let resolved = false;
    if (entry) {
      const exported = this.exportOf(entry, this.src.exportName);
      const closure = exported.fn ?? exported.wrapped ?? null;
      if (closure) {
        resolved = true;
        this.invokeHandler(closure);
      }
    }
    // Code the handler was not seen to reach still needs its permissions (dead code is rare; a
    // missing permission fails at runtime): run it without event data, marking its calls.
    this.reachable = false;
    for (const m of [...this.mods.values()]) {
      for (const v of [...m.scope.vars.values()]) {
        if (v.fn && !this.invoked.has(v.fn.fn) && v.fn.mod === m) this.invoke(v.fn, [], new Map(), undefined, null, 0);
        if (v.cls && v.cls.mod === m) {
          // typed languages: the instance as its constructor leaves it (fields hold the SDK clients)
          const inst: Val = this.typedLang ? this.construct(v.cls, [], new Map(), v.cls.cls.pos, { scope: m.scope, mod: m, returns: undefined, fnName: '<module>' }) : { inst: v.cls, props: new Map() };
          for (const meth of v.cls.cls.methods) if (!this.invoked.has(meth.fn)) this.invoke({ fn: meth.fn, scope: v.cls.scope, mod: m, thisVal: inst }, [], new Map(), inst, null, 0);
        }
      }
    }
    const calls = [...this.calls.values()];
    const sends: SendRecord[] = [];
    for (const c of calls) {
      const key = `${c.service}:${c.operation}`;
      if (!SEND_OPERATIONS[key]) continue;
      for (const action of c.actions.length ? c.actions : [key]) {
        sends.push({ action, service: c.service, operation: c.operation, target: c.resources[0] ?? null, location: c.location, payloadTainted: c.payloadTaint !== null, payload: c.payloadTaint });
      }
    }
    return { resolved, calls, taint: [...this.findings.values()], sends, diagnostics: this.diagnostics };
  }

  private invokeHandler(closure: Closure): void {
    // the event is the first parameter that is not the context (Go: `func(ctx context.Context, e Event)`)
    // Azure Functions' classic Node model: `(context, req)` — the trigger input after a context named so
    const ps = closure.fn.params;
    const contextFirst = ps.length >= 2 && !this.python && ps[0]!.pattern.k === 'pname' && /^(context|ctx)$/.test(ps[0]!.pattern.name);
    const index = contextFirst ? 1 : Math.max(0, ps.findIndex((p) => !(p.type && CONTEXT_TYPE.test(p.type))));
    const first = closure.fn.params[index];
    const name = first && first.pattern.k === 'pname' ? first.pattern.name : 'event';
    this.eventName = name;
    const at = loc(closure.mod.ir.file, first?.pattern.pos ?? closure.fn.pos);
    const ev: Val = { ev: [] };
    const whole = sourceAt(this.opts.sources, []);
    if (whole) ev.taint = { kind: whole.kind, label: name, source: at, steps: [{ location: at, message: `\`${name}\`: the whole event is chosen by the caller (${whole.kind})` }], sanitized: new Set() };
    const context: Val = {};
    // Ruby: `def handler(event:, context:)` takes both as keyword arguments
    if (first?.keyword) {
      this.invoke(closure, [], new Map([['event', ev], ['context', context]]), closure.thisVal, null, 0);
      return;
    }
    const args = index > 0 ? [...closure.fn.params.slice(0, index).map(() => context), ev] : [ev, context];
    this.invoke(closure, args, new Map(), closure.thisVal, null, 0);
  }

  // ----- modules --------------------------------------------------------------------------

  private module(file: string): ModState | null {
    const existing = this.mods.get(file);
    if (existing) return existing;
    const ir = this.src.modules[file];
    if (!ir) return null;
    const scope = new Scope(null);
    const exportsVal: Val = { props: new Map() };
    const m: ModState = { ir, scope, exports: exportsVal, state: 'new' };
    this.mods.set(file, m);
    if (!this.python) {
      const moduleVal: Val = { props: new Map([['exports', exportsVal]]) };
      scope.vars.set('module', moduleVal);
      scope.vars.set('exports', exportsVal);
    }
    for (const imp of ir.imports) {
      if (!imp.local) continue;
      scope.vars.set(imp.local, this.importValue(imp.source, imp.resolved, imp.imported));
    }
    m.state = 'running';
    const frame: Frame = { scope, mod: m, returns: undefined, fnName: '<module>' };
    const saved = this.reachable;
    this.execBlock(ir.body, frame);
    this.reachable = saved;
    m.state = 'done';
    return m;
  }

  private importValue(source: string, resolved: string | null, imported: string): Val {
    if (resolved) {
      const m = this.mods.get(resolved) ?? (this.src.modules[resolved] ? this.module(resolved) : null);
      if (m) {
        if (imported === '*') return this.python ? { mod: m } : this.moduleExports(m);
        if (imported === 'default') {
          const d = this.exportOf(m, 'default');
          return d === EMPTY ? this.moduleExports(m) : d;
        }
        return this.exportOf(m, imported);
      }
      return EMPTY;
    }
    const pkg = normalisePkg(source);
    if (imported === '*' || imported === 'default') return { ext: { pkg, path: [] } };
    return { ext: { pkg, path: [imported] } };
  }

  private moduleExports(m: ModState): Val {
    if (this.python) return { mod: m };
    const moduleVal = m.scope.vars.get('module');
    const cjs = moduleVal?.props?.get('exports') ?? m.exports;
    if (m.ir.exports.length === 0) return cjs;
    const props = new Map(cjs.props ?? []);
    for (const e of m.ir.exports) {
      if (e.name === '*') continue;
      props.set(e.name, this.exportOf(m, e.name));
    }
    return { ...cjs, props };
  }

  private exportOf(m: ModState, name: string): Val {
    if (this.python) return m.scope.vars.get(name) ?? EMPTY;
    const esm = m.ir.exports.find((e) => e.name === name);
    if (esm) {
      if (esm.from !== undefined) {
        const imp = m.ir.imports.find((i) => i.source === esm.from && i.resolved);
        const target = imp?.resolved ? this.module(imp.resolved) : null;
        const importedName = esm.value?.k === 'lit' ? String(esm.value.value) : name;
        return target ? this.exportOf(target, importedName) : { ext: { pkg: normalisePkg(esm.from), path: [importedName] } };
      }
      if (esm.value) return this.eval(esm.value, { scope: m.scope, mod: m, returns: undefined, fnName: '<module>' });
    }
    const moduleVal = m.scope.vars.get('module');
    const cjs = moduleVal?.props?.get('exports');
    const fromCjs = cjs?.props?.get(name);
    if (fromCjs) return fromCjs;
    if (cjs && name === 'default' && cjs !== m.exports) return cjs;
    // `export default { handler }` / `module.exports = { handler }` looked up by member name
    const def = m.ir.exports.find((e) => e.name === 'default');
    if (def?.value) {
      const d = this.eval(def.value, { scope: m.scope, mod: m, returns: undefined, fnName: '<module>' });
      const p = d.props?.get(name);
      if (p) return p;
    }
    for (const star of m.ir.exports.filter((e) => e.name === '*' && e.from)) {
      const imp = m.ir.imports.find((i) => i.source === star.from && i.resolved);
      const target = imp?.resolved ? this.module(imp.resolved) : null;
      if (target) {
        const v = this.exportOf(target, name);
        if (v !== EMPTY) return v;
      }
    }
    return EMPTY;
  }

  // ----- statements -----------------------------------------------------------------------

  private hoist(stmts: readonly Stmt[], frame: Frame): void {
    for (const s of stmts) {
      if (s.k === 'func') frame.scope.vars.set(s.name, { fn: { fn: s.fn, scope: frame.scope, mod: frame.mod } });
      else if (s.k === 'class') frame.scope.vars.set(s.name, { cls: { cls: s.cls, scope: frame.scope, mod: frame.mod } });
    }
  }

  /** Returns true when the block always leaves (return / throw / break / continue). */
  private execBlock(stmts: readonly Stmt[], frame: Frame): boolean {
    this.hoist(stmts, frame);
    for (const s of stmts) if (this.exec(s, frame)) return true;
    return false;
  }

  private tick(): boolean {
    this.steps++;
    if (this.steps <= this.opts.maxSteps) return true;
    if (!this.budgetReported) {
      this.budgetReported = true;
      this.diagnostics.push({ level: 'warning', code: 'code-analysis-budget', message: `${this.src.entry}: analysis of ${this.src.functionId} stopped after ${this.opts.maxSteps} steps; results are partial`, location: { file: this.src.entry, line: 1, column: 1 } });
    }
    return false;
  }

  private exec(s: Stmt, frame: Frame): boolean {
    if (!this.tick()) return true;
    switch (s.k) {
      case 'expr':
        this.eval(s.expr, frame);
        return false;
      case 'var': {
        const v = s.init ? this.eval(s.init, frame) : EMPTY;
        this.bind(s.target, s.type ? this.typed(v, s.type) : v, frame, true, s.pos);
        return false;
      }
      case 'return': {
        const v = s.arg ? this.eval(s.arg, frame) : EMPTY;
        this.checkHtmlResponse(v, frame);
        frame.returns = merge(frame.returns, v);
        return true;
      }
      case 'throw':
        if (s.arg) this.eval(s.arg, frame);
        return true;
      case 'jump':
        return true;
      case 'block':
        return this.execBlock(s.body, frame);
      case 'func':
      case 'class':
        return false;
      case 'if':
        return this.execIf(s, frame);
      case 'loop': {
        if (s.each) {
          const iter = this.eval(s.each.iter, frame);
          this.bind(s.each.target, this.element(iter, s.each.iter.pos, frame), frame, true, s.pos);
        }
        if (s.test) this.eval(s.test, frame);
        const body = { ...frame, scope: frame.scope.fork() };
        this.execBlock(s.body, body);
        this.joinInto(frame.scope, [body.scope]);
        if (body.returns) frame.returns = merge(frame.returns, body.returns);
        return false;
      }
      case 'try': {
        const exits = this.execBlock(s.body, frame);
        let handlerExits = true;
        if (s.handler) {
          if (s.handler.param) this.bind(s.handler.param, EMPTY, frame, true, s.pos);
          handlerExits = this.execBlock(s.handler.body, frame);
        }
        const finExits = this.execBlock(s.finalizer, frame);
        return finExits || (exits && handlerExits && s.handler !== null);
      }
    }
  }

  private execIf(s: Extract<Stmt, { k: 'if' }>, frame: Frame): boolean {
    this.eval(s.test, frame);
    const g = this.guards(s.test, frame);
    const thenF: Frame = { ...frame, scope: frame.scope.fork(), returns: undefined };
    const elseF: Frame = { ...frame, scope: frame.scope.fork(), returns: undefined };
    this.applyGuard(g.whenTrue, thenF);
    this.applyGuard(g.whenFalse, elseF);
    const thenExit = this.execBlock(s.then, thenF);
    const elseExit = this.execBlock(s.else, elseF);
    frame.returns = merge(merge(frame.returns, thenF.returns), elseF.returns);
    if (thenExit && elseExit) return true;
    if (thenExit) this.joinInto(frame.scope, [elseF.scope], true);
    else if (elseExit) this.joinInto(frame.scope, [thenF.scope], true);
    else this.joinInto(frame.scope, [thenF.scope, elseF.scope], true);
    return false;
  }

  private joinInto(target: Scope, branches: Scope[], replace = false): void {
    const keys = new Set<string>();
    for (const b of branches) for (const k of b.vars.keys()) keys.add(k);
    for (const k of keys) {
      let v: Val | undefined = replace ? undefined : target.vars.get(k);
      for (const b of branches) v = merge(v, b.vars.get(k));
      if (v) target.vars.set(k, v);
    }
    if (replace) {
      let cleanKeys = null as Set<string> | null;
      for (const b of branches) {
        const prev: Set<string> | null = cleanKeys;
        cleanKeys = prev ? new Set([...prev].filter((x: string) => b.clean.has(x))) : new Set<string>(b.clean);
      }
      target.clean = cleanKeys ?? target.clean;
    }
  }

  /** Allow-list and validation checks: names (or member paths) known safe when the test is true / false. */
  private guards(test: Expr, frame: Frame): { whenTrue: string[]; whenFalse: string[] } {
    const none = { whenTrue: [] as string[], whenFalse: [] as string[] };
    switch (test.k) {
      case 'unary':
        if (test.op === '!' || test.op === 'not') {
          const g = this.guards(test.arg, frame);
          return { whenTrue: g.whenFalse, whenFalse: g.whenTrue };
        }
        return none;
      case 'bin': {
        if (test.op === '&&') {
          const a = this.guards(test.left, frame);
          const b = this.guards(test.right, frame);
          return { whenTrue: [...a.whenTrue, ...b.whenTrue], whenFalse: [] };
        }
        if (test.op === '||') {
          const a = this.guards(test.left, frame);
          const b = this.guards(test.right, frame);
          return { whenTrue: [], whenFalse: [...a.whenFalse, ...b.whenFalse] };
        }
        if (test.op === 'in' || test.op === 'not in') {
          const key = keyOf(test.left);
          if (!key || this.eval(test.right, frame).taint) return none;
          return test.op === 'in' ? { whenTrue: [key], whenFalse: [] } : { whenTrue: [], whenFalse: [key] };
        }
        const eq = test.op === '===' || test.op === '==';
        const ne = test.op === '!==' || test.op === '!=';
        if (eq || ne) {
          const [a, b] = test.right.k === 'lit' ? [test.left, test.right] : [test.right, test.left];
          if (b.k === 'lit' && b.value !== null) {
            if (a.k === 'call' && a.callee.k === 'member' && a.callee.prop === 'indexOf' && b.value === -1) {
              const key = a.args[0] ? keyOf(a.args[0]) : null;
              if (key) return eq ? { whenTrue: [], whenFalse: [key] } : { whenTrue: [key], whenFalse: [] };
              return none;
            }
            const key = keyOf(a);
            if (key) return eq ? { whenTrue: [key], whenFalse: [] } : { whenTrue: [], whenFalse: [key] };
          }
        }
        return none;
      }
      case 'call': {
        const c = test.callee;
        if (c.k === 'member' && c.prop) {
          if (['includes', 'has', 'contains', '__contains__', 'Contains', 'ContainsKey', 'include?', 'member?'].includes(c.prop) && test.args[0]) {
            const key = keyOf(test.args[0]);
            if (key && !this.eval(c.object, frame).taint) return { whenTrue: [key], whenFalse: [] };
          }
          if (c.prop === 'test' && c.object.k === 'lit' && c.object.regex && anchored(String(c.object.value)) && test.args[0]) {
            const key = keyOf(test.args[0]);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          // Java `s.matches(regex)` matches the whole string
          if (this.typedLang && c.prop === 'matches' && test.args[0]?.k === 'lit' && !/\.\*|\.\+/.test(String(test.args[0].value))) {
            const key = keyOf(c.object);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          // Ruby `s.match?(/\A[a-z]+\z/)`: an anchored pattern without a wildcard
          if (this.ruby && (c.prop === 'match?' || c.prop === 'match') && test.args[0]?.k === 'lit' && test.args[0].regex && rubyAnchored(String(test.args[0].value))) {
            const key = keyOf(c.object);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          if (['isdigit', 'isnumeric', 'isdecimal', 'isalnum', 'isalpha', 'isidentifier'].includes(c.prop)) {
            const key = keyOf(c.object);
            if (key) return { whenTrue: [key], whenFalse: [] };
          }
          if (['fullmatch', 'match'].includes(c.prop) && test.args.length >= 2 && test.args[0]!.k === 'lit') {
            const pattern = String((test.args[0] as { value: unknown }).value);
            if (c.prop === 'fullmatch' || anchored(pattern)) {
              const key = keyOf(test.args[1]!);
              if (key) return { whenTrue: [key], whenFalse: [] };
            }
          }
        }
        const callee = this.eval(c, frame);
        const q = qname(callee);
        if (q && /(^|\.)(isInteger|isSafeInteger|isUUID|isInt|isNumeric|isAlphanumeric|isEmail|validate|isinstance)$/.test(q) && test.args[0]) {
          const key = keyOf(test.args[0]);
          if (key) return { whenTrue: [key], whenFalse: [] };
        }
        return none;
      }
      default:
        return none;
    }
  }

  private applyGuard(keys: string[], frame: Frame): void {
    for (const key of keys) {
      if (!key.includes('.')) {
        const v = frame.scope.lookup(key);
        if (v) frame.scope.vars.set(key, clean(v));
      }
      frame.scope.clean.add(key);
    }
  }

  // ----- binding --------------------------------------------------------------------------

  private bind(p: Pattern, v: Val, frame: Frame, declare: boolean, at: Pos): void {
    switch (p.k) {
      case 'pname': {
        let val = v;
        if (v.taint) val = { ...v, taint: addStep(v.taint, { location: loc(frame.mod.ir.file, at), message: `assigned to \`${p.name}\`` }) };
        if (declare) frame.scope.vars.set(p.name, val);
        else frame.scope.assign(p.name, val);
        frame.scope.clean.delete(p.name);
        return;
      }
      case 'pobj':
        for (const prop of p.props) {
          const key = prop.key ?? (prop.keyExpr ? this.strOf(this.eval(prop.keyExpr, frame)) : null);
          this.bind(prop.value, this.member(v, key, frame, p.pos), frame, declare, at);
        }
        if (p.rest) this.bind(p.rest, v, frame, declare, at);
        return;
      case 'parr':
        p.items.forEach((item, i) => {
          if (item) this.bind(item, v.items && v.items[i] ? v.items[i]! : this.member(v, String(i), frame, p.pos), frame, declare, at);
        });
        if (p.rest) this.bind(p.rest, v, frame, declare, at);
        return;
      case 'pdefault':
        this.bind(p.target, v === EMPTY ? this.eval(p.value, frame) : merge(v, v.str === undefined && !v.taint && !v.ev && !v.fn && !v.sdk ? this.eval(p.value, frame) : undefined), frame, declare, at);
        return;
      case 'pexpr': {
        const e = p.expr;
        if (e.k === 'member') {
          const obj = this.eval(e.object, frame);
          const key = e.prop ?? (e.index ? this.strOf(this.eval(e.index, frame)) : null);
          if (obj.props && key !== null) {
            obj.props.set(key, { ...v, at: loc(frame.mod.ir.file, e.pos) });
          } else if (e.object.k === 'name' && key !== null && !obj.ext && !obj.ev) {
            // first property on an unknown object: give it a shape
            const props = new Map<string, Val>([[key, v]]);
            frame.scope.assign(e.object.name, merge(obj, { props }));
          }
          // `module.exports = …`
          if (e.object.k === 'name' && e.object.name === 'module' && key === 'exports') {
            const moduleVal = frame.scope.lookup('module');
            if (moduleVal?.props) moduleVal.props.set('exports', v.props ? v : merge(v, { props: new Map() }));
          }
        } else if (e.k === 'name') {
          frame.scope.assign(e.name, v);
        }
        return;
      }
    }
  }

  private strOf(v: Val): string | null {
    return v.str !== undefined && v.str !== null ? String(v.str) : null;
  }

  // ----- expressions ----------------------------------------------------------------------

  eval(e: Expr, frame: Frame): Val {
    if (!this.tick()) return EMPTY;
    switch (e.k) {
      case 'lit':
        return e.regex ? { str: e.value, regex: true } : { str: e.value };
      case 'name': {
        if (frame.scope.isClean(e.name)) return clean(frame.scope.lookup(e.name) ?? EMPTY);
        const v = frame.scope.lookup(e.name);
        if (v) return v;
        if (e.name === JS_GLOBAL_PROCESS && !this.python && !this.typedLang) return { ext: { pkg: '', path: ['process'] } };
        if (this.typedLang && ENV_OBJECTS.has(e.name)) return { ext: { pkg: '', path: [e.name] }, envObj: true };
        // Ruby constant paths not defined by the handler's code: `Aws::S3::Client` is `Aws.S3.Client`
        if (this.ruby && e.name.includes('::')) return { ext: { pkg: '', path: e.name.split('::') } };
        return { ext: { pkg: '', path: [e.name] } };
      }
      case 'member': {
        const key = keyOf(e);
        const obj = this.eval(e.object, frame);
        const prop = e.prop ?? (e.index ? this.strOf(this.eval(e.index, frame)) : null);
        const v = this.member(obj, prop, frame, e.pos);
        return key && frame.scope.isClean(key) ? clean(v) : v;
      }
      case 'call':
        return this.evalCall(e, frame);
      case 'new':
        return this.evalNew(e, frame);
      case 'tmpl':
        return this.concat(e.parts.map((p) => this.eval(p, frame)), frame, e.pos);
      case 'bin': {
        const l = this.eval(e.left, frame);
        const r = this.eval(e.right, frame);
        switch (e.op) {
          case '+':
          case '%':
            return this.concat([l, r], frame, e.pos);
          case '||':
          case '??':
          case 'or':
            return merge(l, r);
          case '&&':
          case 'and':
            return r;
          case '==':
          case '===':
          case '!=':
          case '!==':
          case '<':
          case '>':
          case '<=':
          case '>=':
          case 'in':
          case 'not in':
          case 'instanceof':
          case 'is':
            return EMPTY;
          default: {
            const t = pickTaint(l.taint, r.taint);
            return t ? { taint: t } : EMPTY;
          }
        }
      }
      case 'unary': {
        const v = this.eval(e.arg, frame);
        if (e.op === '!' || e.op === 'typeof' || e.op === 'void' || e.op === '-' || e.op === '+' || e.op === '++' || e.op === '~' || e.op === 'delete') return EMPTY;
        return v;
      }
      case 'cond':
        this.eval(e.test, frame);
        return merge(this.eval(e.then, frame), this.eval(e.else, frame));
      case 'obj': {
        const props = new Map<string, Val>();
        const keyVals: Val[] = [];
        let spreadTaint: Taint | undefined;
        for (const p of e.props) {
          const v = this.eval(p.value, frame);
          if (p.spread) {
            if (v.props) for (const [k, x] of v.props) props.set(k, x);
            spreadTaint = pickTaint(spreadTaint, v.taint ?? (v.ev && containsSource(this.opts.sources, v.ev) ? this.taintFor(v, frame, p.pos) : undefined));
            continue;
          }
          let key = p.key;
          if (key === null && p.keyExpr) {
            const kv = this.eval(p.keyExpr, frame);
            keyVals.push(kv);
            key = this.strOf(kv) ?? (kv.env ? `\${${kv.env}}` : null);
          }
          if (key !== null) props.set(key, { ...v, at: loc(frame.mod.ir.file, p.value.pos) });
        }
        const out: Val = { props };
        if (keyVals.length) out.keyVals = keyVals;
        if (spreadTaint) out.taint = spreadTaint;
        return out;
      }
      case 'arr': {
        const items: Val[] = [];
        for (const i of e.items) {
          if (i.k === 'spread') {
            const v = this.eval(i.arg, frame);
            if (v.items) items.push(...v.items);
            else items.push(this.element(v, i.pos, frame));
          } else items.push({ ...this.eval(i, frame), at: loc(frame.mod.ir.file, i.pos) });
        }
        return { items: items.slice(0, 64) };
      }
      case 'fn':
        return { fn: { fn: e.fn, scope: frame.scope, mod: frame.mod } };
      case 'assign': {
        let v = this.eval(e.value, frame);
        if (e.op !== '=' && e.op !== '??=' && e.op !== '||=' && e.op !== '&&=') {
          const old = e.target.k === 'pname' ? (frame.scope.lookup(e.target.name) ?? EMPTY) : e.target.k === 'pexpr' ? this.eval(e.target.expr, frame) : EMPTY;
          v = e.op === '+=' || e.op === '%=' ? this.concat([old, v], frame, e.pos) : merge(old, v);
        } else if (e.op !== '=') {
          const old = e.target.k === 'pname' ? (frame.scope.lookup(e.target.name) ?? EMPTY) : EMPTY;
          v = merge(old, v);
        }
        this.bind(e.target, v, frame, false, e.pos);
        return v;
      }
      case 'seq': {
        let v: Val = EMPTY;
        for (const i of e.items) v = this.eval(i, frame);
        return v;
      }
      case 'spread':
        return this.eval(e.arg, frame);
      case 'unknown':
        return EMPTY;
    }
  }

  private concat(parts: Val[], frame: Frame, pos: Pos): Val {
    let taint: Taint | undefined;
    let allKnown = true;
    let text = '';
    const envs: string[] = [];
    for (const p of parts) {
      const t = p.taint ?? (p.ev && containsSource(this.opts.sources, p.ev) ? this.taintFor(p, frame, pos) : undefined);
      taint = pickTaint(taint, t);
      if (p.str !== undefined && p.str !== null && !p.taint) text += String(p.str);
      else if (p.env) {
        text += `\${${p.env}}`;
        envs.push(p.env);
        allKnown = false;
      } else if (p.pat) {
        text += p.pat.text;
        envs.push(...p.pat.envs);
        allKnown = false;
      } else {
        text += '*';
        allKnown = false;
      }
    }
    const out: Val = allKnown ? { str: text } : { pat: { text, envs } };
    if (taint) out.taint = addStep(taint, { location: loc(frame.mod.ir.file, pos), message: 'concatenated into a string' });
    return out;
  }

  /** A taint for a value that is (part of) the event object itself. */
  private taintFor(v: Val, frame: Frame, pos: Pos): Taint | undefined {
    if (v.taint) return v.taint;
    if (!v.ev) return undefined;
    const s = containsSource(this.opts.sources, v.ev) ?? sourceAt(this.opts.sources, v.ev);
    if (!s) return undefined;
    const label = [this.eventName, ...v.ev].join('.');
    const at = loc(frame.mod.ir.file, pos);
    return { kind: s.kind, label, source: at, steps: [{ location: at, message: `\`${label}\` contains attacker-controlled data (${s.kind})` }], sanitized: new Set() };
  }

  private member(obj: Val, prop: string | null, frame: Frame, pos: Pos): Val {
    if (obj === EMPTY) return EMPTY;
    let out: Val = {};
    if (obj.ev) {
      const path = [...obj.ev, prop ?? '*'];
      out.ev = path;
      if (obj.taint) out.taint = obj.taint;
      else {
        const s = sourceAt(this.opts.sources, path);
        if (s) {
          const label = [this.eventName, ...path].join('.');
          const at = loc(frame.mod.ir.file, pos);
          out.taint = { kind: s.kind, label, source: at, steps: [{ location: at, message: `\`${label}\` is controlled by the sender of the ${s.kind} event` }], sanitized: new Set() };
        }
      }
    } else if (obj.taint && prop !== 'length') out.taint = obj.taint;
    if (obj.props) {
      const p = prop !== null ? obj.props.get(prop) : undefined;
      if (p) out = merge(out, p);
      else if (prop === null) for (const x of obj.props.values()) out = merge(out, x);
    }
    if (obj.items && obj.items.length) {
      const i = prop !== null && /^\d+$/.test(prop) ? obj.items[Number(prop)] : undefined;
      if (i) out = merge(out, i);
      else for (const x of obj.items) out = merge(out, x);
    }
    if (obj.envObj && prop) out.env = prop;
    if (obj.ext && prop !== null) {
      const path = prop === 'default' ? obj.ext.path : [...obj.ext.path, prop];
      out.ext = { pkg: obj.ext.pkg, path };
      if (!obj.ext.pkg && path.length === 2 && path[0] === 'process' && path[1] === 'env') out.envObj = true;
      if (obj.ext.pkg === 'os' && path.length === 1 && path[0] === 'environ') out.envObj = true;
    }
    if (obj.mod && prop !== null) out = merge(out, this.exportOf(obj.mod, prop));
    if (obj.inst && prop !== null) {
      const m = obj.inst.cls.methods.find((x) => x.name === prop);
      if (m) out.fn = { fn: m.fn, scope: obj.inst.scope, mod: obj.inst.mod, thisVal: obj };
    }
    if (obj.cls && prop !== null) {
      const m = obj.cls.cls.methods.find((x) => x.name === prop);
      if (m) out.fn = { fn: m.fn, scope: obj.cls.scope, mod: obj.cls.mod };
    }
    if (obj.sdk?.t === 'res-obj' && prop === 'objects') out.sdk = { t: 'res-obj', service: obj.sdk.service, type: 'objects', ident: obj.sdk.ident };
    if (obj.lib && !out.lib) out.lib = obj.lib;
    if (obj.sdk && !out.sdk && !out.fn) out.lib = out.lib ?? 'aws-sdk';
    return out;
  }

  private element(v: Val, pos: Pos, frame: Frame): Val {
    return this.member(v, '*', frame, pos);
  }

  // ----- calls ----------------------------------------------------------------------------

  private evalArgs(e: { args: Expr[]; kwargs?: KwArg[] }, frame: Frame): { args: Val[]; kw: Map<string, Val> } {
    const args = e.args.map((a) => this.eval(a.k === 'spread' ? a.arg : a, frame));
    const kw = new Map<string, Val>();
    for (const k of e.kwargs ?? []) {
      const v = this.eval(k.value, frame);
      if (k.name) kw.set(k.name, { ...v, at: loc(frame.mod.ir.file, k.value.pos) });
      else if (v.props) for (const [n, x] of v.props) kw.set(n, x);
      else if (v.taint) kw.set('**', v);
    }
    return { args, kw };
  }

  private evalCall(e: Extract<Expr, { k: 'call' }>, frame: Frame): Val {
    let recv: Val | undefined;
    let method: string | null = null;
    let callee: Val;
    if (e.callee.k === 'member') {
      recv = this.eval(e.callee.object, frame);
      method = e.callee.prop ?? (e.callee.index ? this.strOf(this.eval(e.callee.index, frame)) : null);
      callee = this.member(recv, method, frame, e.callee.pos);
    } else callee = this.eval(e.callee, frame);
    const { args, kw } = this.evalArgs(e, frame);
    const file = frame.mod.ir.file;

    // require() / import()
    if (e.callee.k === 'name' && e.callee.name === 'require' && !frame.scope.lookup('require')) {
      const source = args[0]?.str;
      if (typeof source !== 'string') return EMPTY;
      const imp = frame.mod.ir.imports.find((i) => i.source === source && i.resolved);
      return this.importValue(source, imp?.resolved ?? null, '*');
    }

    const q0 = qname(callee) ?? (recv?.lib && method ? `${recv.lib}#${method}` : null);
    // Ruby: a method called without a receiver that the code does not define is Kernel's (`system`, `open`, `` ` ``)
    const q = this.ruby && q0 && e.callee.k === 'name' && callee.ext && !callee.ext.pkg && callee.ext.path.length === 1 ? `Kernel.${q0}` : q0;

    // environment reads
    if (recv?.envObj && method === 'get' && typeof args[0]?.str === 'string') return { env: args[0].str };
    if (q === 'os.getenv' && typeof args[0]?.str === 'string') return { env: args[0].str };
    if (this.typedLang) {
      if (q && ENV_READERS.has(q) && typeof args[0]?.str === 'string') return { env: args[0].str };
      // Java bean getters on the event: `event.getBody()` reads `body`
      if (recv?.ev && method && /^get[A-Z]/.test(method) && args.length === 0) return this.member(recv, method[3]!.toLowerCase() + method.slice(4), frame, e.pos);
      // ... and their fluent setters: new PutObjectRequest(b, k, f).withCannedAcl(acl)
      if (recv?.props && recv.lib?.endsWith('Request') && method && /^with[A-Z]/.test(method) && args.length === 1) {
        return { ...recv, props: new Map([...recv.props, [method.slice(4), { ...args[0]!, at: loc(file, e.args[0]!.pos) }]]) };
      }
      const typed = this.typedSdkCall(e, callee, recv, method, args, kw, frame);
      if (typed) return typed;
    }
    if (q === 'util.promisify' && args[0]) return args[0];

    // AWS SDK
    const sdk = this.sdkCall(e, callee, recv, method, args, kw, frame);
    if (sdk) return sdk;

    // boto3 condition builders (Key/Attr) send values as expression attribute values
    if (callee.ext?.pkg === 'boto3.dynamodb.conditions' || recv?.lib === 'boto3.dynamodb.conditions') return { lib: 'boto3.dynamodb.conditions' };

    // tagged templates from a library (`sql\`…\``) are parameterised by construction
    if (e.tagged && callee.ext) return EMPTY;

    // sinks
    if (q) this.checkSinks(q, e, args, kw, frame);
    if (method && recv && !recv.ext) this.checkSqlHeuristic(e, recv, method, args, frame);
    if (q && PYYAML_LOAD.has(q)) {
      const loader = kw.get('Loader') ?? args[1];
      const loaderName = loader ? (qname(loader) ?? '') : '';
      if (!PYYAML_SAFE_LOADERS.test(loaderName)) this.sink('insecure-deserialization', q, args[0], e.args[0]?.pos ?? e.pos, frame);
    }
    if (q === 'js-yaml.load' && this.jsYamlUnsafe()) this.sink('insecure-deserialization', q, args[0], e.args[0]?.pos ?? e.pos, frame);
    if (this.ruby) this.rubySinks(q, e, recv, method, args, frame);

    // sanitizers and cleansers
    if (q && (CLEANSERS.has(q) || CLEANSERS.has(q.replace(/^.*#/, '')))) return EMPTY;
    if (method && CLEAN_METHODS.has(method) && !callee.fn) return EMPTY;
    if (q && SANITIZERS.has(q)) return this.sanitized(args[0] ?? EMPTY, SANITIZERS.get(q)!);
    if (this.ruby && recv && method === 'shellescape' && args.length === 0) return this.sanitized(recv, ['command-injection']);

    // the handler's own functions
    if (callee.fn) return this.invoke(callee.fn, args, kw, callee.fn.thisVal, loc(file, e.pos), 0);
    if (callee.cls) return this.construct(callee.cls, args, kw, e.pos, frame);

    // Python dict.get on the event
    if (recv?.ev && method === 'get' && typeof args[0]?.str === 'string') return merge(this.member(recv, args[0].str, frame, e.pos), args[1]);

    // callbacks handed to library or built-in functions (map, forEach, then, Promise, middy)
    let wrapped: Closure | undefined = recv?.wrapped;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (!a.fn) continue;
      wrapped ??= a.fn;
      const elem = recv && method && ITERATORS.has(method) ? this.element(recv, e.pos, frame) : recv && method && ['then', 'catch', 'finally'].includes(method) ? recv : method === 'reduce' && recv ? undefined : EMPTY;
      const cbArgs = method === 'reduce' && recv ? [args[1] ?? EMPTY, this.element(recv, e.pos, frame)] : [elem ?? EMPTY];
      this.invoke(a.fn, cbArgs, new Map(), undefined, loc(file, e.pos), 0);
    }

    // default: data flows through (serialisers carry the taint of any field of the object they encode)
    let taint: Taint | undefined;
    const deep = q !== null && SERIALIZERS.has(q);
    for (const a of args) taint = pickTaint(taint, a.taint ?? (a.ev && containsSource(this.opts.sources, a.ev) ? this.taintFor(a, frame, e.pos) : deep ? this.deepTaint(a, 4) : undefined));
    for (const a of kw.values()) taint = pickTaint(taint, a.taint);
    if (recv) taint = pickTaint(taint, recv.taint);
    const out: Val = {};
    if (taint) out.taint = taint;
    const lib = (this.typedLang && q ? RETURN_TYPES[q] : undefined) ?? recv?.lib ?? callee.lib ?? (callee.ext && callee.ext.pkg ? rootPkg(callee.ext.pkg) : undefined);
    if (lib) out.lib = lib;
    if (wrapped) out.wrapped = wrapped;
    if (recv?.ev && method && ['slice', 'filter', 'concat', 'flat', 'values'].includes(method)) out.ev = recv.ev;
    return out;
  }

  private evalNew(e: Extract<Expr, { k: 'new' }>, frame: Frame): Val {
    const callee = this.eval(e.callee, frame);
    const { args, kw } = this.evalArgs(e, frame);
    const q = qname(callee);
    const client = this.typedLang && q ? sdkClientFor(q, 'new') : null;
    if (client) return { sdk: { t: 'client', service: client.service, sdk: client.sdk, doc: false, bare: false } };
    const res = this.ruby && q ? /^Aws\.([A-Za-z0-9]+)\.(Resource|Bucket|Object|Table|Queue|Topic)$/.exec(q) : null;
    if (res) {
      const service = servicePrefix(res[1]!);
      if (res[2] === 'Resource') return { sdk: { t: 'resource', service } };
      return { sdk: { t: 'res-obj', service, type: res[2]!, ident: rubyIdent(args) } };
    }
    // SDK for Java 1.x request constructors name their fields by position: new PutItemRequest(table, item)
    const req = this.typedLang && q ? /^com\.amazonaws\.services\.([a-z0-9]+)\.model\.([A-Za-z0-9]+)Request$/.exec(q) : null;
    if (req) {
      const props = new Map<string, Val>();
      (POSITIONAL_FIELDS[`${servicePrefix(req[1]!)}:${req[2]!}`] ?? []).forEach((n, i) => {
        if (args[i]) props.set(n, { ...args[i]!, at: loc(frame.mod.ir.file, e.args[i]!.pos) });
      });
      return { props, lib: q! };
    }
    const sdk = this.sdkNew(callee, args, frame, e.pos);
    if (sdk) return sdk;
    if (q) this.checkSinks(q, e, args, kw, frame);
    if (callee.cls) return this.construct(callee.cls, args, kw, e.pos, frame);
    if (callee.fn) {
      const self: Val = { props: new Map() };
      this.invoke(callee.fn, args, kw, self, loc(frame.mod.ir.file, e.pos), 0);
      return self;
    }
    const out: Val = {};
    let taint: Taint | undefined;
    for (const a of args) taint = pickTaint(taint, a.taint);
    if (taint) out.taint = taint;
    const lib = this.typedLang && q && callee.ext ? q : callee.lib ?? (callee.ext && callee.ext.pkg ? rootPkg(callee.ext.pkg) : undefined);
    if (lib) out.lib = lib;
    return out;
  }

  /** A declared type on a value: an SDK client of that type, or the class its methods are known by. */
  private typed(v: Val, type: string): Val {
    if (v.sdk || v.fn || v.cls || v.inst || v.mod || v.lib === type) return v;
    const client = sdkClientFor(type, 'type');
    if (client) return { ...v, sdk: { t: 'client', service: client.service, sdk: client.sdk, doc: false, bare: false } };
    // Java and Go qualify the types they know; C# names types as written (its usings are namespaces)
    if (UNTRACKED_TYPES.test(type) || (!/[./]/.test(type) && this.src.language !== 'csharp')) return v;
    return { ...v, lib: type };
  }

  /** SDK clients and calls of Java, Go, .NET and Ruby (typed.ts). */
  private typedSdkCall(e: Extract<Expr, { k: 'call' }>, callee: Val, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Val | null {
    const q = qname(callee);
    if (q) {
      const client = sdkClientFor(q, 'call');
      if (client) return { sdk: { t: 'client', service: client.service, sdk: client.sdk, doc: false, bare: false } };
      // Go v2 paginators: dynamodb.NewScanPaginator(client, input)
      const pager = /^github\.com\/aws\/aws-sdk-go-v2\/service\/([a-z0-9]+)\.New([A-Za-z0-9]+)Paginator$/.exec(q);
      if (pager) {
        this.typedRecord('go-v2', servicePrefix(pager[1]!), pager[2]!, args.slice(1), kw, frame, e.pos);
        return {};
      }
    }
    const s = recv?.sdk;
    if (!s || s.t !== 'client' || !method || !['java-v2', 'java-v1', 'go-v2', 'go-v1', 'dotnet', 'ruby'].includes(s.sdk)) return null;
    const op = typedOperation(s.sdk, method);
    if (op) this.typedRecord(s.sdk, s.service, op, args, kw, frame, e.pos);
    return {};
  }

  private typedRecord(sdk: SdkFlavor, service: string, op: string, args: Val[], kw: Map<string, Val>, frame: Frame, pos: Pos): void {
    const fields = new Map<string, Val>();
    // the request object; the positional overloads of SDK for Java 1.x and .NET start with a name (`GetItemAsync(table, key)`)
    const positional = (sdk === 'java-v1' || sdk === 'dotnet') && args[0] !== undefined && !args[0].props;
    const input = positional ? undefined : args.find((a) => a.props);
    if (input) for (const [k, v] of input.props!) fields.set(fieldName(k), v);
    for (const [k, v] of kw) if (k !== '**') fields.set(fieldName(k), v);
    if (positional) {
      const names = POSITIONAL_FIELDS[`${service}:${op}`] ?? [];
      names.forEach((n, i) => {
        if (args[i] && !fields.has(n)) fields.set(n, args[i]!);
      });
    }
    // SDK for Java 2.x: putObject(request, RequestBody.fromString(body))
    if (input && service === 's3' && op === 'PutObject' && !fields.has('Body')) {
      const body = args[args.indexOf(input) + 1];
      if (body) fields.set('Body', body);
    }
    this.record(sdk, service, op, input ?? (args.length === 1 && args[0]!.taint ? args[0] : undefined), fields, frame, pos);
  }

  private construct(cls: ClassVal, args: Val[], kw: Map<string, Val>, pos: Pos, frame: Frame): Val {
    const self: Val = { inst: cls, props: new Map() };
    const ctor = cls.cls.methods.find((m) => m.name === 'constructor' || m.name === '__init__');
    if (ctor) this.invoke({ fn: ctor.fn, scope: cls.scope, mod: cls.mod, thisVal: self }, args, kw, self, loc(frame.mod.ir.file, pos), 0);
    return self;
  }

  private sanitized(v: Val, cats: readonly CodeCategory[]): Val {
    if (!v.taint) return clean(v);
    const sanitized = new Set(v.taint.sanitized);
    for (const c of cats) sanitized.add(c);
    return { taint: { ...v.taint, sanitized } };
  }

  private invoke(c: Closure, args: Val[], kw: Map<string, Val>, thisVal: Val | undefined, at: SourceLocation | null, _depth: number): Val {
    if (this.stack.length >= this.opts.maxCallDepth || this.stack.includes(c.fn) || this.steps > this.opts.maxSteps) return EMPTY;
    const python = c.mod.ir.language === 'python';
    // Python methods receive the instance as `self`
    const params = c.fn.params;
    let actual = args;
    if (python && thisVal && params[0]?.pattern.k === 'pname') actual = [thisVal, ...args];
    const sig = `${fnId(c.fn)}|${this.reachable ? 1 : 0}|${actual.map(sigOf).join(',')}|${[...kw].map(([k, v]) => k + '=' + sigOf(v)).join(',')}`;
    const memo = this.memo.get(sig);
    if (memo) return memo;
    this.invoked.add(c.fn);
    const scope = new Scope(c.scope);
    if (thisVal) scope.vars.set('this', thisVal);
    const frame: Frame = { scope, mod: c.mod, returns: undefined, fnName: c.fn.name ?? 'function' };
    // Ruby: keyword arguments given to a method without keyword parameters are its last positional argument (a Hash)
    if (c.mod.ir.language === 'ruby' && kw.size && !params.some((p) => p.keyword)) actual = [...actual, { props: new Map([...kw].filter(([k]) => k !== '**')) }];
    let i = 0;
    params.forEach((p) => {
      let v: Val;
      const pname = p.pattern.k === 'pname' ? p.pattern.name : p.pattern.k === 'pdefault' && p.pattern.target.k === 'pname' ? p.pattern.target.name : null;
      if (p.keyword) v = p.rest ? { props: new Map(kw) } : ((pname ? kw.get(pname) : undefined) ?? EMPTY);
      else if (p.rest) {
        v = { items: actual.slice(i) };
        i = actual.length;
      } else v = actual[i++] ?? (pname ? kw.get(pname) : undefined) ?? EMPTY;
      if (p.type) v = this.typed(v, p.type);
      if (at && v.taint) {
        const label = p.pattern.k === 'pname' ? p.pattern.name : 'a parameter';
        v = { ...v, taint: addStep(v.taint, { location: at, message: `passed to \`${label}\` of \`${frame.fnName}\`` }) };
      }
      this.bind(p.pattern, v, frame, true, p.pattern.pos);
    });
    this.stack.push(c.fn);
    this.memo.set(sig, EMPTY); // recursion through memo returns nothing
    try {
      this.execBlock(c.fn.body, frame);
    } finally {
      this.stack.pop();
    }
    const result = frame.returns ?? EMPTY;
    this.memo.set(sig, result);
    return result;
  }

  // ----- sinks ----------------------------------------------------------------------------

  private checkSinks(q: string, e: { args: Expr[]; pos: Pos }, args: Val[], kw: Map<string, Val>, frame: Frame): void {
    const specs = SINKS.get(q);
    if (!specs) return;
    for (const spec of specs) {
      if (spec.shellOnly && !this.usesShell(args, kw)) continue;
      if (spec.shellProgram && !this.shellProgram(args)) continue;
      const idx = spec.args === 'all' ? args.map((_, i) => i) : spec.args;
      for (const i of idx) {
        const a = args[i];
        if (!a) continue;
        if (spec.stringOnly && a.fn) continue;
        if (this.sinkArg(spec, q, a, e.args[i]?.pos ?? e.pos, frame)) return;
      }
      for (const key of spec.keys ?? []) {
        const k = kw.get(key);
        if (k && this.sink(spec.category, q, k, k.at ? posOf(k.at) : e.pos, frame, k.at)) return;
      }
    }
  }

  private sinkArg(spec: SinkSpec, q: string, a: Val, pos: Pos, frame: Frame): boolean {
    if (spec.category === 'nosql-injection') {
      // Mongo: the whole filter from the event, or a `$where` string
      if (a.taint && !a.props) return this.sink(spec.category, q, a, pos, frame);
      const where = a.props?.get('$where');
      if (where) return this.sink(spec.category, `${q} $where`, where, where.at ? posOf(where.at) : pos, frame, where.at);
      return false;
    }
    if (this.sink(spec.category, q, a, pos, frame)) return true;
    // options objects: { url }, { host }, { sql }
    if (a.props) {
      for (const key of spec.keys ?? []) {
        const p = a.props.get(key);
        if (p && this.sink(spec.category, q, p, p.at ? posOf(p.at) : pos, frame, p.at)) return true;
      }
    }
    // argument lists: spawn('sh', ['-c', x], { shell: true }), subprocess.run([...], shell=True)
    if (a.items && spec.category === 'command-injection') {
      for (const item of a.items) if (this.sink(spec.category, q, item, item.at ? posOf(item.at) : pos, frame, item.at)) return true;
    }
    return false;
  }

  /** The program run is a shell (`sh -c …`): every argument is a command line. */
  private shellProgram(args: Val[]): boolean {
    const first = args[0]?.items?.[0] ?? args[0];
    return typeof first?.str === 'string' && SHELLS.test(first.str);
  }

  private usesShell(args: Val[], kw: Map<string, Val>): boolean {
    if (kw.get('shell')?.str === true) return true;
    return args.some((a) => a.props?.get('shell')?.str === true || (typeof a.props?.get('shell')?.str === 'string'));
  }

  private checkSqlHeuristic(e: Extract<Expr, { k: 'call' }>, recv: Val, method: string, args: Val[], frame: Frame): void {
    if (!SQL_METHODS.has(method) || e.callee.k !== 'member') return;
    if (recv.lib && SINKS.has(`${recv.lib}#${method}`)) return; // handled by the table
    if (recv.lib && recv.lib !== 'aws-sdk' && !/sql|pg|db|knex|sequelize|cursor/i.test(recv.lib)) return;
    const o = e.callee.object;
    const name = o.k === 'name' ? o.name : o.k === 'member' ? o.prop : null;
    const a = args[0];
    if (!a || !a.taint) return;
    const text = a.pat?.text ?? '';
    if ((name && SQL_RECEIVER_NAME.test(name)) || recv.lib) {
      if (SQL_TEXT.test(text)) this.sink('sql-injection', `${name ?? 'db'}.${method}`, a, e.args[0]?.pos ?? e.pos, frame);
    }
  }

  /**
   * Ruby sinks that depend on the argument or the gems: `Kernel#open`, `IO.read` and `URI.open`
   * run a command when the string starts with `|` (so when its start comes from the event);
   * `YAML.load` builds arbitrary objects only with Psych < 4 (Ruby < 3.1, or a locked older gem);
   * ActiveRecord query methods take raw SQL when given a string built from the event.
   */
  private rubySinks(q: string | null, e: Extract<Expr, { k: 'call' }>, recv: Val | undefined, method: string | null, args: Val[], frame: Frame): void {
    const a = args[0];
    const pos = e.args[0]?.pos ?? e.pos;
    if (q && RUBY_OPEN.has(q) && a?.taint) {
      const start = a.pat ? a.pat.text : a.str === undefined ? '*' : String(a.str);
      if (start.startsWith('*') || start.startsWith('|')) this.sink('command-injection', q, a, pos, frame);
      else this.sink(RUBY_OPEN.get(q)!, q, a, pos, frame);
      return;
    }
    if (q && (q === 'YAML.load' || q === 'Psych.load' || q === 'YAML.load_stream' || q === 'Psych.load_stream') && this.psychBefore4()) {
      this.sink('insecure-deserialization', q, a, pos, frame);
      return;
    }
    if (!method || !recv || !a?.taint || a.props) return;
    const model = recv.cls !== undefined || (recv.ext !== undefined && !recv.ext.pkg && /^[A-Z]/.test(recv.ext.path[0] ?? '') && recv.ext.path.length <= 2 && !RUBY_NOT_MODELS.has(recv.ext.path[0]!));
    if (!model) return;
    if (AR_COLUMN_CHECKED.has(method) && this.activeRecordChecksColumns()) return;
    if (AR_RAW_SQL.has(method) || AR_SQL_FRAGMENT.has(method)) this.sink('sql-injection', `${recv.cls?.cls.name ?? qname(recv) ?? 'Model'}.${method}`, a, pos, frame);
  }

  /** True when the handler's Gemfile.lock pins activerecord 6.0 or later (raw SQL in `order`/`pluck` raises). */
  private activeRecordChecksColumns(): boolean {
    const v = this.src.dependencies['activerecord'];
    const m = v ? /^(\d+)/.exec(v) : null;
    return m !== null && Number(m[1]) >= 6;
  }

  /** True when the handler's Gemfile.lock pins psych below 4 (where `YAML.load` is `unsafe_load`). */
  private psychBefore4(): boolean {
    const v = this.src.dependencies['psych'];
    const m = v ? /^(\d+)/.exec(v) : null;
    return m !== null && Number(m[1]) < 4;
  }

  private jsYamlUnsafe(): boolean {
    const v = this.src.dependencies['js-yaml'];
    if (!v) return false;
    const m = /(\d+)/.exec(v);
    return m !== null && Number(m[1]) < 4;
  }

  /** Reports a finding when `v` carries taint not sanitised for `category`. Returns true when reported. */
  private sink(category: CodeCategory, sinkName: string, v: Val | undefined, pos: Pos, frame: Frame, at?: SourceLocation): boolean {
    if (!v) return false;
    const t = v.taint ?? (v.ev ? this.taintFor(v, frame, pos) : undefined);
    if (!t || t.sanitized.has(category)) return false;
    const location = at ?? loc(frame.mod.ir.file, pos);
    const key = `${category}|${location.file}:${location.line}:${location.column}|${t.source.file}:${t.source.line}:${t.source.column}`;
    if (this.findings.has(key)) return true;
    const path = addStep(t, { location, message: `reaches \`${sinkName}\` (${category})` }).steps;
    this.findings.set(key, {
      category,
      message: `${t.label} reaches ${sinkName} without sanitisation (${category})`,
      sink: sinkName,
      source: t.source,
      sourceLabel: t.label,
      sourceKind: t.kind,
      location,
      path: [...path],
    });
    return true;
  }

  private checkHtmlResponse(v: Val, frame: Frame): void {
    if (!v.props) return;
    const headers = v.props.get('headers') ?? v.props.get('Headers');
    const body = v.props.get('body') ?? v.props.get('Body');
    if (!headers?.props || !body) return;
    let html = false;
    for (const [k, h] of headers.props) if (k.toLowerCase() === 'content-type' && /text\/html/i.test(String(h.str ?? h.pat?.text ?? ''))) html = true;
    if (!html) return;
    this.sink('xss', 'HTML response body', body, body.at ? posOf(body.at) : { line: 1, column: 1, endLine: 1, endColumn: 1 }, frame, body.at);
  }

  // ----- AWS SDK --------------------------------------------------------------------------

  private sdkNew(callee: Val, args: Val[], frame: Frame, pos: Pos): Val | null {
    const ext = callee.ext;
    if (!ext) return null;
    const name = ext.path.filter((p) => p !== 'default');
    if (ext.pkg.startsWith('@aws-sdk/client-')) {
      const service = servicePrefix(ext.pkg.slice('@aws-sdk/client-'.length));
      const cls = name[name.length - 1];
      if (!cls) return null;
      if (cls.endsWith('Command')) {
        const op = cls.slice(0, -'Command'.length);
        this.record('js-v3', service, op, args[0], undefined, frame, pos);
        return { sdk: { t: 'command', service, op } };
      }
      return { sdk: { t: 'client', service, sdk: 'js-v3', doc: false, bare: cls.endsWith('Client') } };
    }
    if (ext.pkg === '@aws-sdk/lib-dynamodb') {
      const cls = name[name.length - 1] ?? '';
      if (cls.endsWith('Command')) {
        const op = DOCUMENT_CLIENT_OPS[cls.slice(0, -'Command'.length)] ?? cls.slice(0, -'Command'.length);
        this.record('js-v3', 'dynamodb', op, args[0], undefined, frame, pos);
        return { sdk: { t: 'command', service: 'dynamodb', op } };
      }
      return { sdk: { t: 'client', service: 'dynamodb', sdk: 'js-v3', doc: true, bare: cls === 'DynamoDBDocumentClient' } };
    }
    if (ext.pkg === '@aws-sdk/lib-storage' && name[0] === 'Upload') {
      const params = args[0]?.props?.get('params');
      this.record('js-v3', 's3', 'Upload', params, undefined, frame, pos);
      return {};
    }
    if (ext.pkg === 'aws-sdk' || ext.pkg.startsWith('aws-sdk/clients/')) {
      const svc = ext.pkg === 'aws-sdk' ? name[0] : ext.pkg.slice('aws-sdk/clients/'.length);
      if (!svc) return null;
      const doc = (ext.pkg === 'aws-sdk' ? name[1] : name[0]) === 'DocumentClient';
      if (ext.pkg === 'aws-sdk' && name.length > (doc ? 2 : 1)) return null;
      if (['config', 'Credentials', 'Endpoint', 'util', 'Config'].includes(svc)) return null;
      return { sdk: { t: 'client', service: doc ? 'dynamodb' : servicePrefix(svc), sdk: 'js-v2', doc, bare: false } };
    }
    return null;
  }

  private sdkCall(e: Extract<Expr, { k: 'call' }>, callee: Val, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Val | null {
    const ext = callee.ext;
    const pos = e.pos;
    if (ext) {
      const name = ext.path.filter((p) => p !== 'default');
      if (ext.pkg.startsWith('@aws-sdk/client-') || ext.pkg === '@aws-sdk/lib-dynamodb') {
        const service = ext.pkg === '@aws-sdk/lib-dynamodb' ? 'dynamodb' : servicePrefix(ext.pkg.slice('@aws-sdk/client-'.length));
        const fn = name[name.length - 1] ?? '';
        if (fn.startsWith('paginate')) {
          const stem = fn.slice('paginate'.length);
          this.record('js-v3', service, ext.pkg === '@aws-sdk/lib-dynamodb' ? (DOCUMENT_CLIENT_OPS[stem] ?? stem) : stem, args[1], undefined, frame, pos);
          return {};
        }
        if (fn.startsWith('waitUntil') || fn.startsWith('waitFor')) {
          const stem = fn.replace(/^waitUntil|^waitFor/, '');
          const op = WAITER_OPS[stem];
          if (op) this.record('js-v3', service, op, args[1], undefined, frame, pos);
          return {};
        }
        if (name.length === 2 && name[1] === 'from') return { sdk: { t: 'client', service: 'dynamodb', sdk: 'js-v3', doc: true, bare: name[0] === 'DynamoDBDocumentClient' } };
      }
      if (ext.pkg === '@aws-sdk/s3-presigned-post') {
        this.record('js-v3', 's3', 'PutObject', args[1], undefined, frame, pos);
        return {};
      }
      if (ext.pkg === 'boto3' || ext.pkg === 'aioboto3' || ext.pkg === 'boto3.session') {
        const fn = name[name.length - 1];
        if (fn === 'client' || fn === 'resource') return this.boto3Factory(fn, args, kw);
      }
    }
    if (recv?.lib === 'boto3' && (method === 'client' || method === 'resource') && !recv.sdk) return this.boto3Factory(method, args, kw);
    const s = recv?.sdk;
    if (!s || !method) return null;
    if (s.t === 'client') {
      if (s.bare) {
        if (method === 'send') return {};
        return null;
      }
      return this.clientMethod(s, method, e, args, kw, frame);
    }
    if (s.t === 'paginator') {
      if (method === 'paginate') this.record('boto3', s.service, s.op, undefined, kw, frame, pos);
      return {};
    }
    if (s.t === 'resource' && this.ruby) {
      const type = RUBY_RESOURCE_TYPES[method];
      if (type) return { sdk: { t: 'res-obj', service: s.service, type, ident: rubyIdent(args) } };
      const op = RUBY_RESOURCE_LISTS[method] ?? (method === 'get_queue_by_name' ? 'GetQueueUrl' : operationName(method));
      this.record('ruby', s.service, op, undefined, rubyFields(kw, args), frame, pos);
      return method === 'get_queue_by_name' ? { sdk: { t: 'res-obj', service: s.service, type: 'Queue', ident: [] } } : {};
    }
    if (s.t === 'res-obj' && this.ruby) {
      if (s.type === 'Bucket' && method === 'object') return { sdk: { t: 'res-obj', service: s.service, type: 'Object', ident: [s.ident[0] ?? EMPTY, ...rubyIdent(args)] } };
      const m = RUBY_RESOURCE_METHODS[`${s.type}#${method}`];
      if (m === null) return {};
      if (m === undefined && method === 'presigned_url') {
        const verb = this.strOf(args[0] ?? EMPTY);
        return verb ? this.resourceMethod(s, verb, [], new Map(), frame, pos, 'ruby') : {};
      }
      return this.resourceMethod(s, m ?? method, [], rubyFields(kw, args), frame, pos, 'ruby');
    }
    if (s.t === 'resource') {
      if (/^[A-Z]/.test(method)) return { sdk: { t: 'res-obj', service: s.service, type: method, ident: args.length ? args : [...kw.values()] } };
      if (method === 'get_queue_by_name') {
        this.record('boto3', s.service, 'GetQueueUrl', undefined, kw, frame, pos);
        return { sdk: { t: 'res-obj', service: 'sqs', type: 'Queue', ident: [] } };
      }
      if (method === 'meta') return null;
      this.record('boto3', s.service, operationName(method), undefined, kw, frame, pos);
      return {};
    }
    if (s.t === 'res-obj') return this.resourceMethod(s, method, args, kw, frame, pos);
    return null;
  }

  private boto3Factory(kind: string, args: Val[], kw: Map<string, Val>): Val {
    const name = this.strOf(args[0] ?? kw.get('service_name') ?? EMPTY);
    if (!name) return { lib: 'boto3' };
    const service = servicePrefix(name);
    return kind === 'client' ? { sdk: { t: 'client', service, sdk: 'boto3', doc: false, bare: false } } : { sdk: { t: 'resource', service } };
  }

  private clientMethod(s: Extract<SdkObj, { t: 'client' }>, method: string, e: Extract<Expr, { k: 'call' }>, args: Val[], kw: Map<string, Val>, frame: Frame): Val {
    const pos = e.pos;
    const py = s.sdk === 'boto3';
    if (Object.prototype.hasOwnProperty.call(CLIENT_HELPERS, method)) {
      const mapped = CLIENT_HELPERS[method];
      if (mapped) {
        if (py) {
          const positional = new Map(kw);
          // upload_file(Filename, Bucket, Key) / download_file(Bucket, Key, Filename) / copy(CopySource, Bucket, Key)
          const bucketIdx = method.startsWith('upload') || method === 'copy' ? 1 : 0;
          if (args[bucketIdx] && !positional.has('Bucket')) positional.set('Bucket', { ...args[bucketIdx]!, at: loc(frame.mod.ir.file, e.args[bucketIdx]!.pos) });
          if (args[bucketIdx + 1] && !positional.has('Key')) positional.set('Key', { ...args[bucketIdx + 1]!, at: loc(frame.mod.ir.file, e.args[bucketIdx + 1]!.pos) });
          this.record('boto3', s.service, mapped, undefined, positional, frame, pos);
        } else this.record(s.sdk, s.service, mapped, args[0], undefined, frame, pos);
        return {};
      }
      if (method === 'get_paginator') {
        const op = this.strOf(args[0] ?? EMPTY);
        return op ? { sdk: { t: 'paginator', service: s.service, op: operationName(op) } } : {};
      }
      if (method === 'get_waiter' || method === 'waitFor') {
        const w = this.strOf(args[0] ?? EMPTY);
        const op = w ? WAITER_OPS[w] ?? WAITER_OPS[operationName(w)] : undefined;
        if (op) this.record(s.sdk, s.service, op, py ? undefined : args[1], undefined, frame, pos);
        return {};
      }
      if (method === 'generate_presigned_url' || method === 'getSignedUrl' || method === 'getSignedUrlPromise' || method === 'makeRequest') {
        const opName = this.strOf(args[0] ?? kw.get('ClientMethod') ?? EMPTY);
        if (opName) {
          const params = py ? kw.get('Params') ?? args[1] : args[1];
          this.record(s.sdk, s.service, s.doc ? (DOCUMENT_CLIENT_OPS[opName] ?? operationName(opName)) : operationName(opName), params, undefined, frame, pos);
        }
        return {};
      }
      if (method === 'generate_presigned_post' || method === 'createPresignedPost') {
        this.record(s.sdk, s.service, 'PutObject', py ? undefined : args[0], py ? kw : undefined, frame, pos);
        return {};
      }
      return {};
    }
    const op = s.doc ? (DOCUMENT_CLIENT_OPS[method] ?? operationName(method)) : operationName(method);
    this.record(s.sdk, s.service, op, py ? undefined : args[0], py ? kw : undefined, frame, pos);
    return {};
  }

  private resourceMethod(s: Extract<SdkObj, { t: 'res-obj' }>, method: string, args: Val[], kw: Map<string, Val>, frame: Frame, pos: Pos, sdk: SdkFlavor = 'boto3'): Val {
    const ident = new Map(kw);
    const identNames: Record<string, string[]> = { Table: ['TableName'], Bucket: ['Bucket'], Object: ['Bucket', 'Key'], objects: ['Bucket'], Queue: ['QueueUrl'], Topic: ['TopicArn'], batch_writer: ['TableName'], Function: ['FunctionName'] };
    (identNames[s.type] ?? []).forEach((n, i) => {
      if (s.ident[i] && !ident.has(n)) ident.set(n, s.ident[i]!);
    });
    if (s.type === 'Table' && method === 'batch_writer') return { sdk: { t: 'res-obj', service: s.service, type: 'batch_writer', ident: s.ident } };
    let op: string;
    if (s.type === 'batch_writer') op = method === 'delete_item' || method === 'put_item' ? 'BatchWriteItem' : '';
    else if (s.type === 'objects') op = method === 'delete' ? 'DeleteObjects' : 'ListObjectsV2';
    else if (s.type === 'Object') op = ({ get: 'GetObject', put: 'PutObject', delete: 'DeleteObject', load: 'HeadObject', reload: 'HeadObject', copy_from: 'CopyObject', upload_file: 'UploadFile', download_file: 'DownloadFile', upload_fileobj: 'UploadFile', download_fileobj: 'DownloadFile' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Bucket') op = ({ put_object: 'PutObject', upload_file: 'UploadFile', upload_fileobj: 'UploadFile', download_file: 'DownloadFile', download_fileobj: 'DownloadFile', delete: 'DeleteBucket', load: 'HeadBucket', copy: 'Copy' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Table') op = ({ load: 'DescribeTable', reload: 'DescribeTable', delete: 'DeleteTable', update: 'UpdateTable' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Queue') op = ({ load: 'GetQueueAttributes', reload: 'GetQueueAttributes', delete: 'DeleteQueue', receive_messages: 'ReceiveMessage' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Topic') op = ({ load: 'GetTopicAttributes', delete: 'DeleteTopic' } as Record<string, string>)[method] ?? operationName(method);
    else op = operationName(method);
    if (op && !['meta', 'name', 'key'].includes(method)) {
      if ((method.startsWith('upload') || method.startsWith('download')) && s.type === 'Bucket' && args[1] && !ident.has('Key')) ident.set('Key', args[1]);
      this.record(sdk, s.service, op, undefined, ident, frame, pos);
    }
    return {};
  }

  private record(sdk: SdkFlavor, service: string, operation: string, input: Val | undefined, kw: Map<string, Val> | undefined, frame: Frame, pos: Pos): void {
    const location = loc(frame.mod.ir.file, pos);
    const fields: Map<string, Val> = kw ?? input?.props ?? new Map();
    const mapping = actionsFor(service, operation);
    let actions = [...mapping.actions];
    if (service === 'dynamodb' && operation === 'ExecuteStatement') {
      const stmt = this.strOf(fields.get('Statement') ?? EMPTY);
      const verb = stmt ? /^\s*(select|insert|update|delete)/i.exec(stmt)?.[1] : undefined;
      if (verb) actions = [`dynamodb:PartiQL${verb[0]!.toUpperCase()}${verb.slice(1).toLowerCase()}`];
    }
    // an object written with an ACL needs s3:PutObjectAcl as well (the request carries x-amz-acl / x-amz-grant-*)
    if (service === 's3' && ['PutObject', 'CopyObject', 'CreateMultipartUpload'].includes(operation) && [...fields.keys()].some((k) => S3_ACL_FIELDS.test(k))) actions.push('s3:PutObjectAcl');
    const resources: SdkResource[] = [];
    let resourceTaint: TaintPath | null = null;
    for (const param of RESOURCE_PARAMS) {
      const v = fields.get(param);
      if (!v) continue;
      resources.push({ param, value: this.resourceValue(v) });
      const t = v.taint;
      if (t && !resourceTaint) resourceTaint = toPath(addStep(t, { location: v.at ?? location, message: `used as ${param} of ${service}:${operation}` }));
      break;
    }
    const requestItems = fields.get('RequestItems');
    if (requestItems) {
      for (const k of requestItems.props?.keys() ?? []) if (!k.startsWith('${')) resources.push({ param: 'RequestItems', value: { kind: 'literal', value: k } });
      for (const kv of requestItems.keyVals ?? []) if (kv.str === undefined) resources.push({ param: 'RequestItems', value: this.resourceValue(kv) });
    }
    if (service === 'events' && operation === 'PutEvents') {
      const entry = fields.get('Entries');
      const bus = entry ? this.member(entry, '*', frame, pos).props?.get('EventBusName') ?? (entry.items?.[0]?.props?.get('EventBusName')) : undefined;
      if (bus) resources.push({ param: 'EventBusName', value: this.resourceValue(bus) });
    }
    // request-level injection: expression strings, whole request objects, SQL text
    if (service === 'dynamodb') {
      for (const f of DYNAMO_EXPRESSIONS) {
        const v = fields.get(f);
        if (v) this.sink('nosql-injection', `dynamodb:${operation} ${f}`, v, pos, frame, v.at);
      }
      if (input && input.taint && !input.props) this.sink('nosql-injection', `dynamodb:${operation} request`, input, pos, frame);
      // Legacy condition maps: attribute → { ComparisonOperator, AttributeValueList }. Values in the
      // list are data (bound like parameters); the map, a condition or its operator taken from the
      // event lets the caller choose the comparison (`NOT_NULL` on every item).
      for (const f of DYNAMO_CONDITION_MAPS) {
        const v = fields.get(f);
        if (!v) continue;
        if (v.taint && !v.props) {
          this.sink('nosql-injection', `dynamodb:${operation} ${f}`, v, pos, frame, v.at);
          continue;
        }
        for (const [attr, cond] of v.props ?? []) {
          const op = cond.props?.get('ComparisonOperator');
          const bad = cond.taint && !cond.props ? cond : op?.taint ? op : undefined;
          if (bad) this.sink('nosql-injection', `dynamodb:${operation} ${f}.${attr}`, bad, pos, frame, bad.at ?? v.at);
        }
      }
    }
    const sqlField = SDK_SQL_FIELDS[`${service}:${operation}`];
    if (sqlField) {
      const v = fields.get(sqlField);
      if (v) this.sink('sql-injection', `${service}:${operation} ${sqlField}`, v, pos, frame, v.at);
    }
    let payloadTaint: TaintPath | null = null;
    const payloadFields = SEND_OPERATIONS[`${service}:${operation}`];
    if (payloadFields) {
      for (const f of payloadFields) {
        const v = fields.get(f);
        const t = v ? (v.taint ?? this.deepTaint(v, 2)) : undefined;
        if (t) {
          payloadTaint = { ...toPath(addStep(t, { location: v?.at ?? location, message: `sent as ${f} of ${service}:${operation}` })), field: f };
          break;
        }
      }
      if (!payloadTaint && input?.taint) payloadTaint = toPath(addStep(input.taint, { location, message: `sent as the request of ${service}:${operation}` }));
    }
    const key = `${location.file}:${location.line}:${location.column}:${service}:${operation}`;
    const existing = this.calls.get(key);
    if (existing) {
      existing.reachable ||= this.reachable;
      existing.resourceTaint ??= resourceTaint;
      existing.payloadTaint ??= payloadTaint;
      return;
    }
    this.calls.set(key, { sdk, service, operation, actions, actionSource: mapping.source, resources, location, reachable: this.reachable, resourceTaint, payloadTaint });
  }

  private deepTaint(v: Val, depth: number): Taint | undefined {
    if (v.taint) return v.taint;
    if (depth <= 0) return undefined;
    for (const x of v.props?.values() ?? []) {
      const t = this.deepTaint(x, depth - 1);
      if (t) return t;
    }
    for (const x of v.items ?? []) {
      const t = this.deepTaint(x, depth - 1);
      if (t) return t;
    }
    return undefined;
  }

  private resourceValue(v: Val): ResourceValue {
    if (v.taint) return { kind: 'unknown', reason: `comes from the event (${v.taint.label})`, tainted: true };
    if (v.env) return { kind: 'env', name: v.env };
    if (typeof v.str === 'string') return { kind: 'literal', value: v.str };
    if (v.pat && v.pat.envs.length) return { kind: 'pattern', pattern: v.pat.text, env: [...new Set(v.pat.envs)] };
    if (v.pat) return { kind: 'pattern', pattern: v.pat.text, env: [] };
    return { kind: 'unknown', reason: 'not a literal or an environment variable', tainted: false };
  }
}

/** aws-sdk-ruby resource constructors: `resource.bucket(name)`, `resource.table(name)`. */
const RUBY_RESOURCE_TYPES: Readonly<Record<string, string>> = { bucket: 'Bucket', table: 'Table', queue: 'Queue', topic: 'Topic' };
const RUBY_RESOURCE_LISTS: Readonly<Record<string, string>> = { buckets: 'ListBuckets', tables: 'ListTables', queues: 'ListQueues', topics: 'ListTopics' };
/** Resource methods named otherwise than the client operation (null: no request). */
const RUBY_RESOURCE_METHODS: Readonly<Record<string, string | null>> = {
  'Object#exists?': 'load',
  'Bucket#exists?': 'load',
  'Bucket#objects': 'list_objects_v2',
  'Object#key': null,
  'Object#bucket_name': null,
  'Bucket#name': null,
  'Table#name': null,
  'Queue#url': null,
  'Topic#arn': null,
  'Object#public_url': null,
};

/** The identifiers given to a resource object: positional arguments, then keyword ones (`bucket_name:`, `key:`). */
function rubyIdent(args: Val[]): Val[] {
  const out: Val[] = [];
  for (const a of args) {
    if (a.props && !a.taint && a.str === undefined && !a.env) out.push(...a.props.values());
    else out.push(a);
  }
  return out;
}

/** Keyword arguments (or a request hash) of an aws-sdk-ruby call as request fields (`bucket:` → `Bucket`). */
function rubyFields(kw: Map<string, Val>, args: Val[]): Map<string, Val> {
  const out = new Map<string, Val>();
  for (const a of args) if (a.props) for (const [k, v] of a.props) out.set(fieldName(k), v);
  for (const [k, v] of kw) if (k !== '**') out.set(fieldName(k), v);
  return out;
}

function toPath(t: Taint): TaintPath {
  return { sourceKind: t.kind, sourceLabel: t.label, steps: [...t.steps] };
}

function posOf(l: SourceLocation): Pos {
  return { line: l.line, column: l.column, endLine: l.endLine ?? l.line, endColumn: l.endColumn ?? l.column };
}

function sigOf(v: Val): string {
  if (v.taint) return `T${v.taint.sanitized.size}${v.taint.source.line}`;
  if (v.ev) return `E${v.ev.join('.')}`;
  if (v.sdk) return 'S';
  if (v.fn) return `F${fnId(v.fn.fn)}`;
  if (v.props) return `O${v.props.size}`;
  if (v.str !== undefined) return 'C';
  return '-';
}

function keyOf(e: Expr): string | null {
  if (e.k === 'name') return e.name;
  if (e.k === 'member' && e.prop !== null) {
    const base = keyOf(e.object);
    return base ? `${base}.${e.prop}` : null;
  }
  if (e.k === 'call' && e.callee.k === 'member' && e.callee.prop === 'get' && e.args[0]?.k === 'lit') {
    const base = keyOf(e.callee.object);
    return base ? `${base}.${String(e.args[0].value)}` : null;
  }
  return null;
}

/** A Ruby pattern anchored at both ends of the string (`\A…\z`; `^…$` anchor lines only) without a wildcard. */
function rubyAnchored(pattern: string): boolean {
  return pattern.startsWith('\\A') && (pattern.endsWith('\\z') || pattern.endsWith('\\Z')) && !/\.\*|\.\+/.test(pattern);
}

function anchored(pattern: string): boolean {
  return pattern.startsWith('^') && pattern.endsWith('$') && !/\.\*|\.\+/.test(pattern);
}
