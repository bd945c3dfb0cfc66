/**
 * Evaluates HCL expressions symbolically: known values are computed the way Terraform computes
 * them, references to resources stay symbolic (CloudFormation intrinsics), and whatever cannot be
 * known becomes an Unknown with a reason. Bounded everywhere (collection sizes, recursion).
 *
 * The environment and conversions are `convert.ts`, the built-in functions `functions.ts`.
 */
import type { Expr, TemplatePart } from './hcl.js';
import { CfnExpr, EvalError, Handle, SINGLE_BLOCKS, Sym, Unknown, concat, equal, findUnknown, isKnown, isObject, newObject, type V } from './values.js';
import {
  MAX_COLLECTION,
  type Env,
  childEnv,
  setLoc,
  getAttr,
  getIndex,
  toStr,
  toNum,
  toBool,
  toList,
  entries,
  firstUnknown,
} from './convert.js';
import { FUNCTIONS } from './functions.js';

export { MAX_COLLECTION, childEnv, entries, getAttr, getIndex, loc, toStr, type Env, type EvalHost } from './convert.js';
export { pathJoin } from './functions.js';
export { isKnown, findUnknown, CfnExpr, toBool };

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
      if (e.block) SINGLE_BLOCKS.add(out);
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
  return fn(args, env, evaluate);
}
