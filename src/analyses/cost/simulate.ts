/**
 * The cost model's simulation of one window: the requests an attacker drives through a front door,
 * the runs they cause along each cascade path, retries, and the line items they cost. See
 * docs/cost-model.md.
 */
import type { EntryPoint, FunctionNode, ResourceNode } from '../../model/types.js';
import { num } from './format.js';
import type { PriceKey, ServiceLimits } from './prices.js';
import type { BindingLimit, CostAssumptions } from './types.js';
import { times, type FnProfile, type FrontDoor, type Invocation } from './front-door.js';

const BYTES_PER_GB = 1e9;

export interface Segment {
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
  /** How the rate comes about, in words: made only for the lines a breakdown shows (most downstream lines of a capped pool cost nothing). */
  describe: () => string;
}

const NO_TEXT = (): string => '';

interface FnRun {
  demand: number;
  concurrency: number;
  invocations: number;
  capLimit: BindingLimit;
  cap: number;
}

export interface WindowResult {
  attackRps: number;
  frontRequests: number;
  runs: Map<string, FnRun>;
  binding: BindingLimit;
  lines: Line[];
}

export interface Plan {
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

/** `text`: the lines can `describe` themselves (only the day window's are shown; the hour's would be thrown away). */
export function simulate(plan: Plan, window: number, model: Indexes, a: CostAssumptions, limits: ServiceLimits, text = true): WindowResult {
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
    lines.push({ item: c.item, key: c.key, rate: frontRequests * c.perRequest, describe: text ? () => `${num(frontRequests, 4)} attacker requests/s × ${num(c.perRequest)} ${c.what}` : NO_TEXT });
  }
  for (const c of plan.fd.perInvocation) {
    lines.push({ item: c.item, key: c.key, rate: entryRun.invocations * c.perInvocation, describe: text ? () => `${num(entryRun.invocations, 4)} invocations/s × ${num(c.perInvocation)} ${c.what}` : NO_TEXT });
  }
  if (plan.fd.egress && a.egressBytesPerRequest > 0) {
    const gbps = (frontRequests * a.egressBytesPerRequest) / BYTES_PER_GB;
    lines.push({ item: 'Data transfer out', key: 'dataTransferOut', rate: gbps, describe: text ? () => `${num(frontRequests, 4)} responses/s × ${num(a.egressBytesPerRequest)} bytes ÷ 10^9` : NO_TEXT });
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
  for (const [key, l] of requestLines) lines.push({ item: l.item, key, rate: l.rate, describe: () => `invocations ${l.parts.join(' + ')}` });
  for (const id of plan.order) {
    const p = plan.profiles.get(id)!;
    const run = runs.get(id)!;
    const why = (): string =>
      run.demand === Infinity || run.demand * p.durationS > run.cap
        ? `concurrency capped by ${run.capLimit === 'reserved-concurrency' ? (p.platform ? 'its maximum instance count' : 'reserved concurrency') : run.capLimit === 'platform-max-instances' ? 'the platform default maximum instances' : run.capLimit === 'event-source' ? "the event-source mapping's pollers" : 'the unreserved account pool'} at ${num(run.cap)}`
        : `${num(run.demand, 4)} invocations/s × ${num(p.durationS, 3)} s${p.held ? ' (held to timeout)' : ''}`;
    if (p.platform) {
      const unit = p.platform.memoryKey === 'google.gen2.memory' ? 'GiB' : 'GB';
      lines.push({
        item: `${p.platform.label} memory (${id}, ${num(p.memoryMb)} MB)`,
        key: p.platform.memoryKey,
        rate: run.concurrency * p.gb,
        describe: text ? () => `${num(run.concurrency, 2)} concurrent (${why()}) × ${num(p.gb, 4)} ${unit} = ${num(run.concurrency * p.gb, 4)} ${unit}-s per second` : NO_TEXT,
      });
      if (p.platform.cpu) {
        const cpu = p.platform.cpu.of(p.memoryMb);
        const cpuUnit = p.platform.cpu.key === 'google.gen1.cpu' ? 'GHz' : 'vCPU';
        lines.push({
          item: `${p.platform.label} CPU (${id}, ${num(cpu, 3)} ${cpuUnit})`,
          key: p.platform.cpu.key,
          rate: run.concurrency * cpu,
          describe: text ? () => `${num(run.concurrency, 2)} concurrent × ${num(cpu, 3)} ${cpuUnit} (for ${num(p.memoryMb)} MB) = ${num(run.concurrency * cpu, 4)} ${cpuUnit}-s per second` : NO_TEXT,
        });
      }
      continue;
    }
    const key: PriceKey = p.arch === 'arm64' ? 'lambda.duration.arm64' : 'lambda.duration.x86_64';
    lines.push({
      item: `Lambda duration (${id}, ${num(p.memoryMb)} MB ${p.arch})`,
      key,
      rate: run.concurrency * p.gb,
      describe: text ? () => `${num(run.concurrency, 2)} concurrent (${why()}) × ${num(p.gb, 4)} GB = ${num(run.concurrency * p.gb, 4)} GB-s per second` : NO_TEXT,
    });
  }
  if (a.logBytesPerInvocation > 0 && totalInvocations > 0) {
    lines.push({
      item: 'CloudWatch Logs ingestion',
      key: 'logs.ingestion',
      rate: (totalInvocations * a.logBytesPerInvocation) / BYTES_PER_GB,
      describe: text ? () => `${num(totalInvocations, 4)} invocations/s × ${num(a.logBytesPerInvocation)} bytes ÷ 10^9` : NO_TEXT,
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
    lines.push({ item, key: h.key, rate: h.rate, describe: () => h.parts.join(' + ') });
  }
  return { attackRps, frontRequests, runs, binding, lines };
}

function capacityRate(p: FnProfile, pool: number): number {
  return (p.reserved ?? pool) / p.durationS;
}

export interface Indexes {
  functions: Map<string, FunctionNode>;
  resources: Map<string, ResourceNode>;
}

export function segmentsOfPath(path: readonly string[], isFunction: (id: string) => boolean, loop: boolean): Segment[] {
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
