import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  LOW_API_THROTTLE_REGIONS,
  PRICE_TABLE_DATE,
  US_EAST_1_LIMITS,
  US_EAST_1_PRICES,
  applyPriceOverrides,
  regionalTable,
  resolveCostAssumptions,
  tieredCost,
} from '../../../src/analyses/cost/index.js';
import type { PriceKey } from '../../../src/analyses/cost/index.js';

function close(actual: number, expected: number, tolerance = 0.01): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);
}

describe('price table', () => {
  it('is dated and every figure names its source', () => {
    assert.match(PRICE_TABLE_DATE, /^\d{4}-\d{2}-\d{2}$/);
    for (const [key, entry] of Object.entries(US_EAST_1_PRICES)) {
      assert.equal(entry.key, key);
      assert.ok(entry.source.length > 10, `${key} has no source`);
      assert.ok(entry.tiers.length > 0);
      assert.equal(entry.tiers[entry.tiers.length - 1]!.upTo, null, `${key}: last tier must be open-ended`);
    }
    for (const [key, fact] of Object.entries(US_EAST_1_LIMITS)) assert.ok(fact.source.length > 10, `${key} has no source`);
  });

  it('reproduces the Infracost golden figures', () => {
    close(tieredCost(US_EAST_1_PRICES['lambda.request'], 15_000e6).usd, 3_000);
    close(tieredCost(US_EAST_1_PRICES['lambda.duration.x86_64'], 6e9).usd, 100_000.2);
    // 6B + 9B: the first two tiers.
    close(tieredCost(US_EAST_1_PRICES['lambda.duration.x86_64'], 15e9).usd, 235_000.2);
    // The over-15B tier alone prices 46.44B GB-s at $619,203.10.
    close(46.44e9 * US_EAST_1_PRICES['lambda.duration.x86_64'].tiers[2]!.usdPerUnit, 619_203.1, 0.05);
    close(tieredCost(US_EAST_1_PRICES.dataTransferOut, 10_240).usd, 921.6);
  });

  it('steps through the REST API tiers', () => {
    const rest = US_EAST_1_PRICES['apigateway.rest.request'];
    const r = tieredCost(rest, 864e6);
    close(r.usd, 333 * 3.5 + 531 * 2.8);
    assert.equal(r.slices.length, 2);
    // 2B requests: 333M @3.50 + 667M @2.80 + 1B @2.38
    close(tieredCost(rest, 2e9).usd, 333 * 3.5 + 667 * 2.8 + 1000 * 2.38);
    assert.equal(tieredCost(rest, 0).usd, 0);
  });

  it('holds the limits the model needs', () => {
    assert.equal(US_EAST_1_LIMITS.accountConcurrency.value, 1_000);
    assert.equal(US_EAST_1_LIMITS.apiGatewayAccountRps.value, 10_000);
    assert.equal(US_EAST_1_LIMITS.apiGatewayAccountBurst.value, 5_000);
    assert.equal(US_EAST_1_LIMITS.maxTimeoutSeconds.value, 900);
    assert.equal(US_EAST_1_LIMITS.minMemoryMb.value, 128);
    assert.equal(US_EAST_1_LIMITS.maxMemoryMb.value, 10_240);
    assert.equal(US_EAST_1_LIMITS.restIntegrationTimeoutSeconds.value, 29);
    assert.equal(US_EAST_1_LIMITS.httpIntegrationTimeoutSeconds.value, 30);
    assert.equal(US_EAST_1_LIMITS.minUnreservedConcurrency.value, 100);
    assert.equal(US_EAST_1_LIMITS.scalingEnvironmentsPer10s.value, 1_000);
  });
});

describe('regions', () => {
  it('us-east-1 has its own figures and no notes', () => {
    const t = regionalTable('us-east-1');
    assert.equal(t.priceRegion, 'us-east-1');
    assert.deepEqual(t.notes, []);
  });

  it('other Regions fall back to us-east-1 prices with a note', () => {
    const t = regionalTable('eu-west-1');
    assert.equal(t.priceRegion, 'us-east-1');
    assert.equal(t.limits.apiGatewayAccountRps.value, 10_000);
    assert.ok(t.notes.some((n) => n.includes('eu-west-1') && n.includes('us-east-1')));
  });

  it('Regions with the lower API Gateway default get 2,500 rps / 1,250 burst', () => {
    assert.ok(LOW_API_THROTTLE_REGIONS.includes('eu-south-1'));
    const t = regionalTable('eu-south-1');
    assert.equal(t.limits.apiGatewayAccountRps.value, 2_500);
    assert.equal(t.limits.apiGatewayAccountBurst.value, 1_250);
  });
});

describe('overrides', () => {
  it('replaces tiers with a flat price and notes it', () => {
    const { prices, notes } = applyPriceOverrides(US_EAST_1_PRICES, { 'apigateway.rest.request': 1e-6 });
    close(tieredCost(prices['apigateway.rest.request'], 1e9).usd, 1_000);
    assert.equal(prices['apigateway.rest.request'].source, 'user override (config)');
    assert.equal(notes.length, 1);
  });

  it('ignores unknown keys and invalid values with notes', () => {
    const { prices, notes } = applyPriceOverrides(US_EAST_1_PRICES, {
      ['no.such.price' as PriceKey]: 1,
      'lambda.request': -1,
    });
    assert.equal(prices['lambda.request'], US_EAST_1_PRICES['lambda.request']);
    assert.equal(notes.length, 2);
  });

  it('resolves assumptions with defaults and notes invalid input', () => {
    const { assumptions, notes } = resolveCostAssumptions({ budgetUsdPerDay: -5, accountConcurrency: 3_000, durationMs: { Fn: 0 } });
    assert.equal(assumptions.budgetUsdPerDay, 100);
    assert.equal(assumptions.accountConcurrency, 3_000);
    assert.equal(assumptions.region, 'us-east-1');
    assert.equal(assumptions.logBytesPerInvocation, 1_000);
    assert.equal(assumptions.attackerHoldsToTimeout, true);
    assert.deepEqual({ ...assumptions.durationMs }, {});
    assert.equal(notes.length, 2);
  });
});
