/**
 * The denial-of-wallet cost model: for every entry point and the function it invokes, the
 * sustained worst-case spend an attacker can cause per hour and per day, which limit binds it,
 * and what to change to bring it under budget. See docs/cost-model.md for the formula.
 *
 * Pure: no I/O, no clock. Deterministic: entry points, functions and lines are processed in
 * sorted order and every number is rounded at the end.
 */
import type { AppModel, EntryPoint, EntryPointKind, FunctionNode } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import type { RecursionLoop, SurfaceAnalysis } from '../surface/types.js';
import { resolveCostAssumptions } from './assumptions.js';
import { count, num, plural, round, slices, usd } from './format.js';
import type { PriceTable, ServiceLimits } from './prices.js';
import { applyPriceOverrides, firstTierPrice, regionalTable, tieredCost } from './prices.js';
import type {
  BindingLimit,
  CeilingAssumptions,
  CostAnalysis,
  CostAssumptions,
  CostAssumptionsInput,
  CostBreakdownItem,
  CostCap,
  CostCeiling,
  SuggestedCaps,
} from './types.js';
import { cmp } from '../../model/order.js';
import { API_KINDS, frontDoorOf, profileOf, type FnProfile, type FrontDoor } from './front-door.js';
import { segmentsOfPath, simulate, type Indexes, type Plan, type Segment, type WindowResult } from './simulate.js';

const HOUR = 3_600;
const DAY = 86_400;

/** Sources Lambda polls with the function's role (`other`: a mapping whose source kind could not be told): an outsider drives them only by writing to the source. */
export const POLLED_KINDS: ReadonlySet<EntryPointKind> = new Set<EntryPointKind>(['sqs-queue', 'kinesis-stream', 'dynamodb-stream', 'documentdb-stream', 'kafka', 'mq', 'other']);

/**
 * Entry points an outside attacker can drive: public, any AWS account or unknown principal, and no
 * user authentication. A polled source (an event-source mapping) counts only when the source itself
 * is writable by anyone or any account: an unresolved stream or queue is not an outside caller.
 */
export function isAttackerDriven(ep: EntryPoint): boolean {
  const p = ep.principal.kind;
  if (p !== 'public' && p !== 'any-aws-account' && p !== 'unresolved') return false;
  if (p === 'unresolved' && POLLED_KINDS.has(ep.kind)) return false;
  return ep.auth.kind !== 'cognito' && ep.auth.kind !== 'jwt' && ep.auth.kind !== 'lambda-authorizer';
}

function loopsTouching(loops: RecursionLoop[], members: Set<string>, functions: Map<string, FunctionNode>): RecursionLoop[] {
  return loops.filter((l) => l.path.some((n) => functions.has(n) && members.has(n)));
}

function loopIsStopped(loop: RecursionLoop, functions: Map<string, FunctionNode>): boolean {
  if (!loop.awsDetects) return false;
  return loop.path.every((n) => functions.get(n)?.recursiveLoop !== 'Allow');
}

export function analyzeCost(model: AppModel, surface: SurfaceAnalysis | undefined, assumptionsInput: CostAssumptionsInput = {}): CostAnalysis {
  const { assumptions: a, notes: assumptionNotes } = resolveCostAssumptions(assumptionsInput);
  const table = regionalTable(a.region);
  const { prices, notes: priceNotes } = applyPriceOverrides(table.prices, a.prices);
  const limits = table.limits;
  const notes: string[] = [...assumptionNotes, ...table.notes, ...priceNotes];
  const apiAccountRps = a.apiGatewayAccountRps ?? limits.apiGatewayAccountRps.value;

  const idx: Indexes = {
    functions: new Map(model.functions.map((f) => [f.id, f])),
    resources: new Map(model.resources.map((r) => [r.id, r])),
  };
  const isFunction = (id: string): boolean => idx.functions.has(id);

  // Each stack is costed against its own account pool: stacks scanned together are not assumed to
  // share an account, so one stack's reserved concurrency does not shrink another's pool.
  const stackFiles = [...new Set(model.functions.map((f) => f.stack))].sort(cmp);
  const pools = new Map<string, AccountPool>();
  for (const file of stackFiles) pools.set(file, accountPool(model.functions.filter((f) => f.stack === file), a.accountConcurrency, limits.minUnreservedConcurrency.value, notes));
  const whole = stackFiles.length === 1 ? pools.get(stackFiles[0]!)! : accountPool(model.functions, a.accountConcurrency, limits.minUnreservedConcurrency.value, []);
  const { reservedTotal, unreservedPool } = whole;
  if (surface === undefined) notes.push('No surface analysis: downstream functions and recursion loops are not counted.');

  const reachesByEntry = new Map<string, SurfaceAnalysis['reaches']>();
  for (const r of surface?.reaches ?? []) {
    const list = reachesByEntry.get(r.entryPoint) ?? [];
    list.push(r);
    reachesByEntry.set(r.entryPoint, list);
  }
  // A loop made of a grant on `*` alone is a possibility, not spend: it is not priced as unbounded.
  const loops = (surface?.loops ?? []).filter((l) => l.certainty !== 'iam-star');
  const ceilings: CostCeiling[] = [];

  for (const ep of [...model.entryPoints].sort((x, y) => cmp(x.id, y.id))) {
    const api = ep.source === null ? undefined : idx.resources.get(ep.source);
    const fd = frontDoorOf(ep, API_KINDS.has(ep.kind) ? api : undefined, api, apiAccountRps, limits);
    for (const target of [...new Set(ep.targets)].sort(cmp)) {
      const own = pools.get(idx.functions.get(target)?.stack ?? '') ?? whole;
      ceilings.push(ceilingFor(ep, target, fd, { a, limits, prices, pool: own.pool, unreservedPool: own.unreservedPool, apiAccountRps, idx, isFunction, reachesByEntry, loops, table }));
    }
  }

  return {
    assumptions: a,
    region: a.region,
    priceRegion: table.priceRegion,
    pricesAsOf: table.asOf,
    accountConcurrency: a.accountConcurrency,
    reservedTotal,
    unreservedPool,
    ceilings,
    notes,
  };
}

interface AccountPool {
  reservedTotal: number;
  unreservedPool: number;
  /** The pool functions without reserved concurrency share. */
  pool: number;
}

/** The unreserved concurrency pool the functions of one account (one stack) leave. */
function accountPool(functions: readonly FunctionNode[], accountConcurrency: number, minUnreserved: number, notes: string[]): AccountPool {
  let reservedTotal = 0;
  for (const f of [...functions].sort((x, y) => cmp(x.id, y.id))) {
    // Google and Azure functions do not draw on a Lambda account pool.
    if (f.reservedConcurrency === null || f.platform !== undefined) continue;
    if (isUnresolved(f.reservedConcurrency)) {
      notes.push(`${f.id} ReservedConcurrentExecutions unresolved: not subtracted from the account pool (a larger pool is the worst case for spend).`);
      continue;
    }
    reservedTotal += Math.max(0, f.reservedConcurrency);
  }
  const unreservedPool = accountConcurrency - reservedTotal;
  let pool = unreservedPool;
  if (unreservedPool < minUnreserved) {
    pool = Math.min(accountConcurrency, minUnreserved);
    notes.push(
      `Reserved concurrency totals ${num(reservedTotal)} of ${num(accountConcurrency)}, leaving ${num(unreservedPool)} unreserved; AWS requires at least ${minUnreserved}, so the deployment would fail. Ceilings use a pool of ${num(pool)}.`,
    );
  }
  return { reservedTotal, unreservedPool, pool };
}

interface Ctx {
  a: CostAssumptions;
  limits: ServiceLimits;
  prices: PriceTable;
  pool: number;
  unreservedPool: number;
  apiAccountRps: number;
  idx: Indexes;
  isFunction: (id: string) => boolean;
  reachesByEntry: Map<string, SurfaceAnalysis['reaches']>;
  loops: RecursionLoop[];
  table: ReturnType<typeof regionalTable>;
}

function ceilingFor(ep: EntryPoint, target: string, fd: FrontDoor, ctx: Ctx): CostCeiling {
  const { a, limits, prices, idx } = ctx;
  const notes: string[] = [...fd.notes];

  // Functions on the path: the target, those reached through it, and loops touching them.
  const depth = new Map<string, number>([[target, 0]]);
  const segments: Segment[] = [];
  const segKeys = new Set<string>();
  const addSegments = (path: readonly string[], loop: boolean): void => {
    for (const s of segmentsOfPath(path, ctx.isFunction, loop)) {
      const k = `${s.from}|${s.via.join('>')}|${s.to}`;
      if (segKeys.has(k)) continue;
      // The target's own rate comes from the front door; loop edges back into it still carry hop charges.
      if (s.to === target && !loop) continue;
      segKeys.add(k);
      segments.push(s);
    }
  };
  // Reaches through this target: the first function on the path is the target.
  const myReaches = (ctx.reachesByEntry.get(ep.id) ?? [])
    .filter((r) => r.depth > 0 && r.functionId !== target && r.path.find(ctx.isFunction) === target)
    .sort((x, y) => x.depth - y.depth || cmp(x.path.join('>'), y.path.join('>')));
  for (const r of myReaches) {
    addSegments(r.path.slice(r.path.indexOf(target)), false);
    const d = depth.get(r.functionId);
    if (d === undefined || r.depth < d) depth.set(r.functionId, r.depth);
  }
  const loopFactor = new Map<string, number>();
  const loopBase = new Map<string, string>();
  let unbounded = false;
  const members = new Set(depth.keys());
  const touching = loopsTouching(ctx.loops, members, idx.functions).sort((x, y) => cmp(x.path.join('>'), y.path.join('>')));
  let maxDepth = Math.max(...depth.values());
  for (const loop of touching) {
    const stopped = loopIsStopped(loop, idx.functions);
    const factor = stopped ? limits.recursionStopAfter.value : Infinity;
    if (!stopped) unbounded = true;
    notes.push(
      stopped
        ? `Recursion loop ${loop.path.join(' → ')}: AWS loop detection stops it after about ${factor} invocations, so each event is multiplied by ${factor}.`
        : `Recursion loop ${loop.path.join(' → ')} is not stopped by AWS (${loop.reason}): once started it runs at its concurrency cap until someone intervenes.`,
    );
    const fns = loop.path.filter((n) => ctx.isFunction(n));
    let prevMember: string | null = null;
    for (const n of [...fns, ...fns]) {
      if (depth.has(n)) {
        prevMember = n;
        continue;
      }
      if (prevMember !== null && !loopBase.has(n)) {
        maxDepth += 1;
        depth.set(n, maxDepth);
        loopBase.set(n, prevMember);
        prevMember = n;
      }
    }
    for (const n of fns) loopFactor.set(n, Math.max(loopFactor.get(n) ?? 1, factor));
    // Request charges of the loop's own resources.
    addSegments(loop.path, true);
  }

  const profiles = new Map<string, FnProfile>();
  for (const id of [...depth.keys()].sort(cmp)) {
    const p = profileOf(id, idx.functions.get(id), a, limits);
    profiles.set(id, p);
    notes.push(...p.notes);
  }
  // The shared pool goes upstream first, then to the dearest function per concurrent execution:
  // the allocation that costs the most.
  const perConcurrency = (id: string): number => {
    const p = profiles.get(id)!;
    if (p.platform) return p.gb * firstTierPrice(prices[p.platform.memoryKey]) + (p.platform.cpu ? p.platform.cpu.of(p.memoryMb) * firstTierPrice(prices[p.platform.cpu.key]) : 0);
    return p.gb * firstTierPrice(prices[p.arch === 'arm64' ? 'lambda.duration.arm64' : 'lambda.duration.x86_64']);
  };
  const order = [...depth.keys()].sort((x, y) => depth.get(x)! - depth.get(y)! || perConcurrency(y) - perConcurrency(x) || cmp(x, y));
  const entry = profiles.get(target)!;

  let rateCap = Infinity;
  let rateCapLimit: BindingLimit = 'none';
  for (const c of fd.caps) {
    if (c.requestsPerSecond !== undefined && c.requestsPerSecond < rateCap) {
      rateCap = c.requestsPerSecond;
      rateCapLimit = c.limit;
    }
  }
  const plan: Plan = { ep, fd, order, profiles, segments, loopFactor, loopBase, rateCap, rateCapLimit, pool: ctx.pool };
  const hour = simulate(plan, HOUR, idx, a, limits, false);
  const day = simulate(plan, DAY, idx, a, limits);

  // Price each line over each window, tiers counted from the start of the month.
  const breakdown: CostBreakdownItem[] = [];
  let perHour = 0;
  let perDay = 0;
  let linearDay = 0;
  for (let i = 0; i < day.lines.length; i++) {
    const dl = day.lines[i]!;
    const hl = hour.lines.find((l) => l.item === dl.item) ?? { ...dl, rate: 0 };
    const price = prices[dl.key];
    const h = tieredCost(price, hl.rate * HOUR);
    const d = tieredCost(price, dl.rate * DAY);
    perHour += h.usd;
    perDay += d.usd;
    linearDay += dl.rate * DAY * firstTierPrice(price);
    if (h.usd === 0 && d.usd === 0) continue;
    breakdown.push({
      item: dl.item,
      usdPerHour: round(h.usd, 4),
      usdPerDay: round(d.usd, 4),
      formula: `${dl.describe()}; per hour ${count(hl.rate * HOUR)} ${plural(price.unit, hl.rate * HOUR)}: ${slices(price, h.slices)} = ${usd(h.usd)}; per day ${count(dl.rate * DAY)} ${plural(price.unit, dl.rate * DAY)}: ${slices(price, d.slices)} = ${usd(d.usd)}`,
    });
  }

  const entryRun = day.runs.get(target)!;
  const concurrencyCap: CostCap =
    entry.reserved !== null
      ? entry.platform
        ? { limit: entry.defaultCap ? 'platform-max-instances' : 'reserved-concurrency', concurrency: entry.reserved, detail: `${entry.defaultCap ? 'default ' : ''}maximum of ${num(entry.reserved)} instances on ${target}` }
        : { limit: 'reserved-concurrency', concurrency: entry.reserved, detail: `reserved concurrency ${num(entry.reserved)} on ${target}` }
      : { limit: 'account-concurrency', concurrency: ctx.pool, detail: `unreserved account pool ${num(ctx.pool)} (${num(a.accountConcurrency)} − reserved)` };
  const caps = [...fd.caps, ...(fd.concurrencyCap ? [fd.concurrencyCap] : []), concurrencyCap];
  const explicitCap = (entry.reserved !== null && !entry.defaultCap) || ep.pollers?.explicit === true || fd.caps.some((c) => c.limit === 'route-throttle' || c.limit === 'stage-throttle' || c.limit === 'usage-plan');
  if (a.egressBytesPerRequest === 0 && fd.egress) notes.push('Response egress not counted (egressBytesPerRequest = 0).');
  const downstream = order.filter((id) => id !== target).sort(cmp);

  const ceilingAssumptions: CeilingAssumptions = {
    region: a.region,
    priceRegion: ctx.table.priceRegion,
    pricesAsOf: ctx.table.asOf,
    accountConcurrency: a.accountConcurrency,
    unreservedPool: ctx.unreservedPool,
    apiGatewayAccountRps: ctx.apiAccountRps,
    budgetUsdPerDay: a.budgetUsdPerDay,
    attackerHoldsToTimeout: a.attackerHoldsToTimeout,
    logBytesPerInvocation: a.logBytesPerInvocation,
    egressBytesPerRequest: a.egressBytesPerRequest,
    memoryMb: entry.memoryMb,
    timeoutSeconds: entry.timeoutS,
    durationSeconds: round(entry.durationS, 3),
    architecture: entry.arch,
    reservedConcurrency: entry.reserved,
    notes: [...new Set(notes)],
  };

  const over = perDay > a.budgetUsdPerDay || unbounded;
  const { fix, suggested } = over
    ? fixFor(ep, target, entry, day, entryRun.concurrency, linearDay, a.budgetUsdPerDay, touching, idx)
    : { fix: null, suggested: null };

  return {
    entryPoint: ep.id,
    entryPointKind: ep.kind,
    label: ep.label,
    function: target,
    principal: ep.principal.kind,
    auth: ep.auth.kind,
    attackerDriven: isAttackerDriven(ep),
    worstCaseUsdPerHour: round(perHour, 2),
    worstCaseUsdPerDay: round(perDay, 2),
    unbounded,
    bindingLimit: day.binding,
    explicitCap,
    caps,
    requestsPerSecond: round(day.frontRequests, 4),
    invocationsPerSecond: round(entryRun.invocations, 4),
    concurrency: round(entryRun.concurrency, 2),
    downstream,
    assumptions: ceilingAssumptions,
    breakdown,
    fix,
    suggested,
    location: ep.location,
  };
}

function fixFor(
  ep: EntryPoint,
  target: string,
  entry: FnProfile,
  day: WindowResult,
  concurrency: number,
  linearDay: number,
  budget: number,
  loops: RecursionLoop[],
  idx: Indexes,
): { fix: string; suggested: SuggestedCaps | null } {
  const parts: string[] = [];
  for (const loop of loops) {
    if (loopIsStopped(loop, idx.functions)) continue;
    const allow = loop.path.some((n) => idx.functions.get(n)?.recursiveLoop === 'Allow');
    parts.push(`Break the recursion loop ${loop.path.join(' → ')}${allow ? ' and remove RecursiveLoop: Allow' : ''} (a loop AWS does not stop keeps spending after the attack ends).`);
  }
  // Scaling every rate by k brings the (first-tier, linear) cost to the budget.
  const k = linearDay > 0 ? budget / linearDay : 1;
  const suggested: SuggestedCaps = {};
  if (k < 1) {
    const c = Math.floor(concurrency * k);
    suggested.reservedConcurrency = c;
    const now = entry.reserved === null ? 'none' : num(entry.reserved);
    // What one execution held all day costs: when it is under budget, concurrency is not the lever
    // (the front door's request charges are), and advising "lower the memory" would mislead.
    const oneExecutionPerDay = (entry.memoryMb / 1024) * 86_400 * 0.0000166667;
    if (c >= 1) {
      parts.push(entry.platform ? `Set ${entry.platform.capSetting} on ${target} to at most ${num(c)} (now ${entry.defaultCap ? `unset: ${now} by default` : now}).` : `Set ReservedConcurrentExecutions on ${target} to at most ${num(c)} (now ${now}).`);
    } else if (oneExecutionPerDay <= budget) {
      delete suggested.reservedConcurrency;
    } else {
      parts.push(`The budget of ${usd(budget)}/day does not cover one concurrent execution of ${target} at ${num(entry.memoryMb)} MB held for ${num(entry.durationS, 3)} s: lower MemorySize or Timeout, or raise the budget.`);
    }
    if (API_KINDS.has(ep.kind)) {
      const r = Math.max(0, Math.floor(day.frontRequests * k * 1000) / 1000);
      suggested.throttleRps = r;
      parts.push(`Set a throttle (ThrottlingRateLimit) of at most ${num(r, 3)} rps on ${ep.throttle ? 'the route' : 'the stage or route'} ${ep.label}${ep.kind === 'rest-api-method' ? ', or a usage plan with a quota' : ''}.`);
    } else if (ep.kind === 'function-url' && ep.source !== null) {
      parts.push(`Or add a WAF web ACL with a rate-based rule to CloudFront distribution ${ep.source} (Function URLs take neither throttle nor WAF).`);
    } else if (ep.kind === 'function-url') {
      parts.push('Or require AuthType AWS_IAM, or serve it through CloudFront with a WAF rate-based rule (Function URLs take neither throttle nor WAF).');
    } else if (ep.kind === 'lambda-permission') {
      parts.push('Or scope the resource-based permission to known accounts or a SourceArn.');
    } else if (ep.source !== null) {
      parts.push(`Or restrict who can send to ${ep.source}.`);
    }
    if (entry.held && entry.timeoutS > 30) parts.push(`Lower Timeout on ${target} (${num(entry.timeoutS)} s) to what the handler needs: a held call is billed to its timeout.`);
    parts.push(`These caps bring the ceiling to about ${usd(budget)}/day.`);
  }
  return { fix: parts.join(' '), suggested: Object.keys(suggested).length > 0 ? suggested : null };
}

