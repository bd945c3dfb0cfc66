/**
 * The abstract values of the handler interpreter (`interp.ts`): taint with its path, closures,
 * classes, SDK objects, scopes, module and frame state, and the pure helpers over them (merging
 * branches, call signatures for the memo, anchored patterns). No evaluation here.
 */
import type { FlowStep } from '../../model/findings.js';
import type { Diagnostic, EntryPointKind, SourceLocation } from '../../model/types.js';
import type { Expr, IrClass, IrFunction, IrModule, Pos } from '../../model/code-ir.js';
import { type CodeCategory } from './sinks.js';
import type { SdkCall, SdkFlavor, SendRecord, TaintFinding, TaintPath } from './types.js';
import { fieldName } from './typed.js';
import type { WebFramework } from './web.js';

/** Methods that call their callback (a JS function, a Ruby block) with each element of the receiver. */
export const ITERATORS = new Set(['map', 'forEach', 'filter', 'flatMap', 'some', 'every', 'find', 'findIndex', 'sort', 'each', 'each_with_index', 'each_with_object', 'collect', 'select', 'reject', 'filter_map', 'flat_map', 'detect', 'find_all', 'any?', 'all?', 'none?', 'sum', 'group_by', 'partition', 'sort_by', 'min_by', 'max_by', 'each_slice', 'each_value']);
/** Ruby calls that run a command when their string starts with `|`, and what they are otherwise. */
export const RUBY_OPEN = new Map<string, CodeCategory>([
  ['Kernel.open', 'path-traversal'],
  ['IO.read', 'path-traversal'],
  ['IO.readlines', 'path-traversal'],
  ['IO.write', 'path-traversal'],
  ['IO.foreach', 'path-traversal'],
  ['IO.binread', 'path-traversal'],
  ['URI.open', 'ssrf'],
]);
/** ActiveRecord class methods whose first argument is raw SQL. */
export const AR_RAW_SQL = new Set(['find_by_sql', 'count_by_sql']);
/**
 * ActiveRecord query methods that take an SQL fragment when given a string (not a hash or `?`
 * placeholders with literal text): a string from the event, whole or built into the text, is SQL.
 * (`exists?` takes a string as a primary key, not SQL.)
 */
export const AR_SQL_FRAGMENT = new Set(['where', 'rewhere', 'not', 'order', 'reorder', 'group', 'having', 'joins', 'from', 'select', 'pluck', 'find_by', 'delete_by', 'destroy_by', 'update_all', 'delete_all', 'lock', 'calculate', 'sum', 'minimum', 'maximum', 'average']);
/** Methods whose string arguments ActiveRecord 6.0 and later accepts only as column names (else it raises UnknownAttributeReference). */
export const AR_COLUMN_CHECKED = new Set(['order', 'reorder', 'pluck']);
/** Constants of the standard library and common gems that are not models. */
export const RUBY_NOT_MODELS = new Set(['JSON', 'YAML', 'Psych', 'File', 'IO', 'Dir', 'Kernel', 'Open3', 'Process', 'URI', 'Net', 'ENV', 'Time', 'Date', 'DateTime', 'Base64', 'Digest', 'SecureRandom', 'Integer', 'Float', 'String', 'Array', 'Hash', 'Aws', 'Logger', 'ERB', 'CGI', 'Shellwords', 'Marshal', 'Oj', 'Faraday', 'HTTParty', 'Sequel', 'PG', 'Mysql2', 'SQLite3', 'FileUtils', 'Pathname', 'Rack', 'Struct', 'OpenSSL', 'Regexp', 'Math', 'Set', 'StringIO', 'Zlib']);
/** Languages lowered with declared types and class-based SDKs (see typed.ts). */
export const TYPED_LANGUAGES = new Set(['java', 'go', 'csharp', 'ruby']);
/** Handler parameters that are the invocation context, not the event (Go's ctx comes first). */
export const CONTEXT_TYPE = /(^|[./])(Context|ILambdaContext)$/;
export const SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|zsh|dash|ksh|cmd(\.exe)?|powershell(\.exe)?|pwsh)$/i;

// ---------------------------------------------------------------------------------------------
// Abstract values
// ---------------------------------------------------------------------------------------------

export interface Taint {
  kind: EntryPointKind | null;
  label: string;
  source: SourceLocation;
  steps: readonly FlowStep[];
  sanitized: ReadonlySet<CodeCategory>;
  /** A caught exception (its message, stack, the object), not event data: only `verbose-error` sinks take it. */
  exception?: true;
  /** Read back from a store another function wrote from this entry point (second order): its exposure is that entry point's. */
  origin?: string;
}

export interface Closure {
  fn: IrFunction;
  scope: Scope;
  mod: ModState;
  thisVal?: Val;
  /** Arguments fixed by `fn.bind(this, a, b)`, passed before the call's own. */
  bound?: Val[];
}

export interface ClassVal {
  cls: IrClass;
  scope: Scope;
  mod: ModState;
}

export type SdkObj =
  | { t: 'client'; service: string; sdk: SdkFlavor; doc: boolean; bare: boolean }
  | { t: 'command'; service: string; op: string }
  | { t: 'resource'; service: string }
  | { t: 'res-obj'; service: string; type: string; ident: Val[] }
  | { t: 'paginator'; service: string; op: string }
  /** A Google Cloud client library or Azure SDK object (cloud-sdk.ts): its library, type, the resource it names, and whether it authenticates with a key. */
  | { t: 'cloud'; lib: string; type: string; res?: Val; key: boolean };

export interface Val {
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
  /** The `resolve` (or `reject`) of a `new Promise(executor)`: what it is called with is the promise's value. */
  settle?: { value?: Val };
  /** A web framework's app, router or blueprint (its routes fill in as the module runs). */
  webApp?: WebApp;
  /** What a Lambda adapter made of an app (`Mangum(app)`, `serverless(app)`): the Lambda handler that serves it. */
  webHandler?: WebApp;
  /** Django `path(route, view)` / `re_path` / `url`: one URL pattern; `include(...)` as its view names more patterns. */
  urlPattern?: { route: string; view: Val; at: SourceLocation };
  /** A Django REST framework router (`DefaultRouter()`): the viewsets registered on it, by URL prefix. */
  drfRouter?: { entries: { prefix: string; view: Val; at: SourceLocation }[] };
  /** Django `include("app.urls")` / `include([...])`: the URLconf module (dotted) or the patterns. */
  urlInclude?: { module?: string; patterns?: Val };
  /** `app.route('/x')` before it decorates a function. */
  routeOf?: { app: WebApp; label: string; error?: boolean };
  /** A framework's request object (`request`, `req`, `app.current_request`), or one of its methods. */
  req?: { fw: WebFramework; name: string; method?: string };
  /** Express's response object. */
  res?: true;
  /** A network socket (`net.connect`, `socket.socket`, its `fileno()`) and where it connects. */
  sock?: { peer: string; at: SourceLocation; taint?: Taint };
  /** A shell process (`spawn('/bin/sh')`, `pty.spawn`) or one of its standard streams. */
  shell?: { program: string; at: SourceLocation; stream?: string };
}

/** A web app and the routes registered on it (shared by reference, like a module's state). */
export interface WebApp {
  framework: WebFramework;
  routes: WebRoute[];
  /** Blueprints and routers mounted on it. */
  mounted: WebApp[];
}

export interface WebRoute {
  fn: Closure;
  framework: WebFramework;
  /** `GET /items/<id>`. */
  label: string;
  at: SourceLocation;
  /** An error handler: its first argument (after the request, for FastAPI) is the exception. */
  error?: boolean;
}

export const EMPTY: Val = Object.freeze({}) as Val;

/** Request fields that set an object's ACL (`ACL`, `CannedAcl`, `AccessControlList`, `GrantRead`, ...). */
export const S3_ACL_FIELDS = /^(?:ACL|Acl|CannedAcl|CannedACL|AccessControlList|Grant[A-Z]\w*)$/;

export class Scope {
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

export interface ModState {
  ir: IrModule;
  scope: Scope;
  exports: Val;
  state: 'new' | 'running' | 'done';
}

export interface Frame {
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

export const MAX_STEPS_IN_PATH = 24;

/** Calls whose result encodes a whole object: a tainted field taints the result. */
export const SERIALIZERS = new Set(['JSON.stringify', 'json.dumps', 'json.dump', 'str', 'String', 'Buffer.from', 'base64.b64encode', 'util.inspect']);

export function loc(file: string, pos: Pos): SourceLocation {
  return { file, line: pos.line, column: pos.column, endLine: pos.endLine, endColumn: pos.endColumn };
}

export function addStep(t: Taint, step: FlowStep): Taint {
  const last = t.steps[t.steps.length - 1];
  if (last && last.location.file === step.location.file && last.location.line === step.location.line && last.message === step.message) return t;
  let steps = [...t.steps, step];
  if (steps.length > MAX_STEPS_IN_PATH) steps = [...steps.slice(0, 4), ...steps.slice(steps.length - (MAX_STEPS_IN_PATH - 4))];
  return { ...t, steps };
}

export function pickTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  // event data wins over an exception: it is what every other sink looks for
  if (a.exception !== b.exception) return a.exception ? b : a;
  return b.sanitized.size < a.sanitized.size ? b : a;
}

/** The taint of event data (an exception's is left out). */
export function eventTaint(t: Taint | undefined): Taint | undefined {
  return t?.exception ? undefined : t;
}

/** A caught exception as a value: what a handler that returns it, its message or its stack tells the caller. */
export function exceptionVal(label: string, at: SourceLocation): Val {
  return { taint: { kind: null, label, source: at, steps: [{ location: at, message: `\`${label}\` holds the exception (message, stack, internal details)` }], sanitized: new Set(), exception: true } };
}

/** Error-first callbacks name their first parameter so (`err`, `error`, `e`, `ex`): it holds the library's error. */
export function errorFirst(c: Closure, at: SourceLocation): Val | undefined {
  const p = c.fn.params[0]?.pattern;
  return p?.k === 'pname' && /^(?:err|error|e|ex|exc|exception)$/i.test(p.name) ? exceptionVal(p.name, at) : undefined;
}

export function merge(a: Val | undefined, b: Val | undefined): Val {
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
  const settle = a.settle ?? b.settle;
  if (settle) out.settle = settle;
  const webApp = a.webApp ?? b.webApp;
  if (webApp) out.webApp = webApp;
  const webHandler = a.webHandler ?? b.webHandler;
  if (webHandler) out.webHandler = webHandler;
  const req = a.req ?? b.req;
  if (req) out.req = req;
  if (a.res || b.res) out.res = true;
  const sock = a.sock ?? b.sock;
  if (sock) out.sock = sock;
  const shell = a.shell ?? b.shell;
  if (shell) out.shell = shell;
  return out;
}

export function clean(v: Val): Val {
  if (!v.taint && !v.ev) return v;
  const { taint: _t, ev: _e, ...rest } = v;
  return rest;
}

export function normalisePkg(source: string): string {
  let s = source.startsWith('node:') ? source.slice(5) : source;
  if (s === 'fs/promises') s = 'fs.promises';
  if (s === 'mysql2/promise') s = 'mysql2';
  if (s === 'lodash.escape') s = 'lodash.escape';
  return s;
}

export function rootPkg(pkg: string): string {
  if (pkg.startsWith('@')) return pkg.split('/').slice(0, 2).join('/');
  return pkg.split(/[/.]/)[0] ?? pkg;
}

export function qname(v: Val): string | null {
  if (!v.ext) return null;
  const path = v.ext.path.filter((p) => p !== 'default');
  if (!v.ext.pkg) return path.join('.') || null;
  return path.length ? `${v.ext.pkg}.${path.join('.')}` : v.ext.pkg;
}

let fnIds = new WeakMap<IrFunction, number>();
let nextFnId = 1;
/** Function ids are per interpreter run (memo keys); a new run starts them again. */
export function resetFnIds(): void {
  fnIds = new WeakMap();
  nextFnId = 1;
}
export function fnId(fn: IrFunction): number {
  let id = fnIds.get(fn);
  if (id === undefined) {
    id = nextFnId++;
    fnIds.set(fn, id);
  }
  return id;
}

export const JS_GLOBAL_PROCESS = 'process';

/** aws-sdk-ruby resource constructors: `resource.bucket(name)`, `resource.table(name)`. */
export const RUBY_RESOURCE_TYPES: Readonly<Record<string, string>> = { bucket: 'Bucket', table: 'Table', queue: 'Queue', topic: 'Topic' };
export const RUBY_RESOURCE_LISTS: Readonly<Record<string, string>> = { buckets: 'ListBuckets', tables: 'ListTables', queues: 'ListQueues', topics: 'ListTopics' };
/** Resource methods named otherwise than the client operation (null: no request). */
export const RUBY_RESOURCE_METHODS: Readonly<Record<string, string | null>> = {
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
export function rubyIdent(args: Val[]): Val[] {
  const out: Val[] = [];
  for (const a of args) {
    if (a.props && !a.taint && a.str === undefined && !a.env) out.push(...a.props.values());
    else out.push(a);
  }
  return out;
}

/** Keyword arguments (or a request hash) of an aws-sdk-ruby call as request fields (`bucket:` → `Bucket`). */
export function rubyFields(kw: Map<string, Val>, args: Val[]): Map<string, Val> {
  const out = new Map<string, Val>();
  for (const a of args) if (a.props) for (const [k, v] of a.props) out.set(fieldName(k), v);
  for (const [k, v] of kw) if (k !== '**') out.set(fieldName(k), v);
  return out;
}

export function toPath(t: Taint): TaintPath {
  return { sourceKind: t.kind, sourceLabel: t.label, steps: [...t.steps], ...(t.origin ? { origin: t.origin } : {}) };
}

export function posOf(l: SourceLocation): Pos {
  return { line: l.line, column: l.column, endLine: l.endLine ?? l.line, endColumn: l.endColumn ?? l.column };
}

export function sigOf(v: Val, depth = 2): string {
  if (v.taint) return `T${v.taint.sanitized.size}${v.taint.source.line}`;
  if (v.ev) return `E${v.ev.join('.')}`;
  if (v.sdk) return 'S';
  if (v.fn) return `F${fnId(v.fn.fn)}`;
  if (v.req || v.res) return v.req ? `R${v.req.fw}` : 'Q';
  // an object's sig tells whether a field carries data (`respond(500, { error: e })` after `respond(200, { items })`)
  if (v.props) return `O${v.props.size}${[...v.props.values()].map((x) => (x.taint ? `T${x.taint.exception ? 'x' : ''}${x.taint.source.line}` : x.props && depth > 0 ? sigOf(x, depth - 1) : '')).join('')}`;
  if (v.str !== undefined) return 'C';
  return '-';
}

export function keyOf(e: Expr): string | null {
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
export function rubyAnchored(pattern: string): boolean {
  return pattern.startsWith('\\A') && (pattern.endsWith('\\z') || pattern.endsWith('\\Z')) && !/\.\*|\.\+/.test(pattern);
}

export function anchored(pattern: string): boolean {
  return pattern.startsWith('^') && pattern.endsWith('$') && !/\.\*|\.\+/.test(pattern);
}
