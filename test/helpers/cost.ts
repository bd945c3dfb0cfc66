/** A cost analysis for reporter fixtures: the ceilings given, every other field a neutral default. */
import type { CostAnalysis, CostCeiling } from '../../src/analyses/cost/index.js';
import { DEFAULT_COST_ASSUMPTIONS } from '../../src/analyses/cost/assumptions.js';

type CeilingFixture = Pick<CostCeiling, 'entryPoint' | 'worstCaseUsdPerHour' | 'worstCaseUsdPerDay'> & Partial<CostCeiling>;

export function ceilingFixture(c: CeilingFixture): CostCeiling {
  return {
    entryPointKind: 'function-url',
    label: c.entryPoint,
    function: '',
    principal: 'public',
    auth: 'none',
    attackerDriven: true,
    unbounded: false,
    bindingLimit: 'account-concurrency',
    explicitCap: false,
    caps: [],
    requestsPerSecond: 0,
    invocationsPerSecond: 0,
    concurrency: 0,
    downstream: [],
    assumptions: {
      region: 'us-east-1',
      priceRegion: 'us-east-1',
      pricesAsOf: '2026-01-01',
      accountConcurrency: 1000,
      unreservedPool: 1000,
      apiGatewayAccountRps: 10000,
      budgetUsdPerDay: 100,
      attackerHoldsToTimeout: true,
      logBytesPerInvocation: 1000,
      egressBytesPerRequest: 0,
      memoryMb: 128,
      timeoutSeconds: 3,
      durationSeconds: 3,
      architecture: 'x86_64',
      reservedConcurrency: null,
      notes: [],
    },
    breakdown: [],
    fix: null,
    suggested: null,
    location: { file: 'template.yaml', line: 1, column: 1 },
    ...c,
  };
}

export function costFixture(ceilings: CeilingFixture[]): CostAnalysis {
  return {
    assumptions: { ...DEFAULT_COST_ASSUMPTIONS },
    region: 'us-east-1',
    priceRegion: 'us-east-1',
    pricesAsOf: '2026-01-01',
    accountConcurrency: 1000,
    reservedTotal: 0,
    unreservedPool: 1000,
    ceilings: ceilings.map(ceilingFixture),
    notes: [],
  };
}
