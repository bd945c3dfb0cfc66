/**
 * One app on three clouds (AWS, Google Cloud, Azure), each written in Terraform: a public HTTP
 * function whose request reaches a shell, one fed by a topic anyone can publish to, one whose
 * identity is an administrator, one with a secret in its settings, one clean. Every cloud gives
 * the same kinds of entry points and principals, the same capability and taint findings, and a
 * cost ceiling per entry point bound by the same kind of limit; every element says its cloud.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { AnalyzedRun } from '../../src/engine/result.js';
import { renderSarif } from '../../src/reporters/sarif.js';
import { RULES } from '../../src/rules/registry.generated.js';
import { toJsonReport } from '../../src/reporters/json.js';

const here = new URL('.', import.meta.url).pathname;

/** `aws_lambda_function.lookup`, `google_cloudfunctions2_function.lookup` → `lookup`. */
const norm = (id: string) => id.replace(/^[a-z0-9_]+\./, '');

function shape(r: AnalyzedRun) {
  const cost = r.analyses.cost;
  return {
    entryPoints: r.model.entryPoints.map((e) => `${e.kind} ${e.principal.kind} ${e.auth.kind} → ${e.targets.map(norm).join(',')}`).sort(),
    findings: r.findings.filter((f) => f.ruleId !== 'iam/least-privilege-suggestion' && f.ruleId !== 'iam/no-unused-permission').map((f) => `${f.ruleId} ${f.severity} ${f.functions.map(norm).join(',')}`).sort(),
    cost: cost.ceilings.map((c) => `${norm(c.function)} ${c.bindingLimit} ${c.attackerDriven}`).sort(),
  };
}

test('AWS, Google Cloud and Azure twins give the same entry points, principals, findings and cost ceilings', async () => {
  const aws = await analyze({ root: join(here, 'multicloud', 'aws') });
  const base = shape(aws);
  assert.equal(base.entryPoints.length, 5);
  assert.ok(base.findings.includes('code/no-command-injection critical lookup'), 'taint from the request to a shell');
  assert.ok(base.findings.includes('surface/require-function-url-auth high lookup'));
  assert.ok(base.findings.includes('surface/no-public-trigger high ingest'));
  assert.ok(base.findings.includes('iam/no-admin-access high admin'));
  assert.ok(base.findings.includes('code/no-secrets-in-environment high notify'));
  assert.ok(!base.findings.some((f) => f.endsWith(' health')), 'the clean function stays quiet');
  for (const cloud of ['google'] as const) {
    const r = await analyze({ root: join(here, 'multicloud', cloud) });
    assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), [], `${cloud}: no diagnostics`);
    const s = shape(r);
    assert.deepEqual(s.entryPoints, base.entryPoints, `${cloud}: entry points`);
    assert.deepEqual(s.findings, base.findings, `${cloud}: findings`);
    assert.deepEqual(s.cost, base.cost, `${cloud}: cost ceilings`);
    for (const f of r.model.functions) assert.equal(f.cloud, cloud, `${f.id} says its cloud`);
    for (const e of r.model.entryPoints) assert.equal(e.cloud, cloud, `${e.id} says its cloud`);
    for (const f of r.findings) assert.ok(/main\.tf$|index\.js$/.test(f.location.file), `${f.ruleId} points at what the user wrote`);
    const json = toJsonReport(r) as unknown as { functions: { cloud: string }[]; entryPoints: { cloud: string }[] };
    assert.ok(json.functions.every((f) => f.cloud === cloud) && json.entryPoints.every((e) => e.cloud === cloud), `${cloud}: the JSON report says the cloud`);
    const sarif = JSON.parse(renderSarif(r, RULES)) as { runs: { results: { properties?: { cloud?: string } }[] }[] };
    assert.ok(sarif.runs[0]!.results.every((x) => x.properties?.cloud === cloud), `${cloud}: SARIF results say the cloud`);
  }
  assert.ok(aws.model.functions.every((f) => f.cloud === undefined));
});

test('Google principals are named as Google names them', async () => {
  const r = await analyze({ root: join(here, 'multicloud', 'google') });
  const byTarget = (t: string) => r.model.entryPoints.find((e) => e.targets.some((x) => x.endsWith(t)))!;
  assert.equal(byTarget('.lookup').principal.native, 'allUsers');
  assert.equal(byTarget('.ingest').principal.native, 'allUsers');
  assert.equal(byTarget('.health').principal.kind, 'same-account');
  const admin = r.model.roles.find((x) => x.id === 'google_service_account.admin')!;
  assert.equal(admin.cloud, 'google');
  assert.deepEqual(admin.policies.map((p) => p.name), ['roles/owner on project orders-prod']);
});

test('Google invoker IAM: a policy from data.google_iam_policy, allAuthenticatedUsers, internal-only ingress', async () => {
  const r = await analyze({ root: join(here, '../fidelity/clouds-corpus/google/run-policy') });
  const ep = (t: string) => r.model.entryPoints.find((e) => e.targets[0] === t)!;
  assert.equal(ep('google_cloud_run_v2_service.default').principal.kind, 'public', 'allUsers through policy_data');
  assert.equal(ep('google_cloud_run_v2_service.private').principal.kind, 'any-aws-account');
  assert.equal(ep('google_cloud_run_v2_service.private').principal.native, 'allAuthenticatedUsers');
  assert.ok(!r.findings.some((f) => f.severity === 'critical'), 'any Google account is not "anyone on the internet" by itself');
  const s = await analyze({ root: join(here, '../fidelity/clouds-corpus/google/gen2-storage') });
  assert.ok(!s.model.entryPoints.some((e) => e.kind === 'function-url'), 'an event-triggered function has no HTTPS entry of its own');
  assert.equal(s.model.entryPoints.find((e) => e.kind === 's3-notification')?.principal.kind, 'public', 'a bucket allUsers may write to');
});

test('Azure twin: the same capability, secret, taint and cost findings; its triggers as Azure has them', async () => {
  const aws = shape(await analyze({ root: join(here, 'multicloud', 'aws') }));
  const r = await analyze({ root: join(here, 'multicloud', 'azure') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), [], 'azure: no diagnostics');
  const s = shape(r);
  for (const f of r.model.functions) assert.equal(f.cloud, 'azure');
  // Public HTTP, admin identity, secret in settings and taint: the same findings as on AWS.
  for (const f of ['code/no-command-injection critical lookup', 'surface/require-function-url-auth high lookup', 'iam/no-admin-access high admin', 'code/no-secrets-in-environment high notify']) {
    assert.ok(aws.findings.includes(f) && s.findings.includes(f), `both: ${f}`);
  }
  assert.ok(s.entryPoints.includes('function-url public none → lookup'));
  // Azure has no anonymous writer for a queue or topic (Storage queues, Service Bus and Event Grid
  // always need a key, a SAS or Entra ID), so the queue-fed function is fed by the subscription's identities.
  assert.ok(s.entryPoints.includes('sqs-queue same-account service → ingest'));
  // authLevel function: a shared key, ranked like an API key.
  assert.ok(s.entryPoints.includes('function-url public api-key → health'));
  assert.ok(!s.findings.some((f) => f.endsWith(' health') && !f.startsWith('cost/')), 'the clean function has no security finding (a key holder can still drive its cost)');
  assert.deepEqual(s.cost.map((c) => c.split(' ')[1]), s.cost.map(() => 'reserved-concurrency'), 'bounded by app_scale_limit');
  const lookup = r.model.entryPoints.find((e) => e.targets[0]!.endsWith('.lookup'))!;
  assert.equal(lookup.principal.native, 'anonymous');
  const admin = r.model.roles.find((x) => x.policies.some((p) => p.name === 'Owner on subscription'));
  assert.ok(admin && admin.cloud === 'azure', 'the managed identity holds Owner on the subscription');
});
