/** The denial-of-wallet cost model: public surface of src/analyses/cost/. */
export { analyzeCost, isAttackerDriven } from './analyze.js';
export { DEFAULT_COST_ASSUMPTIONS, resolveCostAssumptions } from './assumptions.js';
export {
  COST_CHECKS,
  COST_MESSAGE_IDS,
  DOW_THRESHOLDS,
  LONG_TIMEOUT_SECONDS,
  denialOfWalletSeverity,
  findConcurrencyStarvation,
  findDenialOfWallet,
  findMissingThrottling,
  findTimeoutMismatch,
  integrationTimeoutSeconds,
  isRateLimited,
} from './findings.js';
export type { CostCheck, CostFinding, CostMessageId, CostSeverity } from './findings.js';
export {
  BASE_REGION,
  LOW_API_THROTTLE_REGIONS,
  PRICE_TABLE_DATE,
  PRICE_TABLE_VERSION,
  SOURCES,
  US_EAST_1_LIMITS,
  US_EAST_1_PRICES,
  applyPriceOverrides,
  regionalTable,
  tieredCost,
} from './prices.js';
export type { LimitFact, PriceEntry, PriceKey, PriceTable, PriceTier, RegionalTable, ServiceLimits } from './prices.js';
export type {
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
