/**
 * Terraform values as the evaluator sees them: JSON-like data plus symbolic values for what is
 * only known at apply time (a reference to another resource, an unknown, a JSON text holding
 * references). Symbolic values become CloudFormation intrinsics at the end.
 */
import type { JsonObject, JsonValue } from '../../model/types.js';

/** The key of the additive marker for values that cannot be known: `{ "Nightlight::Unresolved": "<reason>" }`. */
export const UNRESOLVED_KEY = 'Nightlight::Unresolved';

export type V = null | boolean | number | string | V[] | VObject | Sym;
export interface VObject {
  [key: string]: V;
}

export abstract class Sym {}

/** A value known only at apply time, or not knowable at all. */
export class Unknown extends Sym {
  constructor(
    readonly reason: string,
    /** The CloudFormation logical id of the one resource the value is derived from (`split("/", aws_lambda_function_url.x.function_url)[2]`). */
    readonly ref?: string,
  ) {
    super();
  }
}

/** Beside `UNRESOLVED_KEY`: the logical id of the resource the unknown value derives from. */
export const DERIVED_KEY = 'Nightlight::DerivedFrom';

/** The one resource a symbolic value refers to (`Ref`/`Fn::GetAtt` of a single logical id), if there is exactly one. */
export function derivedFrom(v: V): string | undefined {
  const ids = new Set<string>();
  const walk = (x: unknown, depth: number): void => {
    if (depth > 32 || x === null || typeof x !== 'object') return;
    if (x instanceof Unknown) {
      if (x.ref !== undefined) ids.add(x.ref);
      return;
    }
    if (x instanceof CfnExpr) return walk(x.cfn, depth + 1);
    if (x instanceof Concat) return x.parts.forEach((p) => walk(p, depth + 1));
    if (Array.isArray(x)) return x.forEach((p) => walk(p, depth + 1));
    const o = x as Record<string, unknown>;
    if (typeof o['Ref'] === 'string' && !o['Ref'].startsWith('AWS::')) ids.add(o['Ref']);
    const att = o['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') ids.add(att[0]);
    for (const [k, y] of Object.entries(o)) if (k !== 'Ref' && k !== 'Fn::GetAtt') walk(y, depth + 1);
  };
  walk(v, 0);
  return ids.size === 1 ? [...ids][0] : undefined;
}

/**
 * A value generated at apply time that is a secret by construction (`random_password.x.result`, a
 * TLS private key, a Secrets Manager secret's string): unknown, and marked so that the places that
 * show it in plain text (a function's environment, an SSM `String`, user data, tags) can say so.
 */
export class SecretUnknown extends Unknown {
  constructor(
    reason: string,
    readonly secret: string,
  ) {
    super(reason);
  }
}

/** The CloudFormation-shaped marker of a `SecretUnknown` (beside `UNRESOLVED_KEY`). */
export const SECRET_KEY = 'Nightlight::Secret';

/** A CloudFormation intrinsic standing for the value (`{ Ref: id }`, `{ Fn::GetAtt: [id, Arn] }`). */
export class CfnExpr extends Sym {
  constructor(readonly cfn: JsonObject) {
    super();
  }
}

/** A string made of known text and symbolic parts. */
export class Concat extends Sym {
  constructor(readonly parts: readonly (string | Sym)[]) {
    super();
  }
}

/** The JSON text of a value (jsonencode, a policy document's `json`): kept structured until it must be a string. */
export class JsonText extends Sym {
  constructor(readonly value: V) {
    super();
  }
}

/** Something with lazily evaluated attributes: a resource instance, a module, `var`, `local`, ... */
export class Handle extends Sym {
  constructor(
    readonly describe: string,
    readonly attr: (name: string) => V,
    readonly keys?: () => string[],
  ) {
    super();
  }
}

export class EvalError extends Error {}

export function isObject(v: V): v is VObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Sym);
}

/**
 * Objects read from a single JSON object where a nested block may be written (hcl-json.ts): one
 * block as well as an object value, so `x.block[0]` is the object itself.
 */
export const SINGLE_BLOCKS = new WeakSet<VObject>();

export function newObject(): VObject {
  return Object.create(null) as VObject;
}

/** Builds a string from parts, folding adjacent text; stays a plain string when every part is known. */
export function concat(parts: readonly (string | Sym)[]): string | Sym {
  const out: (string | Sym)[] = [];
  for (const p of parts) {
    if (p instanceof Concat) {
      for (const q of p.parts) push(q);
    } else push(p);
  }
  function push(p: string | Sym) {
    if (typeof p === 'string') {
      if (p === '') return;
      if (typeof out[out.length - 1] === 'string') out[out.length - 1] = (out[out.length - 1] as string) + p;
      else out.push(p);
    } else out.push(p);
  }
  if (out.length === 0) return '';
  if (out.length === 1 && typeof out[0] === 'string') return out[0];
  if (out.length === 1 && out[0] instanceof Unknown) return out[0];
  return new Concat(out);
}

/** The first Unknown found in a value, deeply (Handles and JSON texts are looked into shallowly). */
export function findUnknown(v: V, depth = 0): Unknown | null {
  if (v instanceof Unknown) return v;
  if (depth > 64) return null;
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = findUnknown(x, depth + 1);
      if (u) return u;
    }
  } else if (isObject(v)) {
    for (const x of Object.values(v)) {
      const u = findUnknown(x, depth + 1);
      if (u) return u;
    }
  } else if (v instanceof Concat) {
    for (const p of v.parts) if (p instanceof Unknown) return p;
  }
  return null;
}

/** True when the value holds no symbolic part at all. */
export function isKnown(v: V, depth = 0): boolean {
  if (v instanceof Sym) return false;
  if (depth > 64) return true;
  if (Array.isArray(v)) return v.every((x) => isKnown(x, depth + 1));
  if (isObject(v)) return Object.values(v).every((x) => isKnown(x, depth + 1));
  return true;
}

// ---------------------------------------------------------------------------------------------
// To CloudFormation
// ---------------------------------------------------------------------------------------------

export function unresolvedJson(reason: string): JsonObject {
  return { [UNRESOLVED_KEY]: reason };
}

/** A value as CloudFormation JSON: symbols become intrinsics or unresolved markers. */
export function toCfn(v: V, depth = 0): JsonValue {
  if (depth > 100) return unresolvedJson('value nested too deeply');
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => toCfn(x, depth + 1));
  if (v instanceof SecretUnknown) return { ...unresolvedJson(v.reason), [SECRET_KEY]: v.secret };
  if (v instanceof Unknown) return v.ref !== undefined ? { ...unresolvedJson(v.reason), [DERIVED_KEY]: v.ref } : unresolvedJson(v.reason);
  if (v instanceof CfnExpr) return v.cfn;
  if (v instanceof Concat) return { 'Fn::Join': ['', v.parts.map((p) => toCfn(p, depth + 1))] };
  if (v instanceof JsonText) {
    const s = stringify(v.value);
    return typeof s === 'string' ? s : toCfn(s, depth + 1);
  }
  if (v instanceof Handle) return unresolvedJson(`${v.describe} used as a whole value`);
  if (v instanceof Sym) return unresolvedJson('unsupported value');
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = toCfn(x, depth + 1);
  return out;
}

/** JSON text of a value; symbolic string parts stay symbolic (the result is then a Concat). */
export function stringify(v: V): string | Sym {
  const parts: (string | Sym)[] = [];
  const q = (s: string) => JSON.stringify(s);
  const walk = (x: V, depth: number): void => {
    if (depth > 100) throw new EvalError('value nested too deeply for jsonencode');
    if (x === null || typeof x === 'boolean' || typeof x === 'number') parts.push(JSON.stringify(x));
    else if (typeof x === 'string') parts.push(q(x));
    else if (Array.isArray(x)) {
      parts.push('[');
      x.forEach((y, i) => {
        if (i) parts.push(',');
        walk(y, depth + 1);
      });
      parts.push(']');
    } else if (x instanceof JsonText) walk(x.value, depth + 1);
    else if (x instanceof Concat) {
      parts.push('"');
      for (const p of x.parts) parts.push(typeof p === 'string' ? q(p).slice(1, -1) : p);
      parts.push('"');
    } else if (x instanceof Sym) {
      parts.push('"', x, '"');
    } else {
      parts.push('{');
      Object.keys(x)
        .sort()
        .forEach((k, i) => {
          if (i) parts.push(',');
          parts.push(q(k), ':');
          walk(x[k]!, depth + 1);
        });
      parts.push('}');
    }
  };
  walk(v, 0);
  return concat(parts);
}

const PH_OPEN = '\uE000';
const PH_CLOSE = '\uE001';

/**
 * Parses JSON text that may hold symbolic parts inside its strings (a heredoc policy with
 * `${aws_s3_bucket.b.arn}`). Returns null when the text is not JSON.
 */
export function parseJsonWithSymbols(text: string | Sym): V | null {
  if (text instanceof JsonText) return text.value;
  const syms: Sym[] = [];
  let raw: string;
  if (typeof text === 'string') raw = text;
  else if (text instanceof Concat) {
    raw = '';
    for (const p of text.parts) {
      if (typeof p === 'string') raw += p;
      else if (p instanceof JsonText) {
        const s = stringify(p.value);
        if (typeof s === 'string') raw += s;
        else return null;
      } else {
        syms.push(p);
        raw += `${PH_OPEN}${syms.length - 1}${PH_CLOSE}`;
      }
    }
  } else return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const revive = (x: unknown): V => {
    if (typeof x === 'string') {
      if (!x.includes(PH_OPEN)) return x;
      const parts: (string | Sym)[] = [];
      const re = new RegExp(`${PH_OPEN}(\\d+)${PH_CLOSE}`, 'g');
      let last = 0;
      for (let m = re.exec(x); m; m = re.exec(x)) {
        parts.push(x.slice(last, m.index), syms[Number(m[1])]!);
        last = m.index + m[0].length;
      }
      parts.push(x.slice(last));
      return concat(parts);
    }
    if (Array.isArray(x)) return x.map(revive);
    if (x && typeof x === 'object') {
      const o = newObject();
      for (const [k, y] of Object.entries(x)) o[k] = revive(y);
      return o;
    }
    return x as V;
  };
  return revive(parsed);
}

/** Converts a known JSON value into a V. */
export function fromJson(x: JsonValue | undefined): V {
  if (x === undefined) return null;
  if (Array.isArray(x)) return x.map(fromJson);
  if (x && typeof x === 'object') {
    const o = newObject();
    for (const [k, y] of Object.entries(x)) o[k] = fromJson(y);
    return o;
  }
  return x;
}

export function typeName(v: V): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Sym) return 'unknown';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** Deep equality for known values; null when symbolic parts make it undecidable. */
export function equal(a: V, b: V): boolean | null {
  if (a instanceof CfnExpr && b instanceof CfnExpr) return JSON.stringify(a.cfn) === JSON.stringify(b.cfn) ? true : null;
  if (a instanceof Sym || b instanceof Sym) {
    // a reference is never null
    if ((a === null && (b instanceof CfnExpr || b instanceof Concat || b instanceof JsonText)) || (b === null && (a instanceof CfnExpr || a instanceof Concat || a instanceof JsonText))) return false;
    return null;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    let all = true;
    for (let i = 0; i < a.length; i++) {
      const r = equal(a[i]!, b[i]!);
      if (r === false) return false;
      if (r === null) all = false;
    }
    return all ? true : null;
  }
  const ao = a as VObject;
  const bo = b as VObject;
  const ak = Object.keys(ao).sort();
  const bk = Object.keys(bo).sort();
  if (ak.join('\u0000') !== bk.join('\u0000')) return false;
  let all = true;
  for (const k of ak) {
    const r = equal(ao[k]!, bo[k]!);
    if (r === false) return false;
    if (r === null) all = false;
  }
  return all ? true : null;
}
