/**
 * Evaluates HCL expressions symbolically: known values are computed the way Terraform computes
 * them, references to resources stay symbolic (CloudFormation intrinsics), and whatever cannot be
 * known becomes an Unknown with a reason. Bounded everywhere (collection sizes, recursion).
 */
import { RE2JS } from 're2js';
import type { SourceLocation } from '../../model/types.js';
import { LineIndex } from '../cloudformation/parse.js';
import { parseTemplate, type Expr, type TemplatePart } from './hcl.js';
import {
  CfnExpr,
  Concat,
  EvalError,
  Handle,
  JsonText,
  Sym,
  Unknown,
  concat,
  equal,
  findUnknown,
  isKnown,
  isObject,
  newObject,
  parseJsonWithSymbols,
  stringify,
  typeName,
  type V,
  type VObject,
} from './values.js';

export const MAX_COLLECTION = 10_000;

/** What the evaluator needs from the loader: files (read only inside the scanned tree) and a location side table. */
export interface EvalHost {
  /** Reads a file named by a Terraform path expression (relative to the root module). Null when absent or not allowed. */
  readFile(path: string): string | null;
  fileExists(path: string): boolean;
  /** Locations of the members of objects and lists built from expressions (object → key → location). */
  locs: WeakMap<object, Map<string | number, SourceLocation>>;
}

export interface Env {
  file: string;
  index: LineIndex;
  host: EvalHost;
  lookup(name: string): V | undefined;
}

export function childEnv(env: Env, names: Record<string, V>): Env {
  return { file: env.file, index: env.index, host: env.host, lookup: (n) => (Object.prototype.hasOwnProperty.call(names, n) ? names[n] : env.lookup(n)) };
}

export function loc(env: Env, offset: number): SourceLocation {
  return { file: env.file, ...env.index.position(offset) };
}

function setLoc(env: Env, target: object, key: string | number, offset: number): void {
  let m = env.host.locs.get(target);
  if (!m) env.host.locs.set(target, (m = new Map()));
  if (!m.has(key)) m.set(key, loc(env, offset));
}

// ---------------------------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------------------------

export function getAttr(v: V, name: string): V {
  if (v instanceof Handle) return v.attr(name);
  if (isObject(v)) {
    if (Object.prototype.hasOwnProperty.call(v, name)) return v[name]!;
    throw new EvalError(`object has no attribute "${name}"`);
  }
  if (v instanceof Unknown) return v;
  if (v instanceof JsonText) return new Unknown('attribute of a JSON string');
  if (v === null) throw new EvalError(`attribute "${name}" of a null value`);
  if (v instanceof Sym) return new Unknown(`attribute "${name}" of a value known only after apply`);
  throw new EvalError(`cannot read attribute "${name}" of a ${typeName(v)}`);
}

export function getIndex(v: V, key: V): V {
  if (key instanceof Sym) return new Unknown('index known only after apply');
  if (Array.isArray(v)) {
    const i = typeof key === 'number' ? key : typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(i) || i < 0 || i >= v.length) throw new EvalError(`index ${String(key)} out of range (length ${v.length})`);
    return v[i]!;
  }
  if (isObject(v) || v instanceof Handle) return getAttr(v, String(key));
  if (v instanceof Unknown) return v;
  if (v === null) throw new EvalError('index into a null value');
  if (v instanceof Sym) return new Unknown('element of a value known only after apply');
  throw new EvalError(`cannot index a ${typeName(v)}`);
}

// ---------------------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------------------

/** A value as a string (or symbolic string); throws for collections. */
export function toStr(v: V): string | Sym {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new EvalError('null value where a string is needed');
  if (v instanceof JsonText) return stringify(v.value);
  if (v instanceof Handle) return new Unknown(`${v.describe} used as a string`);
  if (v instanceof Sym) return v;
  throw new EvalError(`a ${typeName(v)} where a string is needed`);
}

function toNum(v: V): number | Unknown {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (v instanceof Sym) return v instanceof Unknown ? v : new Unknown('number known only after apply');
  throw new EvalError(`a ${typeName(v)} where a number is needed`);
}

function toBool(v: V): boolean | Unknown {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v instanceof Sym) return v instanceof Unknown ? v : new Unknown('boolean known only after apply');
  throw new EvalError(`a ${typeName(v)} where a bool is needed`);
}

function toList(v: V, what: string): V[] | Unknown {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).sort().map((k) => v[k]!);
  if (v instanceof Unknown) return v;
  if (v instanceof Sym) return new Unknown(`${what}: list known only after apply`);
  throw new EvalError(`${what}: a ${typeName(v)} where a list is needed`);
}

/** Sorted (key, value) pairs for iteration: objects by key, lists by index. */
export function entries(v: V, what: string): [V, V][] | Unknown {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isObject(v)) return Object.keys(v).sort().map((k) => [k, v[k]!]);
  if (v instanceof Handle && v.keys) return v.keys().map((k) => [k, v.attr(k)]);
  if (v instanceof Unknown) return v;
  if (v instanceof Sym) return new Unknown(`${what} iterates over a value known only after apply`);
  if (v === null) throw new EvalError(`${what} iterates over null`);
  throw new EvalError(`${what} iterates over a ${typeName(v)}`);
}

function firstUnknown(args: V[]): Unknown | null {
  for (const a of args) if (a instanceof Unknown) return a;
  return null;
}

function dedupe(list: V[]): V[] {
  const out: V[] = [];
  for (const x of list) if (!out.some((y) => equal(x, y) === true)) out.push(x);
  return out;
}

function toSet(list: V[]): V[] {
  const out = dedupe(list);
  if (out.every((x) => typeof x === 'string')) return (out as string[]).sort();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

const MAX_EVAL_DEPTH = 400;

export function evaluate(e: Expr, env: Env, depth = 0): V {
  if (depth > MAX_EVAL_DEPTH) throw new EvalError('expression nested too deeply');
  const ev = (x: Expr) => evaluate(x, env, depth + 1);
  switch (e.k) {
    case 'lit':
      return e.value;
    case 'tpl':
      return evalTemplate(e.parts, env, depth);
    case 'var': {
      const v = env.lookup(e.name);
      if (v === undefined) throw new EvalError(`unknown name "${e.name}"`);
      return v;
    }
    case 'attr':
      return getAttr(ev(e.obj), e.name);
    case 'index':
      return getIndex(ev(e.obj), ev(e.key));
    case 'anon':
      return env.lookup('\u0000anon') ?? null;
    case 'splat': {
      const obj = ev(e.obj);
      if (obj === null) return [];
      if (obj instanceof Unknown) return obj;
      const list = Array.isArray(obj) ? obj : isObject(obj) || obj instanceof Handle ? [obj] : null;
      if (!list) return new Unknown('splat over a value known only after apply');
      return list.map((x) => evaluate(e.each, childEnv(env, { '\u0000anon': x }), depth + 1));
    }
    case 'tuple': {
      const out: V[] = [];
      e.items.forEach((item, i) => {
        out.push(ev(item));
        setLoc(env, out, i, item.s);
      });
      return out;
    }
    case 'object': {
      const out = newObject();
      for (const item of e.items) {
        const k = item.bareKey ?? ev(item.key);
        if (k instanceof Sym) return new Unknown('object key known only after apply');
        if (k === null || typeof k === 'object') throw new EvalError('object key must be a string');
        const key = String(k);
        out[key] = ev(item.value);
        setLoc(env, out, key, item.s);
      }
      return out;
    }
    case 'cond': {
      const c = toBool(ev(e.cond));
      if (typeof c === 'boolean') return c ? ev(e.t) : ev(e.f);
      let t: V;
      let f: V;
      try {
        t = ev(e.t);
        f = ev(e.f);
      } catch {
        return new Unknown(`depends on a condition that cannot be decided (${c.reason})`);
      }
      return equal(t, f) === true ? t : new Unknown(`depends on a condition that cannot be decided (${c.reason})`);
    }
    case 'unary': {
      const v = ev(e.e);
      if (e.op === '!') {
        const b = toBool(v);
        return typeof b === 'boolean' ? !b : b;
      }
      const n = toNum(v);
      return typeof n === 'number' ? -n : n;
    }
    case 'binary':
      return evalBinary(e.op, e.l, e.r, env, depth);
    case 'call':
      return evalCall(e, env, depth);
    case 'for':
      return evalFor(e, env, depth);
  }
}

function evalBinary(op: string, le: Expr, re: Expr, env: Env, depth: number): V {
  const l = evaluate(le, env, depth + 1);
  if (op === '||' || op === '&&') {
    const a = toBool(l);
    if (op === '||' && a === true) return true;
    if (op === '&&' && a === false) return false;
    const b = toBool(evaluate(re, env, depth + 1));
    if (typeof b === 'boolean') {
      if (op === '||' && b) return true;
      if (op === '&&' && !b) return false;
      if (typeof a === 'boolean') return b;
    }
    return a instanceof Unknown ? a : (b as Unknown);
  }
  const r = evaluate(re, env, depth + 1);
  if (op === '==' || op === '!=') {
    const eq = equal(l, r);
    if (eq === null) return firstUnknown([l, r]) ?? new Unknown('comparison with a value known only after apply');
    return op === '==' ? eq : !eq;
  }
  const a = toNum(l);
  const b = toNum(r);
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new EvalError('division by zero');
      return a / b;
    case '%':
      if (b === 0) throw new EvalError('division by zero');
      return a % b;
  }
  throw new EvalError(`unknown operator ${op}`);
}

export function evalTemplate(parts: readonly TemplatePart[], env: Env, depth = 0): V {
  if (parts.length === 1 && parts[0]!.k === 'interp') return evaluate(parts[0]!.expr, env, depth + 1);
  const out: (string | Sym)[] = [];
  const run = (ps: readonly TemplatePart[], en: Env) => {
    for (const p of ps) {
      if (p.k === 'text') out.push(p.text);
      else if (p.k === 'interp') {
        const v = evaluate(p.expr, en, depth + 1);
        out.push(v === null ? '' : toStr(v));
      } else if (p.k === 'if') {
        const c = toBool(evaluate(p.cond, en, depth + 1));
        if (c instanceof Unknown) out.push(c);
        else run(c ? p.then : p.else, en);
      } else {
        const it = entries(evaluate(p.coll, en, depth + 1), 'template for');
        if (it instanceof Unknown) out.push(it);
        else {
          if (it.length > MAX_COLLECTION) throw new EvalError('template loop too long');
          for (const [k, v] of it) run(p.body, childEnv(en, p.keyVar ? { [p.keyVar]: k, [p.valVar]: v } : { [p.valVar]: v }));
        }
      }
    }
  };
  run(parts, env);
  return concat(out);
}

function evalFor(e: Extract<Expr, { k: 'for' }>, env: Env, depth: number): V {
  const coll = evaluate(e.coll, env, depth + 1);
  const it = entries(coll, 'for expression');
  if (it instanceof Unknown) return it;
  if (it.length > MAX_COLLECTION) throw new EvalError('for expression over too many elements');
  const list: V[] = [];
  const obj = newObject();
  for (const [k, v] of it) {
    const en = childEnv(env, e.keyVar ? { [e.keyVar]: k, [e.valVar]: v } : { [e.valVar]: v });
    if (e.cond) {
      const c = toBool(evaluate(e.cond, en, depth + 1));
      if (c instanceof Unknown) return new Unknown(`for expression filter cannot be decided (${c.reason})`);
      if (!c) continue;
    }
    const value = evaluate(e.valExpr, en, depth + 1);
    if (!e.keyExpr) {
      list.push(value);
      continue;
    }
    const key = evaluate(e.keyExpr, en, depth + 1);
    if (key instanceof Sym) return new Unknown('for expression key known only after apply');
    const ks = String(key);
    if (e.group) ((obj[ks] ??= []) as V[]).push(value);
    else obj[ks] = value;
  }
  return e.keyExpr ? obj : list;
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

function evalCall(e: Extract<Expr, { k: 'call' }>, env: Env, depth: number): V {
  const name = e.name;
  if (name === 'try') {
    let last: unknown = null;
    for (const a of e.args) {
      try {
        return evaluate(a, env, depth + 1);
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        last = err;
      }
    }
    throw new EvalError(`no argument of try() could be evaluated (${(last as Error | null)?.message ?? 'none given'})`);
  }
  if (name === 'can') {
    try {
      const v = evaluate(e.args[0]!, env, depth + 1);
      return v instanceof Unknown ? v : true;
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      return false;
    }
  }
  let args = e.args.map((a) => evaluate(a, env, depth + 1));
  if (e.expand && args.length) {
    const last = args[args.length - 1]!;
    const list = toList(last, name);
    if (list instanceof Unknown) return list;
    args = [...args.slice(0, -1), ...list];
  }
  const fn = FUNCTIONS[name];
  if (!fn) return new Unknown(`function ${name}() is not evaluated by nightlight`);
  return fn(args, env);
}

type Fn = (args: V[], env: Env) => V;

function str(v: V, fn: string): string | Unknown {
  const s = toStr(v);
  if (typeof s === 'string') return s;
  return s instanceof Unknown ? s : new Unknown(`${fn}() of a value known only after apply`);
}

function strFn(f: (...s: string[]) => V): Fn {
  return (args, _env) => {
    const ss: string[] = [];
    for (const a of args) {
      const s = str(a, 'string function');
      if (s instanceof Unknown) return s;
      ss.push(s);
    }
    return f(...ss);
  };
}

function numFn(f: (...n: number[]) => V): Fn {
  return (args) => {
    const ns: number[] = [];
    for (const a of args) {
      const n = toNum(a);
      if (n instanceof Unknown) return n;
      ns.push(n);
    }
    return f(...ns);
  };
}

/**
 * A Terraform regular expression. Terraform uses Go's RE2 syntax and semantics, which guarantee
 * matching in time linear in the input; so does re2js. JavaScript's backtracking RegExp would let
 * a pattern like `^(a+)+$` in a repository hang the scan.
 */
function regexOf(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    throw new EvalError(`regular expression ${pattern} is not valid RE2 (${(err as Error).message})`);
  }
}

/** Go's `${name}` / `${1}` replacement references as re2js's `$N`. */
function goReplacement(re: RE2JS, rep: string): string {
  const names = re.namedGroups() as Record<string, number>;
  return rep.replace(/\$\{(\w+)\}/g, (m, n: string) => (/^\d+$/.test(n) ? `$${n}` : Object.prototype.hasOwnProperty.call(names, n) ? `$${names[n]}` : ''));
}

function formatString(fmt: string, args: V[]): V {
  const out: (string | Sym)[] = [];
  let ai = 0;
  const re = /%(%|[-+# 0]*\d*(?:\.\d+)?[a-zA-Z])/g;
  let last = 0;
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    out.push(fmt.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] === '%') {
      out.push('%');
      continue;
    }
    const verb = m[1]!.slice(-1);
    const arg = args[ai++];
    if (arg === undefined) throw new EvalError('format(): not enough arguments');
    if (arg instanceof Sym && !(arg instanceof JsonText)) {
      out.push(arg);
      continue;
    }
    const flags = /^[-+# 0]*/.exec(m[1]!)![0];
    const width = Number(/^[-+# 0]*(\d*)/.exec(m[1]!)![1] || 0);
    const pad = (s: string) => (s.length >= width ? s : flags.includes('-') ? s.padEnd(width) : s.padStart(width, flags.includes('0') && verb !== 's' ? '0' : ' '));
    if (verb === 'd') out.push(pad(String(Math.trunc(Number(arg)))));
    else if (verb === 'f') {
      const prec = /\.(\d+)/.exec(m[1]!)?.[1];
      out.push(Number(arg).toFixed(prec ? Number(prec) : 6));
    } else if (verb === 'q') out.push(JSON.stringify(toStr(arg)));
    else if (verb === 'v' && (Array.isArray(arg) || isObject(arg))) {
      const s = stringify(arg);
      if (typeof s !== 'string') return new Unknown('format() of a value known only after apply');
      out.push(s);
    } else {
      const s = toStr(arg);
      out.push(s);
    }
  }
  out.push(fmt.slice(last));
  return concat(out);
}

function flatten(v: V[], depth = 0): V[] {
  if (depth > 32) throw new EvalError('flatten(): nested too deeply');
  const out: V[] = [];
  for (const x of v) {
    if (Array.isArray(x)) out.push(...flatten(x, depth + 1));
    else out.push(x);
  }
  return out;
}

function pathJoin(a: string, b: string): string {
  return b.startsWith('/') ? b : `${a.replace(/\/$/, '')}/${b}`;
}

const FUNCTIONS: Record<string, Fn> = {
  jsonencode: (a) => new JsonText(a[0] ?? null),
  jsondecode: (a) => {
    const v = a[0] ?? null;
    if (v instanceof JsonText) return v.value;
    if (v instanceof Unknown) return v;
    const s = typeof v === 'string' ? v : v instanceof Concat ? v : null;
    if (s === null) return new Unknown('jsondecode() of a value known only after apply');
    const parsed = parseJsonWithSymbols(s);
    if (parsed === null) {
      if (typeof s === 'string') throw new EvalError('jsondecode(): not valid JSON');
      return new Unknown('jsondecode() of a value known only after apply');
    }
    return parsed;
  },
  yamlencode: (a) => new JsonText(a[0] ?? null),
  file: (a, env) => {
    const p = str(a[0] ?? null, 'file');
    if (p instanceof Unknown) return p;
    const text = env.host.readFile(p);
    return text === null ? new Unknown(`file("${p}") is not in the scanned directory`) : text;
  },
  fileexists: (a, env) => {
    const p = str(a[0] ?? null, 'fileexists');
    return p instanceof Unknown ? p : env.host.fileExists(p);
  },
  templatefile: (a, env) => {
    const p = str(a[0] ?? null, 'templatefile');
    if (p instanceof Unknown) return p;
    const text = env.host.readFile(p);
    if (text === null) return new Unknown(`templatefile("${p}") is not in the scanned directory`);
    const vars = a[1] ?? newObject();
    if (!isObject(vars)) return new Unknown('templatefile() variables known only after apply');
    let tpl: Expr;
    try {
      tpl = parseTemplate(text);
    } catch {
      return new Unknown(`templatefile("${p}") could not be parsed`);
    }
    const tenv: Env = { file: p, index: new LineIndex(text), host: env.host, lookup: (n) => (Object.prototype.hasOwnProperty.call(vars, n) ? vars[n] : undefined) };
    return evaluate(tpl, tenv);
  },
  format: (a) => {
    const f = str(a[0] ?? null, 'format');
    return f instanceof Unknown ? f : formatString(f, a.slice(1));
  },
  formatlist: (a) => {
    const f = str(a[0] ?? null, 'formatlist');
    if (f instanceof Unknown) return f;
    const lists = a.slice(1);
    const n = Math.max(0, ...lists.map((l) => (Array.isArray(l) ? l.length : 0)));
    const out: V[] = [];
    for (let i = 0; i < n; i++) out.push(formatString(f, lists.map((l) => (Array.isArray(l) ? l[i]! : l))));
    return out;
  },
  merge: (a) => {
    const u = firstUnknown(a);
    if (u) return u;
    const out = newObject();
    for (const o of a) {
      if (o === null) continue;
      if (!isObject(o)) return new Unknown('merge() of a value known only after apply');
      Object.assign(out, o);
    }
    return out;
  },
  concat: (a) => {
    const out: V[] = [];
    for (const l of a) {
      const list = toList(l, 'concat');
      if (list instanceof Unknown) return list;
      out.push(...list);
    }
    return out;
  },
  lookup: (a) => {
    const [m, k, d] = a;
    if (m instanceof Unknown) return m;
    if (k instanceof Sym) return new Unknown('lookup() key known only after apply');
    if (isObject(m) && Object.prototype.hasOwnProperty.call(m, String(k))) return m[String(k)]!;
    if (m instanceof Handle) {
      try {
        return m.attr(String(k));
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
      }
    }
    if (d === undefined) throw new EvalError(`lookup(): no key "${String(k)}"`);
    return d;
  },
  element: (a) => {
    const l = toList(a[0] ?? null, 'element');
    if (l instanceof Unknown) return l;
    const i = toNum(a[1] ?? null);
    if (i instanceof Unknown) return i;
    if (l.length === 0) throw new EvalError('element() of an empty list');
    return l[((Math.trunc(i) % l.length) + l.length) % l.length]!;
  },
  join: (a) => {
    const sep = toStr(a[0] ?? '');
    const parts: (string | Sym)[] = [];
    for (const l of a.slice(1)) {
      const list = toList(l, 'join');
      if (list instanceof Unknown) return list;
      list.forEach((x) => {
        if (parts.length) parts.push(sep);
        parts.push(toStr(x));
      });
    }
    return concat(parts);
  },
  split: strFn((sep, s) => (s === '' ? [] : s.split(sep))),
  replace: (a) => {
    const s = toStr(a[0] ?? null);
    const search = str(a[1] ?? null, 'replace');
    const rep = str(a[2] ?? null, 'replace');
    if (search instanceof Unknown) return search;
    if (rep instanceof Unknown) return rep;
    const apply = (t: string) => {
      if (!(search.length > 1 && search.startsWith('/') && search.endsWith('/'))) return t.split(search).join(rep);
      const re = regexOf(search.slice(1, -1));
      return re.matcher(t).replaceAll(goReplacement(re, rep));
    };
    if (typeof s === 'string') return apply(s);
    if (s instanceof Concat && !(search.startsWith('/') && search.endsWith('/'))) return concat(s.parts.map((p) => (typeof p === 'string' ? apply(p) : p)));
    return s instanceof Unknown ? s : new Unknown('replace() of a value known only after apply');
  },
  tolist: (a) => toList(a[0] ?? null, 'tolist'),
  toset: (a) => {
    const l = toList(a[0] ?? null, 'toset');
    return l instanceof Unknown ? l : toSet(l);
  },
  tomap: (a) => a[0] ?? null,
  tostring: (a) => (a[0] === null || a[0] === undefined ? null : toStr(a[0])),
  tonumber: (a) => (a[0] === null || a[0] === undefined ? null : toNum(a[0])),
  tobool: (a) => (a[0] === null || a[0] === undefined ? null : toBool(a[0])),
  sensitive: (a) => a[0] ?? null,
  nonsensitive: (a) => a[0] ?? null,
  length: (a) => {
    const v = a[0] ?? null;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    if (typeof v === 'string') return [...v].length;
    if (v instanceof Unknown) return v;
    if (v instanceof Handle && v.keys) return v.keys().length;
    if (v instanceof Sym) return new Unknown('length() of a value known only after apply');
    throw new EvalError(`length() of a ${typeName(v)}`);
  },
  keys: (a) => {
    const v = a[0] ?? null;
    if (isObject(v)) return Object.keys(v).sort();
    if (v instanceof Handle && v.keys) return v.keys().sort();
    if (v instanceof Unknown) return v;
    return new Unknown('keys() of a value known only after apply');
  },
  values: (a) => {
    const v = a[0] ?? null;
    if (isObject(v)) return Object.keys(v).sort().map((k) => v[k]!);
    if (v instanceof Unknown) return v;
    return new Unknown('values() of a value known only after apply');
  },
  coalesce: (a) => {
    for (const v of a) {
      if (v instanceof Unknown) return v;
      if (v !== null && v !== '') return v;
    }
    throw new EvalError('coalesce(): no non-null argument');
  },
  coalescelist: (a) => {
    for (const v of a) {
      if (v instanceof Unknown) return v;
      if (Array.isArray(v) && v.length) return v;
    }
    return [];
  },
  compact: (a) => {
    const l = toList(a[0] ?? null, 'compact');
    return l instanceof Unknown ? l : l.filter((x) => x !== null && x !== '');
  },
  distinct: (a) => {
    const l = toList(a[0] ?? null, 'distinct');
    return l instanceof Unknown ? l : dedupe(l);
  },
  flatten: (a) => {
    const l = toList(a[0] ?? null, 'flatten');
    return l instanceof Unknown ? l : flatten(l);
  },
  contains: (a) => {
    const l = toList(a[0] ?? null, 'contains');
    if (l instanceof Unknown) return l;
    let unknown = false;
    for (const x of l) {
      const r = equal(x, a[1] ?? null);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    return unknown ? new Unknown('contains() with values known only after apply') : false;
  },
  index: (a) => {
    const l = toList(a[0] ?? null, 'index');
    if (l instanceof Unknown) return l;
    const i = l.findIndex((x) => equal(x, a[1] ?? null) === true);
    if (i < 0) throw new EvalError('index(): value not found');
    return i;
  },
  one: (a) => {
    const l = toList(a[0] ?? null, 'one');
    if (l instanceof Unknown) return l;
    if (l.length > 1) throw new EvalError('one(): more than one element');
    return l[0] ?? null;
  },
  slice: (a) => {
    const l = toList(a[0] ?? null, 'slice');
    if (l instanceof Unknown) return l;
    const s = toNum(a[1] ?? 0);
    const e = toNum(a[2] ?? l.length);
    if (s instanceof Unknown) return s;
    if (e instanceof Unknown) return e;
    return l.slice(s, e);
  },
  reverse: (a) => {
    const l = toList(a[0] ?? null, 'reverse');
    return l instanceof Unknown ? l : [...l].reverse();
  },
  sort: (a) => {
    const l = toList(a[0] ?? null, 'sort');
    if (l instanceof Unknown) return l;
    if (!l.every((x) => typeof x === 'string' || typeof x === 'number')) return new Unknown('sort() of values known only after apply');
    return (l as (string | number)[]).map(String).sort();
  },
  zipmap: (a) => {
    const k = toList(a[0] ?? null, 'zipmap');
    const v = toList(a[1] ?? null, 'zipmap');
    if (k instanceof Unknown) return k;
    if (v instanceof Unknown) return v;
    const o = newObject();
    k.forEach((key, i) => {
      if (typeof key === 'string') o[key] = v[i] ?? null;
    });
    return o;
  },
  range: numFn((...n) => {
    const [start, limit, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
    if (step === 0) throw new EvalError('range(): step 0');
    const out: number[] = [];
    for (let i = start; step > 0 ? i < limit : i > limit; i += step) {
      out.push(i);
      if (out.length > MAX_COLLECTION) throw new EvalError('range(): too many elements');
    }
    return out;
  }),
  setunion: (a) => {
    const out: V[] = [];
    for (const l of a) {
      const list = toList(l, 'setunion');
      if (list instanceof Unknown) return list;
      out.push(...list);
    }
    return toSet(out);
  },
  setintersection: (a) => {
    const lists = a.map((l) => toList(l, 'setintersection'));
    const u = lists.find((l): l is Unknown => l instanceof Unknown);
    if (u) return u;
    const [first = [], ...rest] = lists as V[][];
    return toSet(first.filter((x) => rest.every((l) => l.some((y) => equal(x, y) === true))));
  },
  setsubtract: (a) => {
    const l = toList(a[0] ?? null, 'setsubtract');
    const r = toList(a[1] ?? null, 'setsubtract');
    if (l instanceof Unknown) return l;
    if (r instanceof Unknown) return r;
    return toSet(l.filter((x) => !r.some((y) => equal(x, y) === true)));
  },
  chunklist: (a) => {
    const l = toList(a[0] ?? null, 'chunklist');
    const n = toNum(a[1] ?? 1);
    if (l instanceof Unknown) return l;
    if (n instanceof Unknown) return n;
    if (n <= 0) return [l];
    const out: V[] = [];
    for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
    return out;
  },
  sum: (a) => {
    const l = toList(a[0] ?? null, 'sum');
    if (l instanceof Unknown) return l;
    let t = 0;
    for (const x of l) {
      const n = toNum(x);
      if (n instanceof Unknown) return n;
      t += n;
    }
    return t;
  },
  alltrue: (a) => {
    const l = toList(a[0] ?? null, 'alltrue');
    if (l instanceof Unknown) return l;
    return l.every((x) => x === true || x === 'true');
  },
  anytrue: (a) => {
    const l = toList(a[0] ?? null, 'anytrue');
    if (l instanceof Unknown) return l;
    return l.some((x) => x === true || x === 'true');
  },
  lower: strFn((s) => s.toLowerCase()),
  upper: strFn((s) => s.toUpperCase()),
  title: strFn((s) => s.replace(/\b\w/g, (c) => c.toUpperCase())),
  trimspace: strFn((s) => s.trim()),
  chomp: strFn((s) => s.replace(/(\r?\n)+$/, '')),
  trim: strFn((s, cut) => {
    const set = new Set(cut ?? '');
    let i = 0;
    let j = s.length;
    while (i < j && set.has(s[i]!)) i++;
    while (j > i && set.has(s[j - 1]!)) j--;
    return s.slice(i, j);
  }),
  trimprefix: strFn((s, p) => (p && s.startsWith(p) ? s.slice(p.length) : s)),
  trimsuffix: strFn((s, p) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)),
  startswith: strFn((s, p) => s.startsWith(p ?? '')),
  endswith: strFn((s, p) => s.endsWith(p ?? '')),
  strcontains: strFn((s, p) => s.includes(p ?? '')),
  strrev: strFn((s) => [...s].reverse().join('')),
  substr: (a) => {
    const s = str(a[0] ?? null, 'substr');
    const o = toNum(a[1] ?? 0);
    const l = toNum(a[2] ?? -1);
    if (s instanceof Unknown) return s;
    if (o instanceof Unknown) return o;
    if (l instanceof Unknown) return l;
    const chars = [...s];
    const start = o < 0 ? chars.length + o : o;
    return chars.slice(start, l < 0 ? undefined : start + l).join('');
  },
  indent: (a) => {
    const n = toNum(a[0] ?? 0);
    const s = str(a[1] ?? null, 'indent');
    if (n instanceof Unknown) return n;
    if (s instanceof Unknown) return s;
    return s.replace(/\n/g, '\n' + ' '.repeat(Math.max(0, Math.min(n, 1000))));
  },
  regex: strFn((pattern, s) => {
    const re = regexOf(pattern);
    const m = re.matcher(s ?? '');
    if (!m.find()) throw new EvalError('regex(): no match');
    const names = Object.entries(re.namedGroups() as Record<string, number>);
    if (names.length) {
      const o = newObject();
      for (const [k, i] of names) o[k] = m.group(i) ?? null;
      return o;
    }
    const n = re.groupCount();
    if (n > 0) return Array.from({ length: n }, (_, i) => m.group(i + 1) ?? null);
    return m.group(0) ?? '';
  }),
  can_regex: () => null,
  min: numFn((...n) => Math.min(...n)),
  max: numFn((...n) => Math.max(...n)),
  abs: numFn((n) => Math.abs(n)),
  ceil: numFn((n) => Math.ceil(n)),
  floor: numFn((n) => Math.floor(n)),
  pow: numFn((a, b) => Math.pow(a, b ?? 1)),
  signum: numFn((n) => Math.sign(n)),
  parseint: (a) => {
    const s = str(a[0] ?? null, 'parseint');
    const b = toNum(a[1] ?? 10);
    if (s instanceof Unknown) return s;
    if (b instanceof Unknown) return b;
    const n = parseInt(s, b);
    if (Number.isNaN(n)) throw new EvalError('parseint(): not a number');
    return n;
  },
  base64encode: strFn((s) => Buffer.from(s, 'utf8').toString('base64')),
  base64decode: strFn((s) => Buffer.from(s, 'base64').toString('utf8')),
  urlencode: strFn((s) => encodeURIComponent(s)),
  basename: strFn((s) => s.replace(/\/+$/, '').split('/').pop() ?? ''),
  dirname: strFn((s) => {
    const i = s.replace(/\/+$/, '').lastIndexOf('/');
    return i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i);
  }),
  abspath: (a) => a[0] ?? null,
  pathexpand: (a) => a[0] ?? null,
  transpose: (a) => {
    const m = a[0] ?? null;
    if (!isObject(m)) return new Unknown('transpose() of a value known only after apply');
    const out = newObject();
    for (const k of Object.keys(m).sort()) {
      const l = m[k];
      if (!Array.isArray(l)) continue;
      for (const x of l) if (typeof x === 'string') ((out[x] ??= []) as V[]).push(k);
    }
    return out;
  },
  timestamp: () => new Unknown('timestamp() changes on every run'),
  uuid: () => new Unknown('uuid() changes on every run'),
};

for (const hash of ['md5', 'sha1', 'sha256', 'sha512', 'base64sha256', 'base64sha512', 'filemd5', 'filesha1', 'filesha256', 'filesha512', 'filebase64', 'filebase64sha256', 'filebase64sha512', 'bcrypt', 'uuidv5', 'cidrsubnet', 'cidrhost', 'cidrnetmask', 'cidrsubnets', 'fileset', 'timeadd', 'formatdate', 'textencodebase64', 'base64gzip', 'rsadecrypt']) {
  FUNCTIONS[hash] = () => new Unknown(`${hash}() is not evaluated by nightlight`);
}
// legacy Terraform 0.11 forms still seen in old configurations
FUNCTIONS['list'] = (a) => a;
FUNCTIONS['map'] = (a) => {
  const o = newObject();
  for (let i = 0; i + 1 < a.length; i += 2) o[String(a[i])] = a[i + 1]!;
  return o;
};

export { pathJoin, isKnown, findUnknown, CfnExpr, toBool };
