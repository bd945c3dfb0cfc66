/**
 * The denial-of-wallet cost model: for every entry point and the function it invokes, the
 * sustained worst-case spend an attacker can cause per hour and per day, which limit binds it,
 * and what to change to bring it under budget. See docs/cost-model.md for the formula.
 *
 * Pure: no I/O, no clock. Deterministic: entry points, functions and lines are processed in
 * sorted order and every number is rounded at the end.
 */
import type { AppModel, Architecture, EntryPoint, EntryPointKind, FunctionNode, ResourceNode, ThrottleSettings } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import type { RecursionLoop, SurfaceAnalysis } from '../surface/types.js';
import { resolveCostAssumptions } from './assumptions.js';
import { count, num, plural, round, slices, usd } from './format.js';
import type { PlatformSpec, PriceKey, PriceTable, ServiceLimits } from './prices.js';
import { applyPriceOverrides, firstTierPrice, PLATFORMS, regionalTable, tieredCost } from './prices.js';
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

const HOUR = 3_600;
const DAY = 86_400;
const BYTES_PER_GB = 1e9;
const API_KINDS = new Set(['rest-api-method', 'http-api-route', 'websocket-route']);

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

// ---------------------------------------------------------------------------------------------
// Function profiles (worst case where unresolved)
// ---------------------------------------------------------------------------------------------

interface FnProfile {
  id: string;
  memoryMb: number;
  gb: number;
  timeoutS: number;
  arch: Architecture;
  reserved: number | null;
  /** Google / Azure: `reserved` is the platform's default instance cap, not one the configuration set. */
  defaultCap: boolean;
  /** Google / Azure: the platform's prices and limits; null for Lambda. */
  platform: PlatformSpec | null;
  durationS: number;
  /** Runs to its timeout (so it fails, and async sources retry it). */
  held: boolean;
  notes: string[];
}

function profileOf(id: string, fn: FunctionNode | undefined, a: CostAssumptions, limits: ServiceLimits): FnProfile {
  const notes: string[] = [];
  const platform = fn?.platform ? PLATFORMS[fn.platform] : null;
  const maxMem = platform ? platform.maxMemoryMb : limits.maxMemoryMb.value;
  const maxTimeout = platform ? platform.maxTimeoutSeconds : limits.maxTimeoutSeconds.value;
  if (fn === undefined) notes.push(`${id} is not defined in the scanned templates: worst case ${maxMem} MB, ${maxTimeout} s, x86_64, no reserved concurrency.`);
  let memoryMb = maxMem;
  if (fn !== undefined) {
    if (isUnresolved(fn.memoryMb)) notes.push(`${id} MemorySize unresolved (${fn.memoryMb.reason}): worst case ${maxMem} MB.`);
    else memoryMb = fn.memoryMb;
  }
  let timeoutS = maxTimeout;
  if (fn !== undefined) {
    if (isUnresolved(fn.timeoutSeconds)) notes.push(`${id} Timeout unresolved (${fn.timeoutSeconds.reason}): worst case ${maxTimeout} s.`);
    else timeoutS = fn.timeoutSeconds;
  }
  let arch: Architecture = 'x86_64';
  if (fn !== undefined) {
    if (isUnresolved(fn.architecture)) notes.push(`${id} architecture unresolved (${fn.architecture.reason}): x86_64 (the dearer) assumed.`);
    else arch = fn.architecture;
  }
  let reserved: number | null = null;
  if (fn !== undefined && fn.reservedConcurrency !== null) {
    if (isUnresolved(fn.reservedConcurrency)) notes.push(`${id} ReservedConcurrentExecutions unresolved (${fn.reservedConcurrency.reason}): treated as none (the account pool).`);
    else reserved = Math.max(0, fn.reservedConcurrency);
  }
  let defaultCap = false;
  if (platform && reserved === null) {
    // Google and Azure functions do not share an account pool: each scales to its own maximum.
    reserved = platform.defaultMaxInstances.value;
    defaultCap = true;
    notes.push(`${id}: no maximum instance count set: ${platform.label} scales to ${num(reserved)} instances by default (${platform.defaultMaxInstances.source}).`);
  }
  let durationS: number;
  let held: boolean;
  const override = a.durationMs[id];
  if (override !== undefined) {
    durationS = Math.min(override / 1000, timeoutS);
    held = durationS >= timeoutS;
    notes.push(`${id} duration ${num(override)} ms from assumptions${held ? ' (capped at its timeout)' : ''}.`);
  } else if (a.attackerHoldsToTimeout) {
    durationS = timeoutS;
    held = true;
  } else {
    durationS = Math.min(a.typicalDurationMs / 1000, timeoutS);
    held = durationS >= timeoutS;
    notes.push(`${id} duration ${num(a.typicalDurationMs)} ms (typical-duration assumption).`);
  }
  durationS = Math.max(durationS, 0.001);
  return { id, memoryMb, gb: memoryMb / 1024, timeoutS, arch, reserved, defaultCap, platform, durationS, held, notes };
}

// ---------------------------------------------------------------------------------------------
// Front doors
// ---------------------------------------------------------------------------------------------

type Invocation = 'sync' | 'async' | 'poll';

interface FrontDoor {
  /** Rate caps (rps) considered. */
  caps: CostCap[];
  /** Usage-plan quota: total requests an attacker can spend in any window of a day or more. */
  quota: number | null;
  /** Charges per attacker request at the front door. */
  charges: { key: PriceKey; item: string; perRequest: number; what: string }[];
  /** Charges per invocation of the direct function (SQS receive + delete). */
  perInvocation: { key: PriceKey; item: string; perInvocation: number; what: string }[];
  invocation: Invocation;
  /** Egress to the internet applies (HTTP responses). */
  egress: boolean;
  /** The most concurrent invocations of the direct function the source makes (an event-source mapping's pollers). */
  concurrencyCap: CostCap | null;
  notes: string[];
}

function resolvedRate(t: ThrottleSettings | null | undefined, what: string, notes: string[]): number | null {
  if (t === null || t === undefined || t.rateLimit === null) return null;
  if (isUnresolved(t.rateLimit)) {
    notes.push(`${what} rate limit unresolved (${t.rateLimit.reason}): not counted as a cap.`);
    return null;
  }
  // Negative rates mean "no throttling" in SAM/API Gateway settings.
  return t.rateLimit < 0 ? null : t.rateLimit;
}

/** What an event-source mapping runs at once bounds the functions it runs (`EntryPoint.pollers`). */
function pollerCap(ep: EntryPoint, fd: FrontDoor): void {
  if (!ep.pollers) return;
  const n = ep.pollers.concurrency;
  if (isUnresolved(n)) fd.notes.push(`Concurrency of the event-source mapping unresolved (${ep.pollers.detail}): not counted as a cap.`);
  else fd.concurrencyCap = { limit: 'event-source', concurrency: Math.max(0, n), detail: `event-source mapping: at most ${num(Math.max(0, n))} concurrent invocations (${ep.pollers.detail})` };
}

function frontDoorOf(
  ep: EntryPoint,
  api: ResourceNode | undefined,
  source: ResourceNode | undefined,
  apiAccountRps: number,
  limits: ServiceLimits,
): FrontDoor {
  const fd: FrontDoor = { caps: [], quota: null, charges: [], perInvocation: [], invocation: 'sync', egress: false, concurrencyCap: null, notes: [] };
  if (API_KINDS.has(ep.kind)) {
    fd.egress = true;
    const priceKey: PriceKey =
      ep.kind === 'rest-api-method' ? 'apigateway.rest.request' : ep.kind === 'http-api-route' ? 'apigateway.http.request' : 'apigateway.websocket.message';
    const apiName = ep.kind === 'rest-api-method' ? 'REST' : ep.kind === 'http-api-route' ? 'HTTP API' : 'WebSocket';
    fd.charges.push({ key: priceKey, item: `API Gateway ${apiName} ${ep.kind === 'websocket-route' ? 'messages' : 'requests'}`, perRequest: 1, what: 'per request' });
    if (api === undefined && ep.source !== null) fd.notes.push(`API ${ep.source} not in the model: its stage throttle and usage plans are unknown.`);
    // A route/method throttle overrides the stage default for that route.
    const route = resolvedRate(ep.throttle, `Route ${ep.label}`, fd.notes);
    if (route !== null) {
      fd.caps.push({ limit: 'route-throttle', requestsPerSecond: route, detail: `route/method throttle ${num(route)} rps on ${ep.label}` });
    } else {
      const stage = resolvedRate(api?.attributes.throttle, `Stage of ${ep.source ?? 'the API'}`, fd.notes);
      if (stage !== null) fd.caps.push({ limit: 'stage-throttle', requestsPerSecond: stage, detail: `stage throttle ${num(stage)} rps on ${api?.id ?? ep.source}` });
    }
    const keyed = ep.auth.apiKeyRequired === true || ep.auth.kind === 'api-key';
    const plans = api?.attributes.usagePlans ?? [];
    if (keyed && plans.length > 0) {
      let planRate = 0;
      let quota = 0;
      for (const plan of plans) {
        const r = resolvedRate(plan.throttle, 'Usage plan', fd.notes);
        planRate = r === null ? Infinity : Math.max(planRate, r);
        if (plan.quotaLimit === null || isUnresolved(plan.quotaLimit)) quota = Infinity;
        else quota = Math.max(quota, plan.quotaLimit);
      }
      if (Number.isFinite(planRate)) {
        fd.caps.push({ limit: 'usage-plan', requestsPerSecond: planRate, detail: `usage-plan throttle ${num(planRate)} rps per API key (one key held by the attacker)` });
      }
      if (Number.isFinite(quota)) {
        fd.quota = quota;
        fd.notes.push(`Usage-plan quota ${num(quota)} requests per period (one key): the whole quota can be spent within one hour.`);
      }
      fd.notes.push('Usage plans limit each API key separately: an attacker with n keys gets n times the plan.');
    }
    fd.caps.push({ limit: 'account-throttle', requestsPerSecond: apiAccountRps, detail: `API Gateway account throttle ${num(apiAccountRps)} rps (shared by all APIs in the Region)` });
    if (api?.attributes.wafAssociated === true) {
      fd.charges.push({ key: 'waf.request', item: 'AWS WAF requests inspected', perRequest: 1, what: 'per request' });
      fd.notes.push('A WAF web ACL is associated: its rate-based rules are not in the model, so none is counted as a cap (a distributed attacker spreads over many source IPs).');
    } else if (ep.kind === 'rest-api-method') {
      fd.notes.push('No WAF web ACL on the REST API.');
    }
    // a route whose service integration writes to a polled trigger runs its functions at the mapping's pace
    pollerCap(ep, fd);
    return fd;
  }
  pollerCap(ep, fd);
  switch (ep.kind) {
    case 'function-url':
      fd.egress = true;
      fd.notes.push('Function URLs have no throttle and no WAF: only concurrency bounds them.');
      break;
    case 'lambda-permission':
      fd.invocation = 'async';
      fd.notes.push('A caller with lambda:InvokeFunction can choose asynchronous invocation (Event), which retries failed calls.');
      break;
    case 'alb-target':
      fd.egress = true;
      fd.notes.push('Load balancer LCU charges are not in the price table.');
      break;
    case 'sqs-queue': {
      const key: PriceKey = source?.attributes.fifo === true ? 'sqs.fifo.request' : 'sqs.standard.request';
      const name = ep.source ?? 'queue';
      fd.invocation = 'poll';
      fd.charges.push({ key, item: `SQS requests (${name})`, perRequest: 1, what: 'SendMessage per message' });
      fd.perInvocation.push({ key, item: `SQS requests (${name})`, perInvocation: 2, what: 'ReceiveMessage + DeleteMessage per invocation (batch size 1, the worst case)' });
      fd.notes.push('SendMessage requests beyond what the consumer can process are also billed and not capped by any setting.');
      break;
    }
    case 'sns-subscription':
      fd.invocation = 'async';
      fd.charges.push({ key: 'sns.publish', item: `SNS publishes (${ep.source ?? 'topic'})`, perRequest: 1, what: 'per publish' });
      break;
    case 'eventbridge-rule':
      fd.invocation = 'async';
      fd.charges.push({ key: 'eventbridge.event', item: `EventBridge events (${ep.source ?? 'bus'})`, perRequest: 1, what: 'per custom event put' });
      break;
    case 'schedule': {
      fd.invocation = 'async';
      const every = limits.minScheduleIntervalSeconds.value;
      fd.caps.push({ limit: 'schedule-rate', requestsPerSecond: 1 / every, detail: `schedule at most once every ${every} s (rate(1 minute))` });
      break;
    }
    case 's3-notification':
      fd.invocation = 'async';
      fd.notes.push('S3 PUT request charges are not in the price table.');
      break;
    case 'dynamodb-stream':
    case 'kinesis-stream':
    case 'kafka':
    case 'mq':
    case 'documentdb-stream':
      fd.invocation = 'poll';
      fd.notes.push('Stream and broker sources retry a failing batch until the record expires unless a maximum retry count is set.');
      break;
    case 'iot-rule':
    case 'cloudwatch-logs':
      fd.invocation = 'async';
      break;
    default:
      break;
  }
  return fd;
}

// ---------------------------------------------------------------------------------------------
// The simulation of one window
// ---------------------------------------------------------------------------------------------

interface Segment {
  from: string;
  /** Nodes between the two functions (resources), possibly empty (a direct call). */
  via: string[];
  to: string;
  /** Part of a recursion loop: priced for its resources, but its rate comes from the loop factor. */
  loop: boolean;
}

interface Line {
  item: string;
  key: PriceKey;
  /** Units per second. */
  rate: number;
  describe: string;
}

interface FnRun {
  demand: number;
  concurrency: number;
  invocations: number;
  capLimit: BindingLimit;
  cap: number;
}

interface WindowResult {
  attackRps: number;
  frontRequests: number;
  runs: Map<string, FnRun>;
  binding: BindingLimit;
  lines: Line[];
}

interface Plan {
  ep: EntryPoint;
  fd: FrontDoor;
  order: string[];
  profiles: Map<string, FnProfile>;
  segments: Segment[];
  loopFactor: Map<string, number>;
  /** For loop-only functions: the loop member they follow. */
  loopBase: Map<string, string>;
  rateCap: number;
  rateCapLimit: BindingLimit;
  pool: number;
}

function retryFactor(inv: Invocation | 'stream', held: boolean, a: CostAssumptions, limits: ServiceLimits): number {
  if (!held) return 1;
  if (inv === 'async') return 1 + limits.asyncRetries.value;
  if (inv === 'poll') return a.sqsMaxReceiveCount ?? Infinity;
  if (inv === 'stream') return Infinity;
  return 1;
}

function times(x: number, factor: number): number {
  return x === 0 ? 0 : x * factor;
}

function hopInvocation(viaLast: ResourceNode | undefined, viaLastIsFunction: boolean): Invocation | 'stream' {
  if (viaLastIsFunction || viaLast === undefined) return 'async'; // direct Invoke: the caller may choose Event
  switch (viaLast.kind) {
    case 'queue':
      return 'poll';
    case 'stream':
    case 'table':
      return 'stream';
    case 'topic':
    case 'bucket':
    case 'event-bus':
    case 'event-rule':
    case 'schedule':
      return 'async';
    default:
      return 'sync';
  }
}

/** `text`: build the lines' `describe` (only the day window's are shown; the hour's would be thrown away). */
function simulate(plan: Plan, window: number, model: Indexes, a: CostAssumptions, limits: ServiceLimits, text = true): WindowResult {
  const quotaRate = plan.fd.quota === null ? Infinity : plan.fd.quota / window;
  let attackRps = plan.rateCap;
  let rateLimit = plan.rateCapLimit;
  if (quotaRate < attackRps) {
    attackRps = quotaRate;
    rateLimit = 'usage-plan';
  }
  const runs = new Map<string, FnRun>();
  let pool = plan.pool;
  const entryFn = plan.order[0]!;
  const entryProfile = plan.profiles.get(entryFn)!;
  const entryFactor = retryFactor(plan.fd.invocation, entryProfile.held, a, limits);
  for (const id of plan.order) {
    const p = plan.profiles.get(id)!;
    let demand = 0;
    if (id === entryFn) demand = times(attackRps, entryFactor);
    for (const s of plan.segments) {
      if (s.to !== id || s.loop) continue;
      const upstream = runs.get(s.from);
      const fromRate = upstream !== undefined ? upstream.invocations : capacityRate(plan.profiles.get(s.from)!, plan.pool);
      const lastVia = s.via.length > 0 ? s.via[s.via.length - 1]! : undefined;
      const lastRes = lastVia === undefined ? undefined : model.resources.get(lastVia);
      const isFn = lastVia === undefined || model.functions.has(lastVia);
      demand += times(times(fromRate, a.fanOutPerHop), retryFactor(hopInvocation(lastRes, isFn), p.held, a, limits));
    }
    const base = plan.loopBase.get(id);
    if (base !== undefined) demand += runs.get(base)?.invocations ?? 0;
    const lf = plan.loopFactor.get(id);
    if (lf !== undefined) demand = lf === Infinity ? Infinity : times(demand, lf);
    const own = p.reserved ?? Math.max(0, pool);
    const source = id === entryFn ? (plan.fd.concurrencyCap?.concurrency ?? Infinity) : Infinity;
    const cap = Math.min(own, source);
    const capLimit: BindingLimit = source < own ? 'event-source' : p.reserved !== null ? (p.defaultCap ? 'platform-max-instances' : 'reserved-concurrency') : 'account-concurrency';
    const wanted = demand === Infinity ? Infinity : demand * p.durationS;
    const concurrency = Math.min(wanted, cap);
    if (p.reserved === null) pool -= concurrency;
    runs.set(id, { demand, concurrency, invocations: concurrency / p.durationS, capLimit, cap });
  }

  const entryRun = runs.get(entryFn)!;
  const concurrencyBinds = entryRun.demand === Infinity || entryRun.demand * entryProfile.durationS > entryRun.cap;
  const binding: BindingLimit = concurrencyBinds ? entryRun.capLimit : Number.isFinite(attackRps) ? rateLimit : 'none';
  const frontRequests = Number.isFinite(attackRps)
    ? attackRps
    : Number.isFinite(entryFactor)
      ? entryRun.invocations / entryFactor
      : entryRun.invocations;

  const lines: Line[] = [];
  for (const c of plan.fd.charges) {
    lines.push({ item: c.item, key: c.key, rate: frontRequests * c.perRequest, describe: text ? `${num(frontRequests, 4)} attacker requests/s × ${num(c.perRequest)} ${c.what}` : '' });
  }
  for (const c of plan.fd.perInvocation) {
    lines.push({ item: c.item, key: c.key, rate: entryRun.invocations * c.perInvocation, describe: text ? `${num(entryRun.invocations, 4)} invocations/s × ${num(c.perInvocation)} ${c.what}` : '' });
  }
  if (plan.fd.egress && a.egressBytesPerRequest > 0) {
    const gbps = (frontRequests * a.egressBytesPerRequest) / BYTES_PER_GB;
    lines.push({ item: 'Data transfer out', key: 'dataTransferOut', rate: gbps, describe: text ? `${num(frontRequests, 4)} responses/s × ${num(a.egressBytesPerRequest)} bytes ÷ 10^9` : '' });
  }
  let totalInvocations = 0;
  for (const id of plan.order) {
    // CloudWatch Logs is Lambda's; Google and Azure log ingestion is not priced here (docs/cost-model.md).
    if (!plan.profiles.get(id)!.platform) totalInvocations += runs.get(id)!.invocations;
  }
  // Requests are priced per platform (Lambda, Cloud Functions / Cloud Run, Azure Functions).
  const requestLines = new Map<PriceKey, { item: string; rate: number; parts: string[] }>();
  for (const id of plan.order) {
    const p = plan.profiles.get(id)!;
    const key: PriceKey = p.platform ? p.platform.requestKey : 'lambda.request';
    const l = requestLines.get(key) ?? { item: p.platform ? `${p.platform.label} requests` : 'Lambda requests', rate: 0, parts: [] };
    l.rate += runs.get(id)!.invocations;
    if (text) l.parts.push(`${id} ${num(runs.get(id)!.invocations, 4)}/s`);
    requestLines.set(key, l);
  }
  for (const [key, l] of requestLines) lines.push({ item: l.item, key, rate: l.rate, describe: `invocations ${l.parts.join(' + ')}` });
  for (const id of plan.order) {
    const p = plan.profiles.get(id)!;
    const run = runs.get(id)!;
    const why = !text
      ? ''
      : run.demand === Infinity || run.demand * p.durationS > run.cap
        ? `concurrency capped by ${run.capLimit === 'reserved-concurrency' ? (p.platform ? 'its maximum instance count' : 'reserved concurrency') : run.capLimit === 'platform-max-instances' ? 'the platform default maximum instances' : run.capLimit === 'event-source' ? "the event-source mapping's pollers" : 'the unreserved account pool'} at ${num(run.cap)}`
        : `${num(run.demand, 4)} invocations/s × ${num(p.durationS, 3)} s${p.held ? ' (held to timeout)' : ''}`;
    if (p.platform) {
      const unit = p.platform.memoryKey === 'google.gen2.memory' ? 'GiB' : 'GB';
      lines.push({
        item: `${p.platform.label} memory (${id}, ${num(p.memoryMb)} MB)`,
        key: p.platform.memoryKey,
        rate: run.concurrency * p.gb,
        describe: text ? `${num(run.concurrency, 2)} concurrent (${why}) × ${num(p.gb, 4)} ${unit} = ${num(run.concurrency * p.gb, 4)} ${unit}-s per second` : '',
      });
      if (p.platform.cpu) {
        const cpu = p.platform.cpu.of(p.memoryMb);
        const cpuUnit = p.platform.cpu.key === 'google.gen1.cpu' ? 'GHz' : 'vCPU';
        lines.push({
          item: `${p.platform.label} CPU (${id}, ${num(cpu, 3)} ${cpuUnit})`,
          key: p.platform.cpu.key,
          rate: run.concurrency * cpu,
          describe: text ? `${num(run.concurrency, 2)} concurrent × ${num(cpu, 3)} ${cpuUnit} (for ${num(p.memoryMb)} MB) = ${num(run.concurrency * cpu, 4)} ${cpuUnit}-s per second` : '',
        });
      }
      continue;
    }
    const key: PriceKey = p.arch === 'arm64' ? 'lambda.duration.arm64' : 'lambda.duration.x86_64';
    lines.push({
      item: `Lambda duration (${id}, ${num(p.memoryMb)} MB ${p.arch})`,
      key,
      rate: run.concurrency * p.gb,
      describe: text ? `${num(run.concurrency, 2)} concurrent (${why}) × ${num(p.gb, 4)} GB = ${num(run.concurrency * p.gb, 4)} GB-s per second` : '',
    });
  }
  if (a.logBytesPerInvocation > 0 && totalInvocations > 0) {
    lines.push({
      item: 'CloudWatch Logs ingestion',
      key: 'logs.ingestion',
      rate: (totalInvocations * a.logBytesPerInvocation) / BYTES_PER_GB,
      describe: text ? `${num(totalInvocations, 4)} invocations/s × ${num(a.logBytesPerInvocation)} bytes ÷ 10^9` : '',
    });
  }
  // Request charges of the resources on the path (per upstream function and resource).
  const hop = new Map<string, { key: PriceKey; item: string; rate: number; parts: string[] }>();
  const seen = new Set<string>();
  for (const s of plan.segments) {
    if (s.via.length === 0) continue;
    const first = s.via[0]!;
    const res = model.resources.get(first);
    const sig = `${s.from}|${first}`;
    if (res === undefined || seen.has(sig)) continue;
    seen.add(sig);
    const upstream = runs.get(s.from)?.invocations ?? 0;
    const messages = upstream * a.fanOutPerHop;
    let key: PriceKey | null = null;
    let per = 1;
    let what = '';
    let item = '';
    switch (res.kind) {
      case 'queue':
        key = res.attributes.fifo === true ? 'sqs.fifo.request' : 'sqs.standard.request';
        per = 3;
        what = 'requests per message (send, receive, delete)';
        item = `SQS requests (${res.id})`;
        break;
      case 'topic':
        key = 'sns.publish';
        what = 'publish per message';
        item = `SNS publishes (${res.id})`;
        break;
      case 'event-bus':
      case 'event-rule':
        key = 'eventbridge.event';
        what = 'event per message';
        item = `EventBridge events (${res.id})`;
        break;
      case 'state-machine':
        if (res.attributes.stateMachineType === 'EXPRESS') {
          key = 'stepfunctions.express.request';
          what = 'express request per execution';
        } else {
          key = 'stepfunctions.standard.transition';
          per = a.stateTransitionsPerExecution;
          what = `state transitions per execution (assumption${res.attributes.stateMachineType === undefined ? '; type unknown, standard assumed' : ''})`;
        }
        item = `Step Functions (${res.id})`;
        break;
      default:
        break;
    }
    if (key === null) continue;
    const h = hop.get(item) ?? { key, item, rate: 0, parts: [] };
    h.rate += messages * per;
    if (text) h.parts.push(`${s.from} ${num(upstream, 4)}/s × fan-out ${num(a.fanOutPerHop)} × ${num(per)} ${what}`);
    hop.set(item, h);
  }
  for (const item of [...hop.keys()].sort()) {
    const h = hop.get(item)!;
    lines.push({ item, key: h.key, rate: h.rate, describe: h.parts.join(' + ') });
  }
  return { attackRps, frontRequests, runs, binding, lines };
}

function capacityRate(p: FnProfile, pool: number): number {
  return (p.reserved ?? pool) / p.durationS;
}

// ---------------------------------------------------------------------------------------------
// Planning one (entry point, function) pair
// ---------------------------------------------------------------------------------------------

interface Indexes {
  functions: Map<string, FunctionNode>;
  resources: Map<string, ResourceNode>;
}

function loopsTouching(loops: RecursionLoop[], members: Set<string>, functions: Map<string, FunctionNode>): RecursionLoop[] {
  return loops.filter((l) => l.path.some((n) => functions.has(n) && members.has(n)));
}

function loopIsStopped(loop: RecursionLoop, functions: Map<string, FunctionNode>): boolean {
  if (!loop.awsDetects) return false;
  return loop.path.every((n) => functions.get(n)?.recursiveLoop !== 'Allow');
}

function segmentsOfPath(path: readonly string[], isFunction: (id: string) => boolean, loop: boolean): Segment[] {
  const out: Segment[] = [];
  let from: string | null = null;
  let via: string[] = [];
  for (const node of path) {
    if (isFunction(node)) {
      if (from !== null) out.push({ from, via, to: node, loop });
      from = node;
      via = [];
    } else if (from !== null) {
      via.push(node);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entry
// ---------------------------------------------------------------------------------------------

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
      formula: `${dl.describe}; per hour ${count(hl.rate * HOUR)} ${plural(price.unit, hl.rate * HOUR)}: ${slices(price, h.slices)} = ${usd(h.usd)}; per day ${count(dl.rate * DAY)} ${plural(price.unit, dl.rate * DAY)}: ${slices(price, d.slices)} = ${usd(d.usd)}`,
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

