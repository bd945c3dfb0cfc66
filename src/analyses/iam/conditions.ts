/**
 * Condition blocks and policy variables, in three-valued logic: a condition holds, does not hold,
 * or cannot be decided because the request context does not supply a key (or a value in the policy
 * is unresolved). Undecided is never read as "does not hold".
 */
import type { Maybe, PolicyConditions } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import { arnMatches, globMatch } from './glob.js';
import { wildcardMatch } from '../../model/wildcard.js';

export type Truth = 'yes' | 'no' | 'maybe';

/** Why an answer is `maybe`. */
export interface Doubt {
  /** Context keys the request did not supply, as written in the policy. */
  unknownKeys: Set<string>;
  /** Reasons of unresolved values in the policy or the request. */
  unresolved: Set<string>;
}

export function newDoubt(): Doubt {
  return { unknownKeys: new Set(), unresolved: new Set() };
}

export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * What is known about a request. Keys are case-insensitive. When `complete` is false (the default
 * for static analysis) a key that is not supplied is unknown; when true it is absent.
 */
export interface RequestContext {
  values?: Readonly<Record<string, ContextValue>>;
  complete?: boolean;
}

/** A context with lower-cased keys and string values. */
export interface NormalContext {
  values: Map<string, string[]>;
  complete: boolean;
}

export function normaliseContext(context: RequestContext | undefined): NormalContext {
  const values = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(context?.values ?? {})) {
    const list = Array.isArray(raw) ? raw : [raw];
    values.set(
      key.toLowerCase(),
      list.map((v) => String(v)),
    );
  }
  return { values, complete: context?.complete === true };
}

export function and(a: Truth, b: Truth): Truth {
  if (a === 'no' || b === 'no') return 'no';
  if (a === 'maybe' || b === 'maybe') return 'maybe';
  return 'yes';
}

export function or(a: Truth, b: Truth): Truth {
  if (a === 'yes' || b === 'yes') return 'yes';
  if (a === 'maybe' || b === 'maybe') return 'maybe';
  return 'no';
}

export function not(a: Truth): Truth {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'maybe';
}

// ---------------------------------------------------------------------------------------------
// Policy variables
// ---------------------------------------------------------------------------------------------

/**
 * Substitutes `${aws:username}`, `${*}`, `${?}`, `${$}` and `${key, 'default'}`. A variable whose
 * key the context lacks becomes `*` in the returned pattern and `exact` is false (the caller
 * decides: unknown context → maybe; complete context → the statement does not match, unless a
 * default is given).
 */
export function substituteVariables(
  text: string,
  context: NormalContext,
  wildcardSafe: boolean,
): { value: string; exact: boolean; missing: string[]; absent: boolean } {
  if (!text.includes('${')) return { value: text, exact: true, missing: [], absent: false };
  let exact = true;
  let absent = false;
  const missing: string[] = [];
  const value = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    const body = inner.trim();
    if (body === '*' || body === '?' || body === '$') return wildcardSafe ? `\u0000${body}` : body;
    const comma = body.indexOf(',');
    const key = (comma < 0 ? body : body.slice(0, comma)).trim();
    const fallback = comma < 0 ? null : /^'(.*)'$/.exec(body.slice(comma + 1).trim())?.[1] ?? null;
    const values = context.values.get(key.toLowerCase());
    if (values !== undefined && values.length === 1) return values[0]!;
    if (values === undefined && context.complete) {
      if (fallback !== null) return fallback;
      absent = true;
      return '';
    }
    exact = false;
    missing.push(key);
    return '*';
  });
  return { value, exact, missing, absent };
}

/** Glob match where `\0*`, `\0?`, `\0$` stand for literal characters. */
function globWithEscapes(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (!pattern.includes('\u0000')) return globMatch(pattern, value, ignoreCase);
  return wildcardMatch(pattern, value, { ignoreCase, escapes: true });
}

function unescapeLiterals(text: string): string {
  return text.replace(/\u0000(.)/g, '$1');
}

// ---------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------

type Comparator = (policyValue: string, contextValue: string) => boolean | null;

function parseNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function parseDate(text: string): number | null {
  if (/^\d+$/.test(text.trim())) return Number(text) * 1000;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

function numeric(cmp: (a: number, b: number) => boolean): Comparator {
  return (p, c) => {
    const a = parseNumber(c);
    const b = parseNumber(p);
    return a === null || b === null ? false : cmp(a, b);
  };
}

function dates(cmp: (a: number, b: number) => boolean): Comparator {
  return (p, c) => {
    const a = parseDate(c);
    const b = parseDate(p);
    return a === null || b === null ? false : cmp(a, b);
  };
}

function parseIp(text: string): { bits: bigint; width: number } | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4 !== null) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return null;
    return { bits: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n), width: 32 };
  }
  if (!text.includes(':')) return null;
  const [head, tail, ...rest] = text.split('::');
  if (rest.length > 0) return null;
  const left = head === '' || head === undefined ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(fill, 0)).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return { bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), width: 128 };
}

const ipInRange: Comparator = (range, address) => {
  const [net, prefixText] = range.split('/');
  const a = parseIp(address.trim());
  const n = parseIp((net ?? '').trim());
  if (a === null || n === null || a.width !== n.width) return false;
  const prefix = prefixText === undefined ? n.width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > n.width) return false;
  const shift = BigInt(n.width - prefix);
  return a.bits >> shift === n.bits >> shift;
};

interface OperatorSpec {
  compare: Comparator;
  /** Negated operators (StringNotEquals...): true when no policy value matches. */
  negated: boolean;
  /** Policy values may contain policy variables / wildcards that are glob-matched. */
  glob: boolean;
}

function stringEquals(ignoreCase: boolean): Comparator {
  return (p, c) => (ignoreCase ? unescapeLiterals(p).toLowerCase() === c.toLowerCase() : unescapeLiterals(p) === c);
}

const STRING_EQUALS = stringEquals(false);
const STRING_EQUALS_IC = stringEquals(true);

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { compare: STRING_EQUALS, negated: false, glob: false },
  stringnotequals: { compare: STRING_EQUALS, negated: true, glob: false },
  stringequalsignorecase: { compare: STRING_EQUALS_IC, negated: false, glob: false },
  stringnotequalsignorecase: { compare: STRING_EQUALS_IC, negated: true, glob: false },
  stringlike: { compare: (p, c) => globWithEscapes(p, c, false), negated: false, glob: true },
  stringnotlike: { compare: (p, c) => globWithEscapes(p, c, false), negated: true, glob: true },
  numericequals: { compare: numeric((a, b) => a === b), negated: false, glob: false },
  numericnotequals: { compare: numeric((a, b) => a === b), negated: true, glob: false },
  numericlessthan: { compare: numeric((a, b) => a < b), negated: false, glob: false },
  numericlessthanequals: { compare: numeric((a, b) => a <= b), negated: false, glob: false },
  numericgreaterthan: { compare: numeric((a, b) => a > b), negated: false, glob: false },
  numericgreaterthanequals: { compare: numeric((a, b) => a >= b), negated: false, glob: false },
  dateequals: { compare: dates((a, b) => a === b), negated: false, glob: false },
  datenotequals: { compare: dates((a, b) => a === b), negated: true, glob: false },
  datelessthan: { compare: dates((a, b) => a < b), negated: false, glob: false },
  datelessthanequals: { compare: dates((a, b) => a <= b), negated: false, glob: false },
  dategreaterthan: { compare: dates((a, b) => a > b), negated: false, glob: false },
  dategreaterthanequals: { compare: dates((a, b) => a >= b), negated: false, glob: false },
  bool: { compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false, glob: false },
  binaryequals: { compare: (p, c) => p === c, negated: false, glob: false },
  ipaddress: { compare: ipInRange, negated: false, glob: false },
  notipaddress: { compare: ipInRange, negated: true, glob: false },
  arnequals: { compare: (p, c) => arnMatches(unescapeLiterals(p), c), negated: false, glob: true },
  arnlike: { compare: (p, c) => arnMatches(unescapeLiterals(p), c), negated: false, glob: true },
  arnnotequals: { compare: (p, c) => arnMatches(unescapeLiterals(p), c), negated: true, glob: true },
  arnnotlike: { compare: (p, c) => arnMatches(unescapeLiterals(p), c), negated: true, glob: true },
};

interface ParsedOperator {
  set: 'all' | 'any' | null;
  base: string;
  ifExists: boolean;
}

export function parseOperator(operator: string): ParsedOperator {
  let rest = operator;
  let set: 'all' | 'any' | null = null;
  const lower = rest.toLowerCase();
  if (lower.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  } else if (lower.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  return { set, base: rest.toLowerCase(), ifExists };
}

/** Whether one context value matches any of the (resolved) policy values; `maybe` when an unresolved one might. */
function valueMatches(spec: OperatorSpec, policyValues: readonly Maybe<string>[], contextValue: string, context: NormalContext, doubt: Doubt): Truth {
  let result: Truth = 'no';
  for (const pv of policyValues) {
    if (isUnresolved(pv)) {
      if (pv.pattern !== undefined && !globMatch(pv.pattern, contextValue)) continue;
      doubt.unresolved.add(pv.reason);
      result = or(result, 'maybe');
      continue;
    }
    const sub = substituteVariables(pv, context, spec.glob);
    if (sub.absent) continue;
    if (!sub.exact) {
      // An unknown variable: string and ARN values can match only where the rest of the text allows.
      const textual = spec.glob || spec.compare === STRING_EQUALS || spec.compare === STRING_EQUALS_IC;
      if (!textual || globMatch(unescapeLiterals(sub.value), contextValue, spec.compare === STRING_EQUALS_IC)) {
        for (const k of sub.missing) doubt.unknownKeys.add(k);
        result = or(result, 'maybe');
      }
      continue;
    }
    const m = spec.compare(sub.value, contextValue);
    if (m === true) return 'yes';
  }
  return result;
}

/** One `Operator: { key: values }` pair. */
export function evaluateConditionKey(
  operator: string,
  key: string,
  policyValues: readonly Maybe<string>[],
  context: NormalContext,
  doubt: Doubt,
): Truth {
  const op = parseOperator(operator);
  const lowerKey = key.toLowerCase();
  const supplied = context.values.get(lowerKey);

  if (op.base === 'null') {
    if (supplied === undefined && !context.complete) {
      doubt.unknownKeys.add(key);
      return 'maybe';
    }
    const present = supplied !== undefined && supplied.length > 0;
    let result: Truth = 'no';
    for (const pv of policyValues) {
      if (isUnresolved(pv)) {
        doubt.unresolved.add(pv.reason);
        result = or(result, 'maybe');
        continue;
      }
      const wantAbsent = pv.toLowerCase() === 'true';
      if (wantAbsent !== present) return 'yes';
    }
    return result;
  }

  const spec = OPERATORS[op.base];
  if (spec === undefined) {
    doubt.unresolved.add(`condition operator ${operator} is not supported`);
    return 'maybe';
  }

  if (supplied === undefined && !context.complete) {
    doubt.unknownKeys.add(key);
    return 'maybe';
  }
  const values = supplied ?? [];
  if (values.length === 0) {
    if (op.set === 'all') return 'yes';
    if (op.set === 'any') return 'no';
    if (op.ifExists) return 'yes';
    return spec.negated ? 'yes' : 'no';
  }

  const perValue = values.map((v) => valueMatches(spec, policyValues, v, context, doubt));
  // For negated operators a context value "satisfies" when it matches none of the policy values.
  const satisfied = perValue.map((t) => (spec.negated ? not(t) : t));
  if (op.set === 'all') return satisfied.reduce<Truth>((acc, t) => and(acc, t), 'yes');
  if (op.set === 'any') return satisfied.reduce<Truth>((acc, t) => or(acc, t), 'no');
  if (spec.negated) return satisfied.reduce<Truth>((acc, t) => and(acc, t), 'yes');
  return satisfied.reduce<Truth>((acc, t) => or(acc, t), 'no');
}

/** A whole Condition block: every operator and key must hold. */
export function evaluateConditions(conditions: PolicyConditions | undefined, context: NormalContext, doubt: Doubt): Truth {
  if (conditions === undefined) return 'yes';
  let result: Truth = 'yes';
  for (const [operator, block] of Object.entries(conditions)) {
    for (const [key, values] of Object.entries(block)) {
      result = and(result, evaluateConditionKey(operator, key, values, context, doubt));
      if (result === 'no') return 'no';
    }
  }
  return result;
}

/** The context keys a Condition block reads. */
export function conditionKeys(conditions: PolicyConditions | undefined): string[] {
  if (conditions === undefined) return [];
  const keys = new Set<string>();
  for (const block of Object.values(conditions)) for (const key of Object.keys(block)) keys.add(key);
  return [...keys].sort();
}
