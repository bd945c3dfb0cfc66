/**
 * The cost model's inputs per function and per entry point: a function's profile (memory, duration,
 * concurrency, platform, worst case where unresolved) and the front door an entry point opens (how
 * it invokes, what throttles, quotas and pollers bound its rate). See docs/cost-model.md.
 */
import type { Architecture, EntryPoint, FunctionNode, ResourceNode, ThrottleSettings } from '../../model/types.js';
import { isUnresolved } from '../../model/types.js';
import { num } from './format.js';
import type { PlatformSpec, PriceKey, ServiceLimits } from './prices.js';
import { PLATFORMS } from './prices.js';
import type { CostAssumptions, CostCap } from './types.js';

export const API_KINDS = new Set(['rest-api-method', 'http-api-route', 'websocket-route']);

export interface FnProfile {
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

export function profileOf(id: string, fn: FunctionNode | undefined, a: CostAssumptions, limits: ServiceLimits): FnProfile {
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

export type Invocation = 'sync' | 'async' | 'poll';

export interface FrontDoor {
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

/** A web ACL on the front door: every request is inspected (charged), and its rate rules are not a cap. */
function wafCharge(fd: FrontDoor): void {
  fd.charges.push({ key: 'waf.request', item: 'AWS WAF requests inspected', perRequest: 1, what: 'per request' });
  fd.notes.push('A WAF web ACL is associated: its rate-based rules are not in the model, so none is counted as a cap (a distributed attacker spreads over many source IPs).');
}

/** What an event-source mapping runs at once bounds the functions it runs (`EntryPoint.pollers`). */
function pollerCap(ep: EntryPoint, fd: FrontDoor): void {
  if (!ep.pollers) return;
  const n = ep.pollers.concurrency;
  if (isUnresolved(n)) fd.notes.push(`Concurrency of the event-source mapping unresolved (${ep.pollers.detail}): not counted as a cap.`);
  else fd.concurrencyCap = { limit: 'event-source', concurrency: Math.max(0, n), detail: `event-source mapping: at most ${num(Math.max(0, n))} concurrent invocations (${ep.pollers.detail})` };
}

export function frontDoorOf(
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
    if (api?.attributes.wafAssociated === true) wafCharge(fd);
    else if (ep.kind === 'rest-api-method') {
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
    case 'appsync-resolver':
      // One operation per invocation is the most AppSync charges for them: an operation that
      // resolves the field several times (aliases, lists) invokes more per operation charged.
      fd.egress = true;
      fd.charges.push({ key: 'appsync.request', item: `AppSync operations (${ep.graphql?.api ?? ep.source ?? 'API'})`, perRequest: 1, what: 'operation (query or mutation) per invocation' });
      if (source?.attributes.wafAssociated === true) wafCharge(fd);
      fd.notes.push("AppSync's own request-rate quota is not in the price table: only concurrency bounds the operations that reach the function.");
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

export function times(x: number, factor: number): number {
  return x === 0 ? 0 : x * factor;
}
