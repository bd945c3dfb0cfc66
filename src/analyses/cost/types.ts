/**
 * The denial-of-wallet cost model: its assumptions (user-overridable) and its output.
 */
import type { Architecture, AuthKind, EntryPointKind, PrincipalKind, SourceLocation } from '../../model/types.js';
import type { PriceKey } from './prices.js';

// ---------------------------------------------------------------------------------------------
// Assumptions
// ---------------------------------------------------------------------------------------------

export interface CostAssumptions {
  /** Region whose prices and limits apply. Default us-east-1. */
  region: string;
  /** Lambda concurrent executions quota of the account in the Region. Default 1,000. */
  accountConcurrency: number;
  /** API Gateway account throttle (rps) in the Region; null = the Region's default (10,000 or 2,500). */
  apiGatewayAccountRps: number | null;
  /** Spend per day the user can tolerate; severity thresholds are multiples of it. Default $100. */
  budgetUsdPerDay: number;
  /** Log bytes ingested per invocation. Default 1,000 (1 KB). */
  logBytesPerInvocation: number;
  /** Response bytes sent to the internet per front-door request. Default 0 (not counted). */
  egressBytesPerRequest: number;
  /** The attacker can make every call on the path run until its timeout (slow upstream, ReDoS, large payload). Default true. */
  attackerHoldsToTimeout: boolean;
  /** Duration used for functions without an override when attackerHoldsToTimeout is false. Default 100 ms. */
  typicalDurationMs: number;
  /** Per-function duration (function id → ms), e.g. a measured p99. Capped at the function's timeout. */
  durationMs: Record<string, number>;
  /** Downstream events produced per invocation at each hop (Promise.all of Invoke, Map states). Default 1. */
  fanOutPerHop: number;
  /** SQS receives per message before it goes to a DLQ; null = unknown (only concurrency bounds redelivery). */
  sqsMaxReceiveCount: number | null;
  /** Step Functions standard state transitions per execution. Default 10. */
  stateTransitionsPerExecution: number;
  /** Flat USD per unit (per request, per GB-s, per GB) replacing the table's tiers. */
  prices: Partial<Record<PriceKey, number>>;
}

export type CostAssumptionsInput = Partial<CostAssumptions>;

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** The limit that bounds the spend rate of an entry point. */
export type BindingLimit =
  | 'reserved-concurrency'
  | 'account-concurrency'
  | 'platform-max-instances'
  | 'route-throttle'
  | 'stage-throttle'
  | 'usage-plan'
  | 'account-throttle'
  | 'schedule-rate'
  | 'event-source'
  | 'none';

export interface CostBreakdownItem {
  /** What is charged: `Lambda duration (OrdersFn)`, `API Gateway REST requests`. */
  item: string;
  usdPerHour: number;
  usdPerDay: number;
  /** The arithmetic in words and numbers. */
  formula: string;
}

/** A limit the model considered on the path, whether or not it binds. */
export interface CostCap {
  limit: BindingLimit;
  /** Requests per second for rate caps. */
  requestsPerSecond?: number;
  /** Concurrent executions for concurrency caps. */
  concurrency?: number;
  detail: string;
}

export interface CeilingAssumptions {
  region: string;
  priceRegion: string;
  pricesAsOf: string;
  accountConcurrency: number;
  unreservedPool: number;
  apiGatewayAccountRps: number;
  budgetUsdPerDay: number;
  attackerHoldsToTimeout: boolean;
  logBytesPerInvocation: number;
  egressBytesPerRequest: number;
  /** The directly invoked function, as modelled (worst case where unresolved). */
  memoryMb: number;
  timeoutSeconds: number;
  durationSeconds: number;
  architecture: Architecture;
  reservedConcurrency: number | null;
  /** Each assumption made for this entry point, in words (unresolved values, fallbacks, ignored caps). */
  notes: string[];
}

export interface SuggestedCaps {
  /** Reserved concurrency on the function that brings the ceiling to about the budget. */
  reservedConcurrency?: number;
  /** Front-door throttle (requests per second) that, with the concurrency cap, brings it to about the budget. */
  throttleRps?: number;
}

export interface CostCeiling {
  entryPoint: string;
  entryPointKind: EntryPointKind;
  label: string;
  /** The function the entry point invokes directly. */
  function: string;
  principal: PrincipalKind;
  auth: AuthKind;
  /** An outside attacker can drive it: public, any AWS account or unresolved principal, no user authentication. */
  attackerDriven: boolean;
  worstCaseUsdPerHour: number;
  /** The first 24 hours, tiers counted from the start of the month; ≤ 24 × per hour when tiers step down. */
  worstCaseUsdPerDay: number;
  /** A recursion loop that AWS does not stop is on the path: spend continues after the attack ends. */
  unbounded: boolean;
  bindingLimit: BindingLimit;
  /** A throttle, usage plan or reserved concurrency set by the user is on the path (not only account defaults). */
  explicitCap: boolean;
  caps: CostCap[];
  /** Attacker requests per second reaching the front door (per-day window). */
  requestsPerSecond: number;
  /** Invocations per second of the direct function (per-day window). */
  invocationsPerSecond: number;
  /** Concurrent executions of the direct function. */
  concurrency: number;
  /** Functions reached downstream (through queues, topics, calls, loops), sorted. */
  downstream: string[];
  assumptions: CeilingAssumptions;
  breakdown: CostBreakdownItem[];
  /** What to change to bring it under budget; null when already under. */
  fix: string | null;
  suggested: SuggestedCaps | null;
  location: SourceLocation;
}

export interface CostAnalysis {
  assumptions: CostAssumptions;
  region: string;
  priceRegion: string;
  pricesAsOf: string;
  accountConcurrency: number;
  /** Σ resolved reserved concurrency in the model. */
  reservedTotal: number;
  /** accountConcurrency − reservedTotal (may be below the 100 AWS requires: see the starvation helper). */
  unreservedPool: number;
  /** Sorted by entry point id, then function id. */
  ceilings: CostCeiling[];
  /** Model-wide notes: Region fallbacks, overrides, ignored inputs. */
  notes: string[];
}
