/**
 * Risk matches as rules report them: grouped by role (a shared role once, with every function), one
 * finding per granting statement, severity moved by the most exposed caller (docs/severity.md).
 */
import type { Severity } from '../../model/findings.js';
import type { SurfaceAnalysis } from '../surface/types.js';
import { dict } from '../../model/types.js';
import { impactAbove, severityFor, severityRank, widestReach, type Reach } from '../../model/findings.js';
import type { RiskClass } from './risks.js';
import { cmp as compare } from '../../model/order.js';
import { CERTAINTY_RANK, type RiskMatch, type IamRisks, type RoleRiskMatch } from './risk-types.js';

/**
 * Risk matches grouped by role: a shared role gives each of its functions the union, and is
 * reported once with every function the risk holds for. Optionally limited to some classes.
 */
export function riskMatchesByRole(risks: IamRisks, classes?: readonly RiskClass[]): RoleRiskMatch[] {
  const groups = new Map<string, RoleRiskMatch>();
  for (const fnId of Object.keys(risks.byFunction).sort()) {
    for (const m of risks.byFunction[fnId]!) {
      if (classes !== undefined && !classes.includes(m.class)) continue;
      const k = `${m.roleId}\u0000${m.key}`;
      const g = groups.get(k);
      if (g === undefined) groups.set(k, { match: m, roleId: m.roleId, functions: [fnId] });
      else {
        g.functions.push(fnId);
        // Keep the most certain variant of the match.
        if (CERTAINTY_RANK[m.certainty] > CERTAINTY_RANK[g.match.certainty]) g.match = m;
      }
    }
  }
  return [...groups.values()].sort((a, b) => compare(a.roleId, b.roleId) || compare(a.match.key, b.match.key));
}

/** The risk classes that hold for each function (for the blast radius of entry points). */
export function riskClassesByFunction(risks: IamRisks): Record<string, string[]> {
  const out: Record<string, string[]> = dict();
  for (const [fnId, list] of Object.entries(risks.byFunction)) out[fnId] = [...new Set(list.map((m) => m.class))].sort();
  return out;
}

/** What a risk rule reports for one role-level match. */
export interface RiskFinding {
  match: RiskMatch;
  roleId: string;
  functions: string[];
  /** The catalogue severity (lowered for conditional matches) moved by the most exposed caller of the functions: severityFor(impactAbove(catalogue), reach). */
  severity: Severity;
  /** `publicly reachable`, `reachable only internally`, ... */
  exposure: string;
  /** `` or ` (only under conditions: aws:ResourceTag/app)` */
  qualifier: string;
}

/** The most exposed caller of any of `functions`, in words for messages. */
export function exposureOf(surface: SurfaceAnalysis | undefined, functions: readonly string[]): { reach: Reach; text: string } {
  if (surface === undefined) return { reach: 'none', text: 'reachability unknown' };
  const reach = widestReach(functions.map((f) => surface.byFunction[f]?.weakestPrincipal ?? null));
  return { reach, text: EXPOSURE_WORDS[reach] };
}

const EXPOSURE_WORDS: Record<Reach, string> = {
  public: 'reachable from a public entry point',
  unresolved: 'reachable from an entry point whose caller could not be resolved',
  'any-aws-account': 'reachable by any AWS account',
  'cross-account': 'reachable by named other accounts',
  'authenticated-users': 'reachable by signed-in users',
  'aws-service': 'reachable only from internal sources',
  'same-account': 'reachable only from internal sources',
  deployment: 'invoked only by CloudFormation during a deployment (custom resource)',
  none: 'not reachable from any entry point in the model',
};

/** Whether the caller may be an outsider: anyone, any AWS account, or not resolved. */
export function isOutsideReach(r: Reach): boolean {
  return r === 'public' || r === 'any-aws-account' || r === 'unresolved';
}

/**
 * One grant, one finding: the role-level matches of a rule that the same statements grant, merged
 * into one (the most severe first; titles and details listed), e.g. AWSLambda_FullAccess's code,
 * configuration, permission and concurrency changes under iam/no-function-code-write.
 */
function byStatement(groups: RoleRiskMatch[]): RoleRiskMatch[] {
  const out = new Map<string, RoleRiskMatch[]>();
  for (const g of groups) {
    // The statement a finding points at: its first granting statement (a combination's other steps are related locations).
    const at = `${g.match.location.file}:${g.match.location.line}:${g.match.location.column}`;
    const k = `${g.roleId}\u0000${at}\u0000${g.functions.join(',')}`;
    const list = out.get(k);
    if (list) list.push(g);
    else out.set(k, [g]);
  }
  return [...out.values()].map((list) => {
    if (list.length === 1) return list[0]!;
    const sorted = [...list].sort((a, b) => severityRank(b.match.severity) - severityRank(a.match.severity) || compare(a.match.riskId, b.match.riskId));
    const top = sorted[0]!;
    const rest = sorted.slice(1);
    return {
      ...top,
      match: {
        ...top.match,
        title: [top.match.title, ...rest.map((g) => g.match.title)].join(', '),
        detail: [...new Set([top.match.detail, ...rest.map((g) => g.match.detail)])].join('; '),
        key: `${[...new Set(sorted.map((g) => g.match.riskId))].sort().join('+')}::${top.match.key.slice(top.match.key.indexOf('::') + 2)}`,
      },
    };
  });
}

/** Role-level risk matches of some classes, ready to report. */
export function riskFindings(risks: IamRisks, surface: SurfaceAnalysis | undefined, classes: readonly RiskClass[]): RiskFinding[] {
  return byStatement(riskMatchesByRole(risks, classes)).map((g) => {
    const e = exposureOf(surface, g.functions);
    const qualifier =
      g.match.certainty === 'conditional'
        ? ` (allowed under conditions: ${[...new Set(g.match.steps.flatMap((s) => s.unknownKeys))].join(', ') || 'unknown condition keys'})`
        : g.match.certainty === 'unresolved'
          ? ` (may be allowed: ${[...new Set(g.match.steps.flatMap((s) => s.unresolved))].slice(0, 2).join('; ') || 'unresolved values'})`
          : '';
    // The catalogue's severity is the one for a signed-in caller (docs/severity.md).
    return { match: g.match, roleId: g.roleId, functions: g.functions, severity: severityFor(impactAbove(g.match.severity), e.reach), exposure: e.text, qualifier };
  });
}
