/**
 * Default cost assumptions and merging of user overrides (from config). Pure: invalid values
 * fall back to the default with a note instead of throwing.
 */
import type { CostAssumptions, CostAssumptionsInput } from './types.js';
import { dict } from '../../model/types.js';

export const DEFAULT_COST_ASSUMPTIONS: Readonly<CostAssumptions> = Object.freeze({
  region: 'us-east-1',
  accountConcurrency: 1_000,
  apiGatewayAccountRps: null,
  budgetUsdPerDay: 100,
  logBytesPerInvocation: 1_000,
  egressBytesPerRequest: 0,
  attackerHoldsToTimeout: true,
  typicalDurationMs: 100,
  durationMs: {},
  fanOutPerHop: 1,
  sqsMaxReceiveCount: null,
  stateTransitionsPerExecution: 10,
  prices: {},
});

function nonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function resolveCostAssumptions(input: CostAssumptionsInput = {}): { assumptions: CostAssumptions; notes: string[] } {
  const d = DEFAULT_COST_ASSUMPTIONS;
  const notes: string[] = [];
  function pick<K extends 'accountConcurrency' | 'budgetUsdPerDay' | 'logBytesPerInvocation' | 'egressBytesPerRequest' | 'typicalDurationMs' | 'fanOutPerHop' | 'stateTransitionsPerExecution'>(
    key: K,
    min = 0,
  ): number {
    const v = input[key];
    if (v === undefined) return d[key];
    if (nonNegative(v) && v >= min) return v;
    notes.push(`Assumption ${key} = ${String(v)} is not a number ≥ ${min}: the default ${d[key]} is used.`);
    return d[key];
  }
  const durationMs: Record<string, number> = dict();
  for (const id of Object.keys(input.durationMs ?? {}).sort()) {
    const v = input.durationMs?.[id];
    if (nonNegative(v) && v > 0) durationMs[id] = v;
    else notes.push(`durationMs for ${id} = ${String(v)} is not a positive number: ignored.`);
  }
  let apiRps = d.apiGatewayAccountRps;
  if (input.apiGatewayAccountRps !== undefined && input.apiGatewayAccountRps !== null) {
    if (nonNegative(input.apiGatewayAccountRps)) apiRps = input.apiGatewayAccountRps;
    else notes.push(`apiGatewayAccountRps = ${String(input.apiGatewayAccountRps)} is not a number ≥ 0: the Region default is used.`);
  }
  let sqsMax = d.sqsMaxReceiveCount;
  if (input.sqsMaxReceiveCount !== undefined && input.sqsMaxReceiveCount !== null) {
    if (nonNegative(input.sqsMaxReceiveCount) && input.sqsMaxReceiveCount >= 1) sqsMax = input.sqsMaxReceiveCount;
    else notes.push(`sqsMaxReceiveCount = ${String(input.sqsMaxReceiveCount)} is not a number ≥ 1: treated as unknown.`);
  }
  const assumptions: CostAssumptions = {
    region: typeof input.region === 'string' && input.region.length > 0 ? input.region : d.region,
    accountConcurrency: pick('accountConcurrency', 1),
    apiGatewayAccountRps: apiRps,
    budgetUsdPerDay: pick('budgetUsdPerDay'),
    logBytesPerInvocation: pick('logBytesPerInvocation'),
    egressBytesPerRequest: pick('egressBytesPerRequest'),
    attackerHoldsToTimeout: typeof input.attackerHoldsToTimeout === 'boolean' ? input.attackerHoldsToTimeout : d.attackerHoldsToTimeout,
    typicalDurationMs: pick('typicalDurationMs', 1),
    durationMs,
    fanOutPerHop: pick('fanOutPerHop'),
    sqsMaxReceiveCount: sqsMax,
    stateTransitionsPerExecution: pick('stateTransitionsPerExecution'),
    prices: { ...(input.prices ?? {}) },
  };
  return { assumptions, notes };
}
