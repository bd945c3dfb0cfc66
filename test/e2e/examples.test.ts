/**
 * What a user sees on the bundled examples: the vulnerable shop reports its planted weaknesses
 * (examples/vulnerable-shop/README.md) at the lines they were planted; its clean twin gets no
 * high or critical finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/api.js';
import { SEVERITIES } from '../../src/model/findings.js';

test('clean-shop: no high or critical finding, no error diagnostic', async () => {
  const r = await analyze({ root: 'examples/clean-shop' });
  const serious = r.findings.filter((f) => f.severity === 'critical' || f.severity === 'high');
  assert.deepEqual(serious.map((f) => `${f.ruleId} ${f.resource}: ${f.message}`), []);
  assert.deepEqual(r.diagnostics.filter((d) => d.level === 'error'), []);
  assert.ok(r.model.functions.length >= 10);
});

test('vulnerable-shop: the planted weaknesses are reported', async () => {
  const r = await analyze({ root: 'examples/vulnerable-shop' });
  const has = (ruleId: string, fn: string) => r.findings.some((f) => f.ruleId === ruleId && (f.functions.includes(fn) || f.resource.includes(fn)));
  const expected: [string, string][] = [
    ['surface/no-unauthenticated-api-route', 'SearchProductsFunction'],
    ['surface/require-function-url-auth', 'PaymentWebhookFunction'],
    ['cost/no-denial-of-wallet', 'PaymentWebhookFunction'],
    ['cost/require-api-throttling', 'SearchProductsFunction'],
    ['surface/no-recursive-loop', 'ThumbnailFunction'],
  ];
  for (const [rule, fn] of expected) assert.ok(has(rule, fn), `${rule} on ${fn}`);
  // The public surface is exactly the two routes the README plants.
  const publicEps = r.model.entryPoints.filter((e) => e.principal.kind === 'public').map((e) => e.label).sort();
  assert.deepEqual(publicEps, ['GET /search', 'URL of PaymentWebhookFunction']);
  assert.ok(SEVERITIES.includes(r.findings[0]!.severity));
});

test('a synthesized cdk.out is scanned, and findings name the construct path', async () => {
  const r = await analyze({ root: 'test/loaders/cdk/fixtures/app' });
  assert.ok(r.inputs.every((i) => i.format === 'cdk'));
  const url = r.findings.find((f) => f.ruleId === 'surface/require-function-url-auth');
  assert.ok(url, 'the public function URL of the CDK app is found');
  assert.match(url.constructPath ?? '', /^[A-Za-z0-9-]+\/.+/);
  assert.match(url.location.file, /\.template\.json$/);
});
