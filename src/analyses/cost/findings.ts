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
import type { AppModel, EntryPointKind, SourceLocation } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import { num, usd } from './format.js';
import { US_EAST_1_LIMITS } from './prices.js';
import type { CostAnalysis, CostCeiling } from './types.js';

export type CostSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

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

/** Message templates, per rule, keyed by messageId. */
export const COST_RULE_MESSAGES = {
  denialOfWallet: {
    ceiling:
      '{{entry}} lets an outside caller drive {{function}} to about {{perDay}}/day ({{perHour}}/hour, bound by {{binding}}), {{ratio}}× the {{budget}}/day budget.',
    unbounded:
      '{{entry}} reaches a recursion loop through {{function}} that AWS does not stop: spend (about {{perDay}}/day at the concurrency cap) continues after the attack ends.',
  },
  missingThrottling: {
    noThrottle:
      '{{api}} has no stage, route or usage-plan throttle on {{count}} public route(s) ({{routes}}): only the {{accountRps}} rps account-wide limit applies, shared with every other API in the Region.',
  },
  concurrencyStarvation: {
    poolTooSmall:
      'Reserved concurrency totals {{reserved}} of the account\'s {{account}}, leaving {{unreserved}} unreserved: AWS requires at least {{minimum}}, and functions without reservations are starved.',
    takesPool:
      '{{function}} has no reserved concurrency and {{entry}} lets an outside caller occupy the whole unreserved pool ({{pool}}), throttling every other function in the account and Region ({{others}} in this app).',
  },
  timeoutMismatch: {
    integration:
      '{{function}} has a timeout of {{timeout}} s behind {{entry}}, whose integration gives up after {{integrationTimeout}} s: the caller gets an error while Lambda keeps billing.',
    long: '{{function}} has a timeout of {{timeout}} s on a public path ({{entry}}): each call an attacker holds is billed for up to {{timeout}} s.',
  },
} as const;

/**
 * Severity thresholds for denial of wallet, as multiples of the daily budget.
 * unbounded (a recursion loop AWS does not stop) or ≥ 10× budget: critical;
 * > 1× budget: high; > 0.5× budget: medium (less than 2× headroom); otherwise no finding.
 */
export const DOW_THRESHOLDS = { critical: 10, high: 1, medium: 0.5 } as const;

export function denialOfWalletSeverity(usdPerDay: number, budgetUsdPerDay: number, unbounded: boolean): CostSeverity | null {
  if (unbounded) return 'critical';
  if (budgetUsdPerDay <= 0) return usdPerDay > 0 ? 'high' : null;
  const ratio = usdPerDay / budgetUsdPerDay;
  if (ratio >= DOW_THRESHOLDS.critical) return 'critical';
  if (ratio > DOW_THRESHOLDS.high) return 'high';
  if (ratio > DOW_THRESHOLDS.medium) return 'medium';
  return null;
}

/** An explicit cap keeps this ceiling within budget and nothing on the path is unbounded. */
export function isRateLimited(c: CostCeiling): boolean {
  return c.explicitCap && !c.unbounded && c.worstCaseUsdPerDay <= c.assumptions.budgetUsdPerDay;
}

const BINDING_WORDS: Record<CostCeiling['bindingLimit'], string> = {
  'reserved-concurrency': 'reserved concurrency',
  'account-concurrency': 'the account concurrency pool',
  'route-throttle': 'the route throttle',
  'stage-throttle': 'the stage throttle',
  'usage-plan': 'the usage plan',
  'account-throttle': 'the API Gateway account throttle',
  'schedule-rate': 'the schedule rate',
  none: 'nothing',
};

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// denial-of-wallet
// ---------------------------------------------------------------------------------------------

export function findDenialOfWallet(cost: CostAnalysis): CostFinding[] {
  const out: CostFinding[] = [];
  const budget = cost.assumptions.budgetUsdPerDay;
  for (const c of cost.ceilings) {
    if (!c.attackerDriven) continue;
    const severity = denialOfWalletSeverity(c.worstCaseUsdPerDay, budget, c.unbounded);
    if (severity === null) continue;
    out.push({
      messageId: c.unbounded ? 'unbounded' : 'ceiling',
      data: {
        entry: c.label,
        function: c.function,
        perDay: usd(c.worstCaseUsdPerDay),
        perHour: usd(c.worstCaseUsdPerHour),
        binding: BINDING_WORDS[c.bindingLimit],
        budget: usd(budget),
        ratio: budget > 0 ? num(c.worstCaseUsdPerDay / budget, 1) : 'unbounded',
        fix: c.fix ?? '',
      },
      subject: c.entryPoint,
      key: c.function,
      location: c.location,
      severity,
      functions: [c.function, ...c.downstream],
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
    const first = list[0]!;
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
  const reserving = model.functions
    .filter((f) => f.reservedConcurrency !== null && !isUnresolved(f.reservedConcurrency))
    .map((f) => ({ f, r: f.reservedConcurrency as number }))
    .sort((x, y) => y.r - x.r || cmp(x.f.id, y.f.id));
  if (reserving.length > 0 && cost.unreservedPool < minimum) {
    const top = reserving[0]!.f;
    out.push({
      messageId: 'poolTooSmall',
      data: { reserved: num(cost.reservedTotal), account: num(cost.accountConcurrency), unreserved: num(cost.unreservedPool), minimum },
      subject: top.id,
      key: 'unreserved-pool',
      location: top.location,
      severity: 'medium',
      functions: reserving.map((x) => x.f.id).sort(cmp),
      related: reserving.slice(1).map((x) => ({ location: x.f.location, message: `${x.f.id}: ${num(x.r)} reserved` })),
    });
  }
  const seen = new Set<string>();
  const functions = new Map(model.functions.map((f) => [f.id, f]));
  const unreservedCount = model.functions.filter((f) => f.reservedConcurrency === null).length;
  for (const c of cost.ceilings) {
    if (!c.attackerDriven || c.bindingLimit !== 'account-concurrency' || seen.has(c.function)) continue;
    seen.add(c.function);
    const fn = functions.get(c.function);
    const others = unreservedCount - (fn !== undefined && fn.reservedConcurrency === null ? 1 : 0);
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
