/**
 * Terraform's built-in functions, evaluated the way Terraform evaluates them on known values; an
 * unknown argument, or a function whose result changes between runs, gives an Unknown with a reason.
 */
import { RE2JS } from 're2js';
import { LineIndex } from '../lines.js';
import { parseTemplate, type Expr } from './hcl.js';
import {
  Concat,
  EvalError,
  Handle,
  JsonText,
  Sym,
  Unknown,
  concat,
  derivedFrom,
  equal,
  isObject,
  newObject,
  parseJsonWithSymbols,
  stringify,
  typeName,
  type V,
} from './values.js';
import { MAX_COLLECTION, type Env, toStr, toNum, toBool, toList, firstUnknown, dedupe, toSet } from './convert.js';

/** A built-in function; `evaluate` is the evaluator, for functions that evaluate a template. */
export type Fn = (args: V[], env: Env, evaluate: (e: Expr, env: Env) => V) => V;

function str(v: V, fn: string): string | Unknown {
  const s = toStr(v);
  if (typeof s === 'string') return s;
  return s instanceof Unknown ? s : new Unknown(`${fn}() of a value known only after apply`, derivedFrom(s));
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

export function pathJoin(a: string, b: string): string {
  return b.startsWith('/') ? b : `${a.replace(/\/$/, '')}/${b}`;
}

export const FUNCTIONS: Record<string, Fn> = {
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
  templatefile: (a, env, evaluate) => {
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
    return s instanceof Unknown ? s : new Unknown('replace() of a value known only after apply', derivedFrom(s));
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
