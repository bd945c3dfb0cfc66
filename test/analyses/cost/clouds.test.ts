/**
 * Worked cost examples for Google Cloud (hand-computed; prices and sources in docs/cost-model.md,
 * "Google Cloud and Azure"). Each is a public HTTP endpoint held to its timeout by an attacker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../../src/api.js';
import type { CostCeiling } from '../../../src/analyses/cost/types.js';

const here = new URL('.', import.meta.url).pathname;

async function ceiling(dir: string, fn: string): Promise<CostCeiling> {
  const r = await analyze({ root: join(here, dir) });
  const c = r.analyses.cost.ceilings.find((x) => x.function.endsWith(fn));
  assert.ok(c, `${dir}: a ceiling for ${fn}`);
  return c;
}

const item = (c: CostCeiling, prefix: string) => c.breakdown.find((b) => b.item.startsWith(prefix))?.usdPerHour;

test('Cloud Functions 2nd gen, 256 MB, 30 s, max_instance_count 50: $0.84/h', async () => {
  const c = await ceiling('../../model/multicloud/google', '.lookup');
  // 50 instances × 0.25 GiB × $0.0000025 × 3,600 = $0.1125; 50 × 0.167 vCPU × $0.000024 × 3,600 = $0.72144;
  // 50 / 30 s = 1.6667 requests/s × 3,600 × $0.40/M = $0.0024
  assert.equal(item(c, 'Cloud Functions (2nd gen) memory'), 0.1125);
  assert.equal(item(c, 'Cloud Functions (2nd gen) CPU'), 0.7214);
  assert.equal(item(c, 'Cloud Functions (2nd gen) requests'), 0.0024);
  assert.equal(c.worstCaseUsdPerHour, 0.84);
  assert.equal(c.bindingLimit, 'reserved-concurrency');
  assert.equal(c.explicitCap, true);
  assert.ok(!c.breakdown.some((b) => b.item.startsWith('CloudWatch')), 'no Lambda log charge on Google');
});

test('Cloud Functions 1st gen, 256 MB, 60 s, no max_instances: 3,000 instances, $50.02/h', async () => {
  const c = await ceiling('clouds/google-gen1', '.hook');
  // 3,000 × 0.25 GB × $0.0000025 × 3,600 = $6.75; 3,000 × 0.4 GHz × $0.00001 × 3,600 = $43.20;
  // 3,000 / 60 s = 50 requests/s × 3,600 × $0.40/M = $0.072
  assert.equal(item(c, 'Cloud Functions (1st gen) memory'), 6.75);
  assert.equal(item(c, 'Cloud Functions (1st gen) CPU'), 43.2);
  assert.equal(item(c, 'Cloud Functions (1st gen) requests'), 0.072);
  assert.equal(c.worstCaseUsdPerHour, 50.02);
  assert.equal(c.bindingLimit, 'platform-max-instances');
  assert.equal(c.explicitCap, false);
  assert.equal(c.principal, 'public');
});

test('Cloud Run service with the defaults (512 MiB, 1 vCPU, 300 s, 100 instances): $9.09/h', async () => {
  const c = await ceiling('clouds/google-run', '.api');
  // 100 × 0.5 GiB × $0.0000025 × 3,600 = $0.45; 100 × 1 vCPU × $0.000024 × 3,600 = $8.64;
  // 100 / 300 s × 3,600 × $0.40/M = $0.00048
  assert.equal(item(c, 'Cloud Run service memory'), 0.45);
  assert.equal(item(c, 'Cloud Run service CPU'), 8.64);
  assert.equal(c.worstCaseUsdPerHour, 9.09);
  assert.equal(c.bindingLimit, 'platform-max-instances');
  assert.match(c.fix ?? 'no fix', /template\.scaling\.max_instance_count|no fix/);
});

test('Azure Consumption, anonymous HTTP trigger, app_scale_limit 50: $4.32/h', async () => {
  const c = await ceiling('../../model/multicloud/azure', '.lookup');
  // 50 instances × 1.5 GB (the Consumption instance limit) × $0.000016 × 3,600 = $4.32;
  // 50 / 300 s = 0.1667 executions/s × 3,600 × $0.20/M = $0.00012
  assert.equal(item(c, 'Azure Functions (Consumption) memory'), 4.32);
  assert.equal(item(c, 'Azure Functions (Consumption) requests'), 0.0001);
  assert.equal(c.worstCaseUsdPerHour, 4.32);
  assert.equal(c.bindingLimit, 'reserved-concurrency');
});

test('Azure Flex Consumption, 2,048 MB, maximum_instance_count 40: $7.49/h', async () => {
  const c = await ceiling('../../fidelity/clouds-corpus/azure/flex-easyauth', '.api');
  // 40 × 2 GB × $0.000026 × 3,600 = $7.488; 40 / 1,800 s × 3,600 × $0.40/M ≈ $0.00003
  assert.equal(item(c, 'Azure Functions (Flex Consumption) memory'), 7.488);
  assert.equal(c.worstCaseUsdPerHour, 7.49);
  assert.equal(c.principal, 'same-account', 'Easy Auth with one Entra ID tenant: identities of the organization only');
});
