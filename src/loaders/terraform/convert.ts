/**
 * What HCL evaluation (`eval.ts`) and the built-in functions (`functions.ts`) share: the evaluation
 * environment and its host, locations, attribute and index access, and the conversions between
 * Terraform's types (string, number, bool, list, set, map) as Terraform applies them.
 */
import type { SourceLocation } from '../../model/types.js';
import { LineIndex } from '../lines.js';
import type { Origin } from './hcl-ast.js';
import { EvalError, Handle, JsonText, SINGLE_BLOCKS, Sym, Unknown, equal, isObject, stringify, typeName, type V } from './values.js';

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

/** The environment to evaluate a node in: its own file's when an override file merged it in (override.ts). */
export function envAt(env: Env, origin: Origin | undefined): Env {
  return origin === undefined || origin.file === env.file ? env : { file: origin.file, index: origin.index, host: env.host, lookup: env.lookup };
}

export function loc(env: Env, offset: number): SourceLocation {
  return { file: env.file, ...env.index.position(offset) };
}

export function setLoc(env: Env, target: object, key: string | number, offset: number): void {
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
  // a nested block written as one JSON object is a list of that one block (Terraform's JSON syntax)
  if (isObject(v) && SINGLE_BLOCKS.has(v) && (key === 0 || key === '0') && !Object.hasOwn(v, '0')) return v;
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

export function toNum(v: V): number | Unknown {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (v instanceof Sym) return v instanceof Unknown ? v : new Unknown('number known only after apply');
  throw new EvalError(`a ${typeName(v)} where a number is needed`);
}

export function toBool(v: V): boolean | Unknown {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v instanceof Sym) return v instanceof Unknown ? v : new Unknown('boolean known only after apply');
  throw new EvalError(`a ${typeName(v)} where a bool is needed`);
}

export function toList(v: V, what: string): V[] | Unknown {
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

export function firstUnknown(args: V[]): Unknown | null {
  for (const a of args) if (a instanceof Unknown) return a;
  return null;
}

export function dedupe(list: V[]): V[] {
  const out: V[] = [];
  for (const x of list) if (!out.some((y) => equal(x, y) === true)) out.push(x);
  return out;
}

export function toSet(list: V[]): V[] {
  const out = dedupe(list);
  if (out.every((x) => typeof x === 'string')) return (out as string[]).sort();
  return out;
}
