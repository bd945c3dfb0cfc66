/**
 * Serverless Framework services of Google Cloud (serverless-google-cloudfunctions) and Azure
 * (serverless-azure-functions), read into the same model as their Terraform twins
 * (loaders/serverless/clouds.ts): entry points, principals, capability and taint findings, cost
 * ceilings. What the plugins leave to their version or the project (a Google HTTP function without
 * allowUnauthenticated or iam.bindings), and values from variables the scan cannot resolve, are
 * unresolved, never safe.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { AnalyzedRun } from '../../src/engine/result.js';

const here = new URL('.', import.meta.url).pathname;
const norm = (id: string) => id.replace(/^[a-z0-9_]+\./, '');

function shape(r: AnalyzedRun) {
  return {
    entryPoints: r.model.entryPoints.map((e) => `${e.kind} ${e.principal.kind} ${e.auth.kind} → ${e.targets.map(norm).join(',')}`).sort(),
    findings: r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.functions.map(norm).join(',')}`).sort(),
    cost: r.analyses.cost.ceilings.map((c) => `${norm(c.function)} ${c.bindingLimit} ${c.attackerDriven}`).sort(),
  };
}

test('Google: a Serverless service (with its topics and service accounts in Terraform beside it) gives what its Terraform twin gives, at the lines of serverless.yml', async () => {
  const tf = await analyze({ root: join(here, 'multicloud', 'google') });
  const r = await analyze({ root: join(here, 'multicloud', 'google-serverless') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), []);
  assert.deepEqual(shape(r), shape(tf));
  for (const f of r.model.functions) assert.equal(f.cloud, 'google');
  const at = (rule: string) => r.findings.find((f) => f.ruleId === rule)!.location;
  assert.deepEqual([at('surface/require-function-url-auth').file, at('surface/require-function-url-auth').line], ['serverless.yml', 27], 'at allowUnauthenticated: true');
  assert.deepEqual([at('code/no-secrets-in-environment').file, at('code/no-secrets-in-environment').line], ['serverless.yml', 53]);
  assert.equal(at('code/no-command-injection').file, 'index.js', 'taint through the handler');
  const fn = (k: string) => r.model.functions.find((f) => f.id === k)!;
  assert.equal(fn('admin').roleId, 'google_service_account.admin', 'serviceAccountEmail names the service account of infra.tf');
  assert.equal(fn('lookup').roleId, 'google_service_account.fn', "the provider's serviceAccountEmail");
  assert.deepEqual([fn('lookup').memoryMb, fn('lookup').timeoutSeconds, fn('lookup').reservedConcurrency], [256, 30, 50]);
  assert.equal(r.model.entryPoints.find((e) => e.targets[0] === 'lookup')!.principal.native, 'allUsers');
});

test('Google: the invoker without allowUnauthenticated or iam.bindings is unresolved (plugin version and project decide), a provider binding applies to every function, a variable is unresolved', async () => {
  const r = await analyze({ root: join(here, 'serverless-clouds', 'google') });
  const ep = (t: string) => r.model.entryPoints.find((e) => e.targets[0] === t || e.targets[0]!.endsWith(`#${t}`))!;
  assert.equal(ep('gallery').principal.kind, 'any-aws-account', 'provider iam.bindings: allAuthenticatedUsers');
  assert.equal(ep('upload').principal.kind, 'unresolved', 'allowUnauthenticated: ${opt:public}');
  assert.equal(ep('hello').principal.kind, 'unresolved', 'nothing declared');
  assert.equal(ep('hello').auth.kind, 'unresolved');
  assert.match(JSON.stringify(ep('hello')), /depends on the plugin version and the project/, 'the reason says why');
  assert.equal(ep('thumbnail').kind, 'eventbridge-rule', 'a bucket outside the scan: an event trigger of its own');
  const inj = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(inj && inj.functions[0] === 'upload' && inj.location.file === 'main.py', 'Python: main.<handler>, the request as the taint source');
  assert.ok(!r.findings.some((f) => f.severity === 'critical'), 'an unresolved invoker is not an outsider for certain');
  assert.ok(r.findings.some((f) => f.ruleId === 'surface/require-function-url-auth' && f.functions[0] === 'hello' && f.location.file === 'plain/serverless.yml'));
});

test('Azure: a Serverless service is one function app whose functions carry the plugin\'s function.json (authLevel function by default), its environment the shared app settings', async () => {
  const r = await analyze({ root: join(here, 'multicloud', 'azure-serverless') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), []);
  const s = shape(r);
  assert.deepEqual(s.entryPoints, [
    'function-url public api-key → health',
    'function-url public none → lookup',
    'sns-subscription same-account service → ingest',
    'sns-subscription same-account service → notify',
  ]);
  assert.deepEqual(s.findings.filter((f) => !f.startsWith('cost/')), [
    'code/no-command-injection critical lookup',
    'code/no-secrets-in-environment high health,ingest,lookup,notify',
    'surface/require-function-url-auth medium lookup',
  ], 'the secret is in the app settings every function of the app reads');
  for (const f of r.model.functions) assert.equal(f.cloud, 'azure');
  const lookup = r.model.entryPoints.find((e) => e.targets[0] === 'lookup')!;
  assert.equal(lookup.principal.native, 'anonymous');
  assert.deepEqual([lookup.location.file, lookup.location.line], ['serverless.yml', 26], 'at the authLevel written under x-azure-settings');
  assert.equal(r.findings.find((f) => f.ruleId === 'code/no-command-injection')!.location.file, 'src/handlers/orders.js');
  assert.ok(r.model.functions.every((f) => f.handler.handler === `src/handlers/orders.${f.id}`));
});

test('Azure: authLevel from an unresolved variable is unresolved, admin is the master key, queue shorthand and timers are triggers', async () => {
  const r = await analyze({ root: join(here, 'serverless-clouds', 'azure') });
  const ep = (t: string) => r.model.entryPoints.find((e) => e.targets[0] === t)!;
  assert.equal(`${ep('submit').principal.kind} ${ep('submit').auth.kind}`, 'unresolved unresolved');
  assert.equal(`${ep('purge').principal.kind} ${ep('purge').auth.kind}`, 'public api-key');
  assert.equal(ep('work').kind, 'other');
  assert.equal(ep('nightly').kind, 'schedule');
  assert.ok(r.model.functions.every((f) => f.runtime === 'python3.11' && f.cloud === 'azure'));
});

test('hostile Google and Azure services: values of the wrong shape are unresolved or skipped, never a crash; allowUnauthenticated is read with JavaScript truth, as the plugin reads it', async () => {
  const g = await analyze({ root: join(here, 'serverless-clouds', 'hostile', 'google') });
  assert.ok(!g.diagnostics.some((d) => d.code === 'internal-error' || d.level === 'error'), JSON.stringify(g.diagnostics));
  const ep = (t: string) => g.model.entryPoints.find((e) => e.targets[0] === t)!;
  assert.equal(ep('a').principal.kind, 'public', "provider.allowUnauthenticated 'yes please' is truthy");
  assert.equal(ep('b').principal.kind, 'public');
  assert.equal(ep('d').kind, 'eventbridge-rule');
  const b = g.model.functions.find((f) => f.id === 'b')!;
  assert.ok(typeof b.memoryMb === 'object' && typeof b.timeoutSeconds === 'object', 'memory "lots" and timeout "forever" are unresolved');
  assert.ok(g.diagnostics.some((d) => d.code === 'definition-not-read' && /Deployment Manager/.test(d.message)));
  const a = await analyze({ root: join(here, 'serverless-clouds', 'hostile', 'azure') });
  assert.ok(!a.diagnostics.some((d) => d.code === 'internal-error' || d.level === 'error'), JSON.stringify(a.diagnostics));
  assert.deepEqual(a.model.functions.map((f) => f.id).sort(), ['a', 'b', 'c']);
  assert.ok(a.model.functions.every((f) => f.cloud === 'azure'));
});
