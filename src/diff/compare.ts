/**
 * Compares two JSON reports (base → head) into a DiffResult. Pure. Report files and git revisions
 * take the same path: each side is analysed, turned into its JSON report, then compared here, so
 * what the diff sees is exactly what a user can save and diff later.
 *
 * Elements are matched by the identities of identity.ts, never by line; findings by fingerprint.
 */
import type { Category, Finding, Severity } from '../model/findings.js';
import { SEVERITIES, severityRank } from '../model/findings.js';
import type { AuthKind, Diagnostic, PrincipalKind } from '../model/types.js';
import { PRINCIPAL_RANK } from '../model/policy.js';
import { actionMatches, arnCovers } from '../analyses/iam/glob.js';
import { costFingerprint, costKey, entryPointFingerprint, entryPointKey, permissionFingerprint } from './identity.js';
import type { ReadReport, ReportBoundary, ReportEntryPoint, ReportPermission } from './report.js';
import type { AuthChange, BoundaryChange, CostChange, DiffResult, DiffSide, DiffSummary, EntryPointRef, PermissionChange, PrincipalChange } from './types.js';
import { cmp } from '../model/order.js';

/** Strength of authentication: higher is stronger. Unknown sits just above none (unknown is not safe). */
export const AUTH_RANK: Record<AuthKind, number> = {
  none: 0,
  unresolved: 1,
  'api-key': 2,
  'lambda-authorizer': 3,
  jwt: 4,
  cognito: 5,
  'resource-policy': 6,
  service: 6,
  iam: 7,
};

/** IAM categories that name a dangerous capability (rather than hygiene such as unused permissions). */
export const DANGEROUS_CATEGORIES: readonly Category[] = ['over-privileged-function', 'privilege-escalation', 'code-tampering', 'code-exposure', 'credentials-exposure', 'data-exfiltration', 'cross-account-access'];

const EXPOSED: readonly PrincipalKind[] = ['public', 'unresolved', 'any-aws-account'];

export interface CompareOptions {
  base: Omit<DiffSide, 'toolVersion'>;
  head: Omit<DiffSide, 'toolVersion'>;
  toolVersion: string;
  /** Extra diagnostics (reading the inputs). */
  diagnostics?: Diagnostic[];
  /**
   * Cost ceilings present on both sides that moved by less than this share of the base (0.01 = 1%)
   * and kept their boundedness are counted in a diagnostic instead of listed (drift: one reserved
   * concurrency changed moves every other function's ceiling by a thousandth). Default 0: to the cent.
   */
  costTolerance?: number;
}

function cents(n: number): number {
  return Math.round(n * 100) / 100;
}

function authRank(ep: ReportEntryPoint): number {
  return (AUTH_RANK[ep.auth] ?? 1) + (ep.apiKeyRequired && ep.auth !== 'api-key' && ep.auth !== 'none' ? 0.5 : 0) + (ep.apiKeyRequired && ep.auth === 'none' ? AUTH_RANK['api-key'] : 0);
}

function principalRank(p: PrincipalKind): number {
  return PRINCIPAL_RANK[p] ?? PRINCIPAL_RANK.unresolved;
}

function epRef(ep: ReportEntryPoint): EntryPointRef {
  const r: EntryPointRef = { fingerprint: entryPointFingerprint(ep), id: ep.id, kind: ep.kind, label: ep.label, source: ep.source, principal: ep.principal, auth: ep.auth, targets: [...ep.targets].sort() };
  if (ep.location) r.location = ep.location;
  return r;
}

/** Permissions of `from` not covered by `by` (a conditional grant does not cover an unconditional one). */
function uncovered(fn: string, from: readonly ReportPermission[], by: readonly ReportPermission[], functionChange?: 'added' | 'removed'): PermissionChange[] {
  const out: PermissionChange[] = [];
  for (const p of from) {
    for (const r of p.resources.length ? p.resources : ['*']) {
      const covered = by.some((b) => (!b.conditional || p.conditional) && actionMatches(b.action, p.action) && (b.resources.length ? b.resources : ['*']).some((br) => arnCovers(br, r)));
      if (covered) continue;
      const c: PermissionChange = { fingerprint: permissionFingerprint(fn, p.action, r), function: fn, action: p.action, accessLevel: p.accessLevel, resource: r };
      if (p.conditional) c.conditional = true;
      if (functionChange) c.functionChange = functionChange;
      out.push(c);
    }
  }
  return out;
}

export function compareReports(base: ReadReport, head: ReadReport, options: CompareOptions): DiffResult {
  const diagnostics: Diagnostic[] = [...(options.diagnostics ?? [])];

  // Entry points: added / removed, and for the ones on both sides, auth and principal changes.
  const baseEps = new Map(base.entryPoints.map((e) => [entryPointKey(e), e]));
  const headEps = new Map(head.entryPoints.map((e) => [entryPointKey(e), e]));
  const added: EntryPointRef[] = [];
  const removed: EntryPointRef[] = [];
  const weakened: AuthChange[] = [];
  const strengthened: AuthChange[] = [];
  const widened: PrincipalChange[] = [];
  const narrowed: PrincipalChange[] = [];
  for (const [key, h] of headEps) {
    const b = baseEps.get(key);
    if (!b) {
      added.push(epRef(h));
      continue;
    }
    const fp = entryPointFingerprint(h);
    const rb = authRank(b);
    const rh = authRank(h);
    if (rb !== rh) {
      const change: AuthChange = { fingerprint: fp, entryPoint: h.id, label: h.label, from: b.auth, to: h.auth };
      if (b.apiKeyRequired !== h.apiKeyRequired) change.apiKey = { from: b.apiKeyRequired, to: h.apiKeyRequired };
      if (h.location) change.location = h.location;
      (rh < rb ? weakened : strengthened).push(change);
    }
    if (b.principal !== h.principal && principalRank(b.principal) !== principalRank(h.principal)) {
      const change: PrincipalChange = { fingerprint: fp, entryPoint: h.id, label: h.label, from: b.principal, to: h.principal };
      if (h.location) change.location = h.location;
      (principalRank(h.principal) < principalRank(b.principal) ? widened : narrowed).push(change);
    }
  }
  for (const [key, b] of baseEps) if (!headEps.has(key)) removed.push(epRef(b));

  // Permissions per function, by action and resource.
  const broadened: PermissionChange[] = [];
  const permNarrowed: PermissionChange[] = [];
  const baseKnown = base.functions.length === 0 || base.functions.some((f) => f.permissions !== null);
  const headKnown = head.functions.length === 0 || head.functions.some((f) => f.permissions !== null);
  if (baseKnown && headKnown) {
    const bf = new Map(base.functions.map((f) => [f.id, f]));
    const hf = new Map(head.functions.map((f) => [f.id, f]));
    for (const id of [...new Set([...bf.keys(), ...hf.keys()])].sort(cmp)) {
      const b = bf.get(id);
      const h = hf.get(id);
      if ((b && b.permissions === null) || (h && h.permissions === null)) continue;
      broadened.push(...uncovered(id, h?.permissions ?? [], b?.permissions ?? [], b ? undefined : 'added'));
      permNarrowed.push(...uncovered(id, b?.permissions ?? [], h?.permissions ?? [], h ? undefined : 'removed'));
    }
  } else {
    diagnostics.push({ level: 'warning', code: 'diff-permissions-unknown', message: `the ${baseKnown ? 'head' : 'base'} report has no per-function permissions (written by nightlight ${baseKnown ? head.toolVersion : base.toolVersion}); permission changes are not compared` });
  }
  const byPerm = (a: PermissionChange, b: PermissionChange) => cmp(a.function, b.function) || cmp(a.action, b.action) || cmp(a.resource, b.resource);
  broadened.sort(byPerm);
  permNarrowed.sort(byPerm);

  // Findings by fingerprint.
  const baseF = new Map(base.findings.map((f) => [f.fingerprint, f]));
  const headF = new Map(head.findings.map((f) => [f.fingerprint, f]));
  const newFindings = head.findings.filter((f) => !baseF.has(f.fingerprint));
  const fixed = base.findings.filter((f) => !headF.has(f.fingerprint));
  const unchanged = head.findings.length - newFindings.length;
  const capabilities = newFindings.filter((f) => !f.suppression && DANGEROUS_CATEGORIES.includes(f.category));

  // Cost ceilings by entry point.
  const labelOf = new Map<string, string>();
  for (const e of [...base.entryPoints, ...head.entryPoints]) labelOf.set(e.id, e.label);
  const baseC = new Map(base.cost.map((c) => [costKey(c), c]));
  const headC = new Map(head.cost.map((c) => [costKey(c), c]));
  const up: CostChange[] = [];
  const down: CostChange[] = [];
  let slight = 0;
  for (const key of [...new Set([...baseC.keys(), ...headC.keys()])].sort(cmp)) {
    const b = baseC.get(key);
    const h = headC.get(key);
    const any = (h ?? b)!;
    const from = b ? cents(b.worstCaseUsdPerDay) : null;
    const to = h ? cents(h.worstCaseUsdPerDay) : null;
    const unboundedUp = !!h?.unbounded && !b?.unbounded;
    const unboundedDown = !!b?.unbounded && !h?.unbounded;
    if (from === to && !unboundedUp && !unboundedDown) continue;
    if (from !== null && to !== null && !unboundedUp && !unboundedDown && Math.abs(to - from) < (options.costTolerance ?? 0) * from) {
      slight++;
      continue;
    }
    const change: CostChange = {
      fingerprint: costFingerprint(any),
      entryPoint: any.entryPoint,
      label: labelOf.get(any.entryPoint) ?? any.entryPoint,
      function: any.function,
      fromUsdPerDay: from,
      toUsdPerDay: to,
      deltaUsdPerDay: cents((to ?? 0) - (from ?? 0)),
      unbounded: !!h?.unbounded,
      attackerDriven: !!(h ?? b)?.attackerDriven,
    };
    if (unboundedUp || (to ?? 0) > (from ?? 0) || (from === null && to !== null)) up.push(change);
    else down.push(change);
  }

  if (slight) diagnostics.push({ level: 'info', code: 'diff-cost-slight', message: `${slight} cost ceiling${slight === 1 ? '' : 's'} moved by less than ${Math.round((options.costTolerance ?? 0) * 100)}% (for example, the account's unreserved concurrency pool changed); not listed` });

  const boundaries = compareBoundaries(base.boundaries, head.boundaries, diagnostics);

  // Error diagnostics the head has and the base had not (a template that no longer parses, ...).
  const baseErrors = new Set(base.diagnostics.filter((d) => d.level === 'error').map((d) => `${d.code}\u0000${d.message}`));
  for (const d of head.diagnostics) if (d.level === 'error' && !baseErrors.has(`${d.code}\u0000${d.message}`)) diagnostics.push(d);

  const newBySeverity: Record<string, number> = {};
  for (const s of SEVERITIES) newBySeverity[s] = 0;
  for (const f of newFindings) if (!f.suppression) newBySeverity[f.severity]!++;
  const summary: DiffSummary = {
    entryPointsAdded: added.length,
    publicEntryPointsAdded: added.filter((e) => EXPOSED.includes(e.principal)).length,
    entryPointsRemoved: removed.length,
    authWeakened: weakened.length,
    authStrengthened: strengthened.length,
    principalsWidened: widened.length,
    principalsNarrowed: narrowed.length,
    permissionsBroadened: broadened.length,
    permissionsNarrowed: permNarrowed.length,
    capabilitiesAdded: capabilities.length,
    costUp: up.length,
    costDown: down.length,
    costUpUsdPerDay: cents(up.reduce((n, c) => n + Math.max(0, c.deltaUsdPerDay), 0)),
    findingsNew: newFindings.length,
    findingsNewSuppressed: newFindings.filter((f) => f.suppression).length,
    findingsFixed: fixed.length,
    findingsUnchanged: unchanged,
    newBySeverity,
    changed: false,
  };
  if (boundaries) {
    summary.boundariesAdded = boundaries.added.length;
    summary.boundariesWidened = boundaries.widened.length;
    summary.boundariesAsk = [...new Set([...boundaries.added, ...boundaries.widened].flatMap((b) => b.ask))].sort(cmp);
  }
  summary.changed =
    (boundaries ? boundaries.added.length + boundaries.widened.length : 0) +
    added.length + removed.length + weakened.length + strengthened.length + widened.length + narrowed.length + broadened.length + permNarrowed.length + up.length + down.length + newFindings.length + fixed.length > 0;

  return {
    schemaVersion: 1,
    kind: 'nightlight-diff',
    tool: { name: 'nightlight', version: options.toolVersion },
    base: { ...options.base, toolVersion: base.toolVersion },
    head: { ...options.head, toolVersion: head.toolVersion },
    headline: headline(summary, options.head.kind === 'live' ? 'drift' : 'change'),
    summary,
    entryPoints: { added, removed },
    auth: { weakened, strengthened },
    principals: { widened, narrowed },
    permissions: { broadened, narrowed: permNarrowed },
    capabilities: { added: capabilities },
    cost: { up, down },
    findings: { new: newFindings, fixed, unchanged },
    ...(boundaries ? { boundaries } : {}),
    diagnostics,
  };
}

/**
 * Cross-owner edges the head adds, or widens with actions or access levels the base edge did not
 * carry (docs/owners.md). Compared only when both reports have owner information; when one side
 * has none, an info diagnostic says so and nothing is listed (every edge would look new).
 */
function compareBoundaries(base: ReportBoundary[] | null, head: ReportBoundary[] | null, diagnostics: Diagnostic[]): { added: BoundaryChange[]; widened: BoundaryChange[] } | null {
  if (base === null && head === null) return null;
  if (base === null || head === null) {
    diagnostics.push({ level: 'info', code: 'diff-owners-one-side', message: `only the ${base === null ? 'head' : 'base'} has owner information (CODEOWNERS, config owners: or owner tags); cross-owner edges are not compared` });
    return null;
  }
  const byKey = new Map(base.map((b) => [`${b.kind}\u0000${b.from}\u0000${b.to}`, b]));
  const added: BoundaryChange[] = [];
  const widened: BoundaryChange[] = [];
  for (const h of head) {
    const b = byKey.get(`${h.kind}\u0000${h.from}\u0000${h.to}`);
    const change = (kind: BoundaryChange['change'], actions: string[], levels: string[]): BoundaryChange => {
      const c: BoundaryChange = { id: h.id, kind: h.kind, from: h.from, to: h.to, owners: h.owners, change: kind, actions, levels, ask: h.ask.length ? h.ask : h.owners.to };
      if (h.location) c.location = h.location;
      return c;
    };
    if (!b) {
      added.push(change('added', h.actions, h.levels));
      continue;
    }
    const actions = h.actions.filter((a) => !b.actions.some((x) => actionMatches(x, a)));
    const levels = h.levels.filter((l) => !b.levels.includes(l));
    if (actions.length || levels.length) widened.push(change('widened', actions, levels));
  }
  const order = (x: BoundaryChange, y: BoundaryChange) => cmp(x.from, y.from) || cmp(x.to, y.to) || cmp(x.kind, y.kind);
  return { added: added.sort(order), widened: widened.sort(order) };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function usd(n: number): string {
  return n >= 100 ? `$${Math.round(n).toLocaleString('en-US')}` : `$${n.toFixed(2)}`;
}

/**
 * "This change adds 1 public entry point, broadens 2 permissions, adds 3 findings (1 high)."
 * For drift (declared → deployed): "What is deployed adds 1 public entry point, ...".
 */
export function headline(s: DiffSummary, kind: 'change' | 'drift' = 'change'): string {
  const parts: string[] = [];
  if (s.entryPointsAdded) {
    const pub = s.publicEntryPointsAdded;
    parts.push(pub === s.entryPointsAdded ? `adds ${plural(pub, 'public entry point')}` : `adds ${plural(s.entryPointsAdded, 'entry point')}${pub ? ` (${pub} public)` : ''}`);
  }
  if (s.entryPointsRemoved) parts.push(`removes ${plural(s.entryPointsRemoved, 'entry point')}`);
  if (s.authWeakened) parts.push(`weakens authentication on ${plural(s.authWeakened, 'entry point')}`);
  if (s.principalsWidened) parts.push(`widens who can call ${plural(s.principalsWidened, 'entry point')}`);
  if (s.permissionsBroadened) parts.push(`broadens ${plural(s.permissionsBroadened, 'permission')}`);
  const crossing = (s.boundariesAdded ?? 0) + (s.boundariesWidened ?? 0);
  if (crossing) parts.push(`${s.boundariesAdded ? `adds ${plural(s.boundariesAdded, 'cross-owner edge')}` : ''}${s.boundariesAdded && s.boundariesWidened ? ' and ' : ''}${s.boundariesWidened ? `widens ${plural(s.boundariesWidened, 'cross-owner edge')}` : ''}${s.boundariesAsk?.length ? ` (ask ${s.boundariesAsk.join(', ')})` : ''}`);
  if (s.capabilitiesAdded) parts.push(`adds ${plural(s.capabilitiesAdded, 'dangerous capability', 'dangerous capabilities')}`);
  if (s.costUp) parts.push(`raises ${plural(s.costUp, 'cost ceiling')} (+${usd(s.costUpUsdPerDay)}/day)`);
  const active = s.findingsNew - s.findingsNewSuppressed;
  if (s.findingsNew) {
    const bySev = SEVERITIES.filter((x) => (s.newBySeverity[x] ?? 0) > 0 && severityRank(x) >= severityRank('high' as Severity)).map((x) => `${s.newBySeverity[x]} ${x}`);
    const extra = [...bySev, ...(s.findingsNewSuppressed ? [`${s.findingsNewSuppressed} suppressed`] : [])];
    parts.push(`adds ${plural(active === 0 ? s.findingsNew : active, 'finding')}${extra.length ? ` (${extra.join(', ')})` : ''}`);
  }
  if (s.findingsFixed) parts.push(`fixes ${plural(s.findingsFixed, 'finding')}`);
  if (s.permissionsNarrowed) parts.push(`narrows ${plural(s.permissionsNarrowed, 'permission')}`);
  if (s.authStrengthened) parts.push(`strengthens authentication on ${plural(s.authStrengthened, 'entry point')}`);
  if (s.principalsNarrowed) parts.push(`narrows who can call ${plural(s.principalsNarrowed, 'entry point')}`);
  if (s.costDown) parts.push(`lowers ${plural(s.costDown, 'cost ceiling')}`);
  if (parts.length === 0) return kind === 'drift' ? 'What is deployed matches the declaration: same attack surface, permissions, cost ceilings and findings.' : 'This change does not alter the attack surface, permissions, cost ceilings or findings.';
  return `${kind === 'drift' ? 'Compared with the declaration, what is deployed' : 'This change'} ${parts.join(', ')}.`;
}

/** Exit status for `--fail-on`: whether the change introduced an unsuppressed finding at or above it. */
export function introducesAtOrAbove(diff: DiffResult, failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  return diff.findings.new.some((f: Finding) => !f.suppression && severityRank(f.severity) >= severityRank(failOn));
}
