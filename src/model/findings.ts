/**
 * The report vocabulary every layer speaks: categories, findings, their flows and suppressions;
 * severity: its order, and the one model every rule uses to set it (docs/severity.md).
 *
 * A finding's severity is *what it gives* (its impact) moved by *who can reach it*. The impact is
 * stated as the severity the finding has when anyone on the internet can reach it; every other
 * caller lowers it by a fixed number of steps; and only an outsider (anyone, any AWS account) can
 * make a finding critical. An unresolved caller is reported as unresolved and counts as one step
 * below public: it never raises a finding as if it were public.
 */
import type { PrincipalKind, SourceLocation } from './types.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** 5 for critical … 1 for info: compare with `>`. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

/** `steps` less severe, never below info. */
export function lowerSeverity(s: Severity, steps = 1): Severity {
  return SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(s) + steps))]!;
}

/** `steps` more severe, never above critical. */
export function raiseSeverity(s: Severity, steps = 1): Severity {
  return lowerSeverity(s, -steps);
}

/** The more severe of the two. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** The less severe of the two. */
export function minSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

/** Who can reach the thing a finding is about: an entry point's principal, or `none` (no entry point in the model reaches it). */
export type Reach = PrincipalKind | 'none';

/**
 * What a finding gives, as the severity it has when anyone on the internet can reach it.
 * `catastrophic` is beyond critical: critical from the internet, and still high from inside the
 * account (administrator access, privilege escalation, rewriting code, spend that does not stop).
 */
export type Impact = Severity | 'catastrophic';

/** Steps below the impact, per caller. */
export const REACH_STEPS: Readonly<Record<Reach, number>> = {
  public: 0,
  'any-aws-account': 1,
  unresolved: 1,
  'authenticated-users': 1,
  'cross-account': 1,
  'aws-service': 2,
  'same-account': 2,
  none: 2,
  deployment: 3,
};

/** Callers who make a finding critical: no account, credential or sign-up of ours stands in their way. */
const OUTSIDERS: ReadonlySet<Reach> = new Set<Reach>(['public']);

/** Words for the caller, for messages. */
export const REACH_WORDS: Readonly<Record<Reach, string>> = {
  public: 'anyone on the internet',
  'any-aws-account': 'any AWS account',
  unresolved: 'a caller that could not be resolved',
  'authenticated-users': 'signed-in users',
  'cross-account': 'named other accounts',
  'aws-service': 'an AWS service',
  'same-account': 'identities of the same account',
  deployment: 'CloudFormation during a deployment',
  none: 'nothing in the model',
};

function impactScore(i: Impact): number {
  return i === 'catastrophic' ? SEVERITIES.length + 1 : severityRank(i);
}

/** The severity of a finding that gives `impact` to `reach`. */
export function severityFor(impact: Impact, reach: Reach | null): Severity {
  const r: Reach = reach ?? 'none';
  const score = Math.max(1, Math.min(SEVERITIES.length, impactScore(impact) - REACH_STEPS[r]));
  const s = SEVERITIES[SEVERITIES.length - score]!;
  return s === 'critical' && !OUTSIDERS.has(r) ? 'high' : s;
}

/** An impact one step above `s`: for catalogues written as the severity for a signed-in or named caller. */
export function impactAbove(s: Severity): Impact {
  return s === 'critical' ? 'catastrophic' : raiseSeverity(s, 1);
}

/** What the functions behind an entry point hold, as the reachability analysis words it (`BlastRadius`). */
export interface EndpointHoldings {
  /** Their most dangerous grant beyond what they need to run, in words; null when none is known. */
  worst: string | null;
  /** Those whose permissions are not all known, with why (`<function>: <why>`). */
  unknown: readonly string[];
}

/**
 * The rank of an endpoint anyone on the internet can call without signing in (an API route with no
 * authorizer, a function URL with AuthType NONE, a Google or Azure endpoint open to all) and the
 * words that finish "anyone on the internet can call it": what it gives is what the functions
 * behind it can do (docs/severity.md). High when they hold a grant beyond what they need to run
 * (logs, traces, polling), or when what they hold is not known (unknown is not safe); medium when
 * they hold nothing more (public by design). One `holdings` per entry point of the finding; none
 * (nothing says what the functions hold) is high, without words.
 */
export function openEndpointRank(holdings: readonly EndpointHoldings[]): { severity: Severity; gives: string } {
  const worst = [...new Set(holdings.flatMap((h) => (h.worst === null ? [] : [h.worst])))].sort();
  if (holdings.length === 0) return { severity: 'high', gives: '' };
  if (worst.length > 0) return { severity: 'high', gives: `, and reach ${worst.join('; ')}` };
  const unknown = [...new Set(holdings.flatMap((h) => h.unknown))].sort();
  if (unknown.length > 0) return { severity: 'high', gives: `, and what the function may do is not known (${unknown.join('; ')})` };
  return { severity: 'medium', gives: ' (the function holds no permission beyond what it needs to run: fine if it is public by design)' };
}

/** The reach whose finding is most severe (the most exposed caller); `none` for an empty list. */
export function widestReach(reaches: readonly (Reach | null)[]): Reach {
  let best: Reach | null = null;
  for (const r of reaches) {
    const x = r ?? 'none';
    if (best === null || REACH_STEPS[x] < REACH_STEPS[best] || (REACH_STEPS[x] === REACH_STEPS[best] && REACH_ORDER.indexOf(x) < REACH_ORDER.indexOf(best))) best = x;
  }
  return best ?? 'none';
}

const REACH_ORDER: readonly Reach[] = ['public', 'unresolved', 'any-aws-account', 'cross-account', 'authenticated-users', 'aws-service', 'same-account', 'none', 'deployment'];

// The report vocabulary: what a finding is, wherever it is made or shown.

/** Categories from DESIGN.md; more may be added, none renamed. */
export const CATEGORIES = [
  // surface
  'public-unauthenticated-entry',
  'public-trigger',
  'public-resource-policy',
  'weak-authentication',
  'permissive-cors',
  'cross-account-access',
  'cascade',
  'blast-radius',
  'trust-boundary',
  // iam
  'over-privileged-function',
  'privilege-escalation',
  'code-tampering',
  'code-exposure',
  'credentials-exposure',
  'data-exfiltration',
  'unused-permission',
  'missing-permission',
  'shared-role',
  'least-privilege-suggestion',
  // cost
  'denial-of-wallet',
  'missing-throttling',
  'recursive-invocation',
  'concurrency-starvation',
  'timeout-mismatch',
  // code
  'sql-injection',
  'nosql-injection',
  'command-injection',
  'code-injection',
  'ssrf',
  'path-traversal',
  'insecure-deserialization',
  'xss',
  'regex-dos',
  'secrets-in-config',
  'hardcoded-secret',
  'verbose-error',
  'reverse-shell',
  'vulnerable-dependency',
  // config
  'deprecated-runtime',
  'missing-observability',
  'misconfiguration',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A step on a path from an entry point to a sink (SARIF codeFlows). */
export interface FlowStep {
  location: SourceLocation;
  message: string;
}

export interface RelatedLocation {
  location: SourceLocation;
  message: string;
}

export interface Suppression {
  reason: string;
  source: 'inline' | 'metadata' | 'config' | 'baseline';
  location?: SourceLocation;
}

/**
 * Posture rules (configuration hardening, `--profile hardening`) are the rules of the `posture/`
 * area (test/rules/registry.test.ts checks that they, and only they, declare `profile: 'hardening'`).
 * Reports list their findings after the exposure and code findings of the same severity, grouped
 * under the resource they are about.
 */
export function isPostureFinding(f: { ruleId: string }): boolean {
  return f.ruleId.startsWith('posture/');
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  resource: string;
  functions: string[];
  location: SourceLocation;
  fingerprint: string;
  key?: string;
  /** CDK construct path of the subject, when the input was `cdk synth` output. */
  constructPath?: string;
  related?: RelatedLocation[];
  flows?: FlowStep[][];
  suppression?: Suppression;
}
