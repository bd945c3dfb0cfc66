/**
 * Pure helpers that the cost rules call: each turns the AppModel and the CostAnalysis into
 * finding candidates shaped like the engine's ReportInput (messageId, data, subject, key,
 * location, severity, functions). The rule files own ids, metadata and docs; the messages
 * below are the templates those rules should declare.
 *
 * Common exemption: a function only reached through internal, authenticated or rate-limited
 * paths gets no finding. Internal/authenticated = not `attackerDriven` (see isAttackerDriven);
 * rate-limited = an explicit cap (throttle, usage plan, reserved concurrency) that keeps the
 * ceiling within the daily budget and no unbounded recursion loop.
 */
import type { AppModel, AuthKind, EntryPointKind, PrincipalKind, SourceLocation } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import { severityFor, severityRank, type Impact, type Reach, type Severity } from '../../model/findings.js';
import { num, usd } from './format.js';
import { US_EAST_1_LIMITS } from './prices.js';
import type { CostAnalysis, CostCeiling } from './types.js';
import { cmp } from '../../model/order.js';

/** Kept as a name for the cost reporters; it is the one `Severity`. */
export type CostSeverity = Severity;

/** Structurally a ReportInput of src/engine/types.ts (analyses do not import the engine). */
export interface CostFinding {
  messageId: string;
  data: Record<string, string | number>;
  subject: string;
  key: string;
  location: SourceLocation;
  severity: CostSeverity;
  functions: string[];
  related?: { location: SourceLocation; message: string }[];
}

/** The message ids each check's findings use; the rule declaring the check owns their text (`costRule`, rules/kinds.ts). */
export const COST_MESSAGE_IDS = {
  denialOfWallet: ['ceiling', 'unbounded'],
  missingThrottling: ['noThrottle'],
  concurrencyStarvation: ['poolTooSmall', 'takesPool'],
  timeoutMismatch: ['integration', 'long'],
} as const;
export type CostCheck = keyof typeof COST_MESSAGE_IDS;
export type CostMessageId<C extends CostCheck> = (typeof COST_MESSAGE_IDS)[C][number];

/**
 * What a denial-of-wallet ceiling gives, as multiples of the daily budget (docs/severity.md).
 * A recursion loop AWS does not stop is spend that goes on after the attack: catastrophic. A
 * bounded ceiling assumes an attacker who keeps the whole concurrency pool busy, every call held to
 * its timeout, for 24 hours: a sustained, paid and visible attack that stops costing when it stops.
 * It is high only at 100× the budget or more; above the budget it is a hardening gap (medium);
 * above half the budget it is low (less than 2× headroom); below that there is no finding.
 */
export const DOW_THRESHOLDS = { high: 100, medium: 1, low: 0.5 } as const;

export function denialOfWalletImpact(usdPerDay: number, budgetUsdPerDay: number, unbounded: boolean): Impact | null {
  if (unbounded) return 'catastrophic';
  if (budgetUsdPerDay <= 0) return usdPerDay > 0 ? 'medium' : null;
  const ratio = usdPerDay / budgetUsdPerDay;
  if (ratio >= DOW_THRESHOLDS.high) return 'high';
  if (ratio > DOW_THRESHOLDS.medium) return 'medium';
  if (ratio > DOW_THRESHOLDS.low) return 'low';
  return null;
}

/** What an attacker needs to drive an entry point: nothing (anyone), an API key, an AWS account, or unknown. */
export function attackerReach(principal: PrincipalKind, auth: AuthKind): Reach {
  // An API key is handed out by the API owner: a caller must obtain one first, as a signed-in user must sign in.
  if (principal === 'public' && auth === 'api-key') return 'authenticated-users';
  return principal;
}

const ATTACKER_WORDS: Partial<Record<Reach, string>> = {
  public: 'anyone on the internet',
  'any-aws-account': 'any AWS account',
  unresolved: 'a caller that could not be resolved (it may be outside the account)',
};

/** Severity of a ceiling from what it gives and what the attacker needs; null when within budget. */
export function denialOfWalletSeverity(c: Pick<CostCeiling, 'worstCaseUsdPerDay' | 'unbounded' | 'principal' | 'auth' | 'assumptions'>): CostSeverity | null {
  const impact = denialOfWalletImpact(c.worstCaseUsdPerDay, c.assumptions.budgetUsdPerDay, c.unbounded);
  return impact === null ? null : severityFor(impact, attackerReach(c.principal, c.auth));
}

/** An explicit cap keeps this ceiling within budget and nothing on the path is unbounded. */
export function isRateLimited(c: CostCeiling): boolean {
  return c.explicitCap && !c.unbounded && c.worstCaseUsdPerDay <= c.assumptions.budgetUsdPerDay;
}

const BINDING_WORDS: Record<CostCeiling['bindingLimit'], string> = {
  'reserved-concurrency': 'reserved concurrency',
  'account-concurrency': 'the account concurrency pool',
  'platform-max-instances': "the platform's default maximum instance count",
  'route-throttle': 'the route throttle',
  'stage-throttle': 'the stage throttle',
  'usage-plan': 'the usage plan',
  'account-throttle': 'the API Gateway account throttle',
  'schedule-rate': 'the schedule rate',
  'event-source': "the event-source mapping's concurrency",
  none: 'nothing',
};

// ---------------------------------------------------------------------------------------------
// denial-of-wallet
// ---------------------------------------------------------------------------------------------

/**
 * The other functions of a function's stack that share the unreserved concurrency pool with it
 * (stacks scanned together are not assumed to share an account).
 */
function unreservedOthers(model: AppModel, fnId: string): number {
  const fn = model.functions.find((f) => f.id === fnId);
  return model.functions.filter((f) => f.reservedConcurrency === null && f.id !== fnId && (fn === undefined || f.stack === fn.stack)).length;
}

/**
 * One finding per entry point an outsider can drive past the budget. It carries the ceiling, the
 * binding limit and the fix, and says when the same calls take the whole unreserved pool (the
 * starvation that cost/no-concurrency-starvation would otherwise report again).
 */
export function findDenialOfWallet(model: AppModel, cost: CostAnalysis): CostFinding[] {
  const budget = cost.assumptions.budgetUsdPerDay;
  const entryPoints = new Map(model.entryPoints.map((e) => [e.id, e]));
  // One weakness, one finding: the routes of one API that drive the same function to the same
  // ceiling (`ANY /` and `ANY /{proxy+}`) are one finding listing the routes; a WebSocket
  // `$disconnect` only follows a connection `$connect` let in, so it joins that finding.
  const groups = new Map<string, { c: CostCeiling; severity: CostSeverity }[]>();
  const connectOf = new Map<string, string>();
  for (const c of cost.ceilings) {
    if (!c.attackerDriven) continue;
    const severity = denialOfWalletSeverity(c);
    if (severity === null) continue;
    const ep = entryPoints.get(c.entryPoint);
    const api = API_KINDS.has(c.entryPointKind) ? (ep?.source ?? null) : null;
    const key = api === null ? `ep\u0000${c.entryPoint}` : `api\u0000${api}\u0000${c.function}\u0000${severity}\u0000${c.unbounded}\u0000${c.worstCaseUsdPerDay}\u0000${c.bindingLimit}`;
    const list = groups.get(key) ?? [];
    list.push({ c, severity });
    groups.set(key, list);
    if (api !== null && c.entryPointKind === 'websocket-route' && c.label === '$connect') connectOf.set(api, key);
  }
  for (const [key, list] of groups) {
    const api = list[0]!.c.entryPointKind === 'websocket-route' ? entryPoints.get(list[0]!.c.entryPoint)?.source : undefined;
    const into = api === undefined || api === null ? undefined : connectOf.get(api);
    if (into === undefined || into === key) continue;
    const moved = list.filter((x) => x.c.label === '$disconnect');
    if (moved.length === 0) continue;
    groups.get(into)!.push(...moved);
    const left = list.filter((x) => !moved.includes(x));
    if (left.length === 0) groups.delete(key);
    else groups.set(key, left);
  }
  const out: CostFinding[] = [];
  for (const list of groups.values()) {
    list.sort((x, y) => cmp(x.c.location.file, y.c.location.file) || x.c.location.line - y.c.location.line || x.c.location.column - y.c.location.column || cmp(x.c.entryPoint, y.c.entryPoint));
    // The route that leads: the one that costs most (the first in the files among equals).
    const lead = [...list].sort((x, y) => y.c.worstCaseUsdPerDay - x.c.worstCaseUsdPerDay)[0]!;
    const { c } = lead;
    const severity = list.reduce((worst, x) => (severityRank(x.severity) > severityRank(worst) ? x.severity : worst), lead.severity);
    const reach = attackerReach(c.principal, c.auth);
    const google = model.functions.find((f) => f.id === c.function)?.cloud === 'google';
    const who = reach === 'authenticated-users' ? 'anyone holding an API key' : reach === 'any-aws-account' && google ? 'any Google account (allAuthenticatedUsers)' : (ATTACKER_WORDS[reach] ?? 'an outside caller');
    const others = unreservedOthers(model, c.function);
    const starves =
      c.bindingLimit === 'account-concurrency'
        ? `; the same calls take the whole unreserved pool (${num(c.concurrency)}), throttling every other function of the account and Region${others > 0 ? ` (${others} in this app)` : ''}`
        : '';
    const labels = list.map((x) => x.c.label);
    const entry = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}` : labels[0]!;
    const functions = [...new Set(list.flatMap((x) => [x.c.function, ...x.c.downstream]))];
    out.push({
      messageId: c.unbounded ? 'unbounded' : 'ceiling',
      data: {
        entry,
        lets: labels.length > 1 ? 'let' : 'lets',
        who,
        function: [...new Set(list.map((x) => x.c.function))].join(', '),
        perDay: usd(c.worstCaseUsdPerDay),
        perHour: usd(c.worstCaseUsdPerHour),
        binding: BINDING_WORDS[c.bindingLimit],
        budget: usd(budget),
        ratio: budget > 0 ? num(c.worstCaseUsdPerDay / budget, 1) : 'unbounded',
        starves,
        fix: c.fix ? ` Fix: ${c.fix}` : '',
      },
      subject: list[0]!.c.entryPoint,
      // A route added to the group is a change a baseline must not absorb: the key names the routes.
      key: list.length > 1 ? `${list[0]!.c.function}:${labels.slice().sort().join(',')}` : list[0]!.c.function,
      location: list[0]!.c.location,
      severity,
      functions,
      ...(list.length > 1 ? { related: list.slice(1).map((x) => ({ location: x.c.location, message: `${x.c.label} → ${x.c.function}` })) } : {}),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// missing-throttling
// ---------------------------------------------------------------------------------------------

const API_KINDS: ReadonlySet<EntryPointKind> = new Set<EntryPointKind>(['rest-api-method', 'http-api-route', 'websocket-route']);

export function findMissingThrottling(model: AppModel, cost: CostAnalysis): CostFinding[] {
  const byApi = new Map<string, CostCeiling[]>();
  const entryPoints = new Map(model.entryPoints.map((e) => [e.id, e]));
  const resources = new Map(model.resources.map((r) => [r.id, r]));
  for (const c of cost.ceilings) {
    if (!API_KINDS.has(c.entryPointKind) || !c.attackerDriven) continue;
    if (c.caps.some((cap) => cap.limit === 'route-throttle' || cap.limit === 'stage-throttle' || cap.limit === 'usage-plan')) continue;
    const ep = entryPoints.get(c.entryPoint);
    const api = ep?.source ?? c.entryPoint;
    const list = byApi.get(api) ?? [];
    list.push(c);
    byApi.set(api, list);
  }
  const out: CostFinding[] = [];
  for (const api of [...byApi.keys()].sort(cmp)) {
    const list = byApi.get(api)!;
    const resource = resources.get(api);
    const routes = [...new Set(list.map((c) => c.label))].sort(cmp);
    // The first route in the files (not in id order, which qualified ids change).
    const first = [...list].sort((x, y) => cmp(x.location.file, y.location.file) || x.location.line - y.location.line || x.location.column - y.location.column || cmp(x.entryPoint, y.entryPoint))[0]!;
    out.push({
      messageId: 'noThrottle',
      data: { api, count: routes.length, routes: routes.join(', '), accountRps: num(first.assumptions.apiGatewayAccountRps) },
      subject: api,
      key: 'throttle',
      location: resource?.attributes.throttle?.location ?? resource?.location ?? first.location,
      severity: 'medium',
      functions: [...new Set(list.map((c) => c.function))].sort(cmp),
      related: list.map((c) => ({ location: c.location, message: `${c.label} → ${c.function}` })),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// concurrency-starvation
// ---------------------------------------------------------------------------------------------

export function findConcurrencyStarvation(model: AppModel, cost: CostAnalysis): CostFinding[] {
  const out: CostFinding[] = [];
  const minimum = US_EAST_1_LIMITS.minUnreservedConcurrency.value;
  // Per stack: each stack is costed against its own account pool (analyze.ts).
  for (const stack of [...new Set(model.functions.map((f) => f.stack))].sort(cmp)) {
    const reserving = model.functions
      .filter((f) => f.stack === stack && f.reservedConcurrency !== null && !isUnresolved(f.reservedConcurrency))
      .map((f) => ({ f, r: f.reservedConcurrency as number }))
      .sort((x, y) => y.r - x.r || cmp(x.f.id, y.f.id));
    const reservedTotal = reserving.reduce((n, x) => n + Math.max(0, x.r), 0);
    const unreservedPool = cost.accountConcurrency - reservedTotal;
    if (reserving.length === 0 || unreservedPool >= minimum) continue;
    const top = reserving[0]!.f;
    out.push({
      messageId: 'poolTooSmall',
      data: { reserved: num(reservedTotal), account: num(cost.accountConcurrency), unreserved: num(unreservedPool), minimum },
      subject: top.id,
      key: 'unreserved-pool',
      location: top.location,
      severity: 'medium',
      functions: reserving.map((x) => x.f.id).sort(cmp),
      related: reserving.slice(1).map((x) => ({ location: x.f.location, message: `${x.f.id}: ${num(x.r)} reserved` })),
    });
  }
  // A publicly driven function taking the whole pool is said by its denial-of-wallet finding
  // (findDenialOfWallet): one weakness, one finding. It stays here only when that finding is not
  // made, because the ceiling is within budget while the pool is still taken.
  const seen = new Set<string>();
  const functions = new Map(model.functions.map((f) => [f.id, f]));
  for (const c of cost.ceilings) {
    if (!c.attackerDriven || c.bindingLimit !== 'account-concurrency' || seen.has(c.function)) continue;
    if (denialOfWalletSeverity(c) !== null) continue;
    seen.add(c.function);
    const fn = functions.get(c.function);
    const others = unreservedOthers(model, c.function);
    out.push({
      messageId: 'takesPool',
      data: { function: c.function, entry: c.label, pool: num(c.concurrency), others },
      subject: c.function,
      key: 'takes-unreserved-pool',
      location: fn?.location ?? c.location,
      severity: 'medium',
      functions: [c.function],
      related: [{ location: c.location, message: `${c.label}` }],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// timeout-mismatch
// ---------------------------------------------------------------------------------------------

/** Seconds after which API Gateway gives up on the integration, per entry-point kind. */
export function integrationTimeoutSeconds(kind: EntryPointKind): number | null {
  const l = US_EAST_1_LIMITS;
  if (kind === 'rest-api-method') return l.restIntegrationTimeoutSeconds.value;
  if (kind === 'http-api-route') return l.httpIntegrationTimeoutSeconds.value;
  if (kind === 'websocket-route') return l.websocketIntegrationTimeoutSeconds.value;
  return null;
}

/** A timeout at or above this on a public path is a finding (FIELD.md: "at or near 900 s"). */
export const LONG_TIMEOUT_SECONDS = 600;

export function findTimeoutMismatch(model: AppModel, cost: CostAnalysis): CostFinding[] {
  const out: CostFinding[] = [];
  const seen = new Set<string>();
  const maxTimeout = US_EAST_1_LIMITS.maxTimeoutSeconds.value;
  const functions = new Map(model.functions.map((f) => [f.id, f]));
  const timeoutOf = (id: string): { seconds: number; unresolved: boolean } => {
    const f = functions.get(id);
    if (f === undefined || isUnresolved(f.timeoutSeconds)) return { seconds: maxTimeout, unresolved: true };
    return { seconds: f.timeoutSeconds, unresolved: false };
  };
  for (const c of cost.ceilings) {
    if (!c.attackerDriven || isRateLimited(c)) continue;
    const integration = integrationTimeoutSeconds(c.entryPointKind);
    for (const id of [c.function, ...c.downstream]) {
      if (seen.has(id)) continue;
      const t = timeoutOf(id);
      const direct = id === c.function;
      let messageId: 'integration' | 'long' | null = null;
      if (direct && integration !== null && t.seconds > integration) messageId = 'integration';
      else if (t.seconds >= LONG_TIMEOUT_SECONDS) messageId = 'long';
      if (messageId === null) continue;
      seen.add(id);
      const fn = functions.get(id);
      out.push({
        messageId,
        data: {
          function: id,
          timeout: t.unresolved ? `${num(t.seconds)} (unresolved, worst case)` : num(t.seconds),
          integrationTimeout: integration ?? '',
          entry: c.label,
        },
        subject: id,
        key: 'timeout',
        location: fn?.location ?? c.location,
        severity: 'medium',
        functions: [id],
        related: [{ location: c.location, message: c.label }],
      });
    }
  }
  return out;
}

/** Each check of the cost model: what finds its findings and the analyses it needs besides the cost model. */
export const COST_CHECKS: Readonly<Record<CostCheck, { find: (model: AppModel, cost: CostAnalysis) => CostFinding[]; requires: readonly ('cost' | 'surface')[] }>> = {
  denialOfWallet: { find: findDenialOfWallet, requires: ['cost', 'surface'] },
  missingThrottling: { find: findMissingThrottling, requires: ['cost'] },
  concurrencyStarvation: { find: findConcurrencyStarvation, requires: ['cost'] },
  timeoutMismatch: { find: findTimeoutMismatch, requires: ['cost'] },
};
