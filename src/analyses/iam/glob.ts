/**
 * Wildcard matching for IAM: actions (`s3:Get*`, case-insensitive), ARNs (segment-wise, `*` and `?`
 * never cross the colons of the first five segments) and plain strings (StringLike).
 *
 * Two kinds of pattern meet here. A *policy* pattern (what a statement says) has `*` and `?`.
 * A *request* pattern is an ARN only partly known (an `Unresolved.pattern`): its `*` stands for an
 * unknown substring and `?` is a literal. Questions about two patterns are answered soundly:
 * `globsIntersect` may say true when a resource could match, `globCovers` says true only when every
 * string the request pattern stands for is matched.
 *
 * Patterns come from the scanned repository: matching never compiles them to a backtracking
 * RegExp (src/model/wildcard.ts), and the two-pattern questions have a work budget past which they
 * answer the sound way (intersect: maybe, so true; covers: not proven, so false).
 */
import { wildcardMatch } from '../../model/wildcard.js';

/** Largest (|a|+1)·(|b|+1) table, and |a|+|b| recursion, for the two-pattern questions. */
const PAIR_BUDGET = 1_000_000;
const DEPTH_BUDGET = 4_000;

function overBudget(a: string, b: string): boolean {
  return (a.length + 1) * (b.length + 1) > PAIR_BUDGET || a.length + b.length > DEPTH_BUDGET;
}

/** StringLike semantics: `*` any run of characters, `?` exactly one. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return wildcardMatch(pattern, value, { ignoreCase });
}

/** IAM action matching: case-insensitive glob. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}

/**
 * A statement's action list compiled once for the many requests it is asked about (an
 * `Action: [...]` of a managed policy holds hundreds of names): exact names in a set, `service:*`
 * as a service set, other wildcard patterns bucketed by their literal service prefix. `matches`
 * answers exactly as `some(p => actionMatches(p, action))` over the list.
 */
export class ActionPatterns {
  #any = false;
  readonly #exact = new Set<string>();
  readonly #services = new Set<string>();
  readonly #byService = new Map<string, string[]>();
  readonly #other: string[] = [];

  constructor(patterns: Iterable<string>) {
    for (const pattern of patterns) {
      const p = pattern.toLowerCase();
      if (p === '*') this.#any = true;
      else if (!p.includes('*') && !p.includes('?')) this.#exact.add(p);
      else {
        const colon = p.indexOf(':');
        const service = colon < 0 ? null : p.slice(0, colon);
        if (service === null || service.includes('*') || service.includes('?')) this.#other.push(p);
        else if (p.length === colon + 2 && p.endsWith('*')) this.#services.add(service);
        else {
          const list = this.#byService.get(service);
          if (list === undefined) this.#byService.set(service, [p]);
          else list.push(p);
        }
      }
    }
  }

  matches(action: string): boolean {
    if (this.#any) return true;
    const a = action.toLowerCase();
    if (this.#exact.has(a)) return true;
    const colon = a.indexOf(':');
    if (colon >= 0) {
      const service = a.slice(0, colon);
      if (this.#services.has(service)) return true;
      const list = this.#byService.get(service);
      if (list !== undefined) for (const p of list) if (wildcardMatch(p, a)) return true;
    }
    for (const p of this.#other) if (wildcardMatch(p, a)) return true;
    return false;
  }
}

const compiledActionLists = new WeakMap<readonly unknown[], ActionPatterns | null>();

/**
 * The compiled form of an action list whose entries are all known strings (null when one is an
 * unresolved value: those lists are matched entry by entry). Cached per list object; policy
 * statements are not modified once built.
 */
export function actionPatterns(list: readonly unknown[]): ActionPatterns | null {
  let compiled = compiledActionLists.get(list);
  if (compiled === undefined) {
    compiled = list.every((p) => typeof p === 'string') ? new ActionPatterns(list as readonly string[]) : null;
    compiledActionLists.set(list, compiled);
  }
  return compiled;
}

function charEq(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * Whether some string is matched by policy pattern `a` (with `*`, `?`) and is an instance of request
 * pattern `b` (with `*` only).
 */
export function globsIntersect(a: string, b: string, ignoreCase = false): boolean {
  if (a === '*' || b === '*') return true;
  if (!b.includes('*')) return globMatch(a, b, ignoreCase);
  if (overBudget(a, b)) return true;
  const la = a.length;
  const lb = b.length;
  // memo: 0 unknown, 1 false, 2 true
  const memo = new Uint8Array((la + 1) * (lb + 1));
  const go = (i: number, j: number): boolean => {
    const slot = i * (lb + 1) + j;
    const cached = memo[slot];
    if (cached !== 0) return cached === 2;
    let result: boolean;
    if (i === la && j === lb) result = true;
    else if (i < la && a[i] === '*') result = go(i + 1, j) || (j < lb && go(i, j + 1));
    else if (j < lb && b[j] === '*') result = go(i, j + 1) || (i < la && go(i + 1, j));
    else if (i < la && j < lb) result = (a[i] === '?' || charEq(a[i]!, b[j]!, ignoreCase)) && go(i + 1, j + 1);
    else result = false;
    memo[slot] = result ? 2 : 1;
    return result;
  };
  return go(0, 0);
}

/**
 * Whether policy pattern `p` matches every string that request pattern `r` stands for. Sound, not
 * complete: each `*` of `r` must be absorbed by a `*` of `p`.
 */
export function globCovers(p: string, r: string, ignoreCase = false): boolean {
  if (p === '*') return true;
  if (!r.includes('*')) return globMatch(p, r, ignoreCase);
  if (overBudget(p, r)) return false;
  const lp = p.length;
  const lr = r.length;
  const memo = new Uint8Array((lp + 1) * (lr + 1));
  const go = (i: number, j: number): boolean => {
    const slot = i * (lr + 1) + j;
    const cached = memo[slot];
    if (cached !== 0) return cached === 2;
    let result: boolean;
    if (i === lp) result = j === lr;
    else if (p[i] === '*') result = go(i + 1, j) || (j < lr && go(i, j + 1));
    else if (j < lr && r[j] !== '*') result = (p[i] === '?' || charEq(p[i]!, r[j]!, ignoreCase)) && go(i + 1, j + 1);
    else result = false;
    memo[slot] = result ? 2 : 1;
    return result;
  };
  return go(0, 0);
}

// ---------------------------------------------------------------------------------------------
// ARNs
// ---------------------------------------------------------------------------------------------

/** `arn:partition:service:region:account:resource` → six parts; the resource part keeps its colons. */
export function splitArn(value: string): string[] | null {
  if (!value.startsWith('arn:')) return null;
  const parts: string[] = [];
  let start = 0;
  for (let k = 0; k < 5; k++) {
    const colon = value.indexOf(':', start);
    if (colon < 0) {
      parts.push(value.slice(start));
      start = -1;
      break;
    }
    parts.push(value.slice(start, colon));
    start = colon + 1;
  }
  if (start >= 0) parts.push(value.slice(start));
  return parts;
}

/**
 * A policy ARN pattern as six segments. Short patterns (`arn:aws:s3:::*` is already six;
 * `arn:aws:lambda:*`) are padded with `*`, which is how identity policies treat them.
 */
function policyArnSegments(pattern: string): string[] | null {
  const parts = splitArn(pattern);
  if (parts === null) return null;
  if (parts.length < 6) {
    if (!pattern.includes('*')) return null;
    while (parts.length < 6) parts.push('*');
  }
  return parts;
}

type SegmentTest = (pattern: string, value: string) => boolean;

function arnTest(policyPattern: string, requestValue: string, test: SegmentTest, plain: SegmentTest): boolean {
  if (policyPattern === '*') return true;
  const p = policyArnSegments(policyPattern);
  const r = splitArn(requestValue);
  if (p === null || r === null || r.length < 6) {
    // Not both ARNs (a bare `*` request, or a non-ARN resource like a Glue table name).
    return plain(policyPattern, requestValue);
  }
  for (let k = 0; k < 6; k++) {
    if (!test(p[k]!, r[k]!)) return false;
  }
  return true;
}

/** Resource / ArnLike matching of a concrete ARN. Case-sensitive. */
export function arnMatches(pattern: string, arn: string): boolean {
  return arnTest(pattern, arn, (p, v) => globMatch(p, v), (p, v) => globMatch(p, v));
}

/** Whether a policy resource pattern matches some resource that the request pattern stands for. */
export function arnIntersects(pattern: string, requestPattern: string): boolean {
  if (requestPattern === '*') return true;
  return arnTest(pattern, requestPattern, (p, v) => globsIntersect(p, v), (p, v) => globsIntersect(p, v));
}

/** Whether a policy resource pattern matches every resource the request pattern stands for. */
export function arnCovers(pattern: string, requestPattern: string): boolean {
  if (pattern === '*') return true;
  if (requestPattern === '*') return false;
  return arnTest(pattern, requestPattern, (p, v) => globCovers(p, v), (p, v) => globCovers(p, v));
}

/** The account segment of an ARN, when it is there and has no wildcard. */
export function arnAccount(arn: string): string | null {
  const parts = splitArn(arn);
  if (parts === null || parts.length < 6) return null;
  const account = parts[4]!;
  return account === '' || account.includes('*') || account.includes('?') ? null : account;
}

/** The service segment of an ARN. */
export function arnService(arn: string): string | null {
  const parts = splitArn(arn);
  return parts === null || parts.length < 3 ? null : parts[2]!;
}
