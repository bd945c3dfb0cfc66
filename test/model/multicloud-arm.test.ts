/**
 * ARM JSON templates (loaders/arm/load.ts): the Azure twin of the multi-cloud app written as an ARM
 * template gives the same kinds of entry points, principals, findings, cost ceilings and taint as
 * its Terraform version (and so as the AWS twin, but for what Azure cannot express). Expressions are
 * evaluated where the template holds their values; the rest is unresolved and never safe; a
 * hostile template is a diagnostic naming the file and line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { AnalyzedRun } from '../../src/engine/result.js';

const here = new URL('.', import.meta.url).pathname;

/** `azurerm_function_app_function.lookup`, `Microsoft.Web/sites/functions/orders-fn/lookup` → `lookup`. */
const norm = (id: string) => id.replace(/^.*[./]/, '');

function shape(r: AnalyzedRun) {
  return {
    entryPoints: r.model.entryPoints.map((e) => `${e.kind} ${e.principal.kind} ${e.auth.kind} ${e.principal.native ?? ''} → ${e.targets.map(norm).join(',')}`).sort(),
    findings: r.findings.filter((f) => !f.ruleId.startsWith('iam/least-privilege') && f.ruleId !== 'iam/no-unused-permission').map((f) => `${f.ruleId} ${f.severity} ${f.functions.map(norm).sort().join(",")}`).sort(),
    cost: r.analyses.cost.ceilings.map((c) => `${norm(c.function)} ${c.bindingLimit} ${c.attackerDriven} ${c.worstCaseUsdPerHour.toFixed(2)}`).sort(),
  };
}

test('the ARM Azure twin gives what its Terraform version gives', async () => {
  const tf = await analyze({ root: join(here, 'multicloud', 'azure') });
  const arm = await analyze({ root: join(here, 'multicloud', 'azure-arm') });
  assert.deepEqual(arm.diagnostics.filter((d) => d.level !== 'info'), [], 'no diagnostics');
  assert.deepEqual(arm.inputs.map((i) => i.format), ['arm']);
  const a = shape(arm);
  const t = shape(tf);
  assert.equal(a.entryPoints.length, 5);
  assert.deepEqual(a.entryPoints, t.entryPoints, 'entry points and principals');
  assert.deepEqual(a.findings, t.findings, 'findings (taint from the request to a shell, admin identity, secret in settings)');
  assert.deepEqual(a.cost, t.cost, 'cost ceilings');
  assert.ok(arm.model.functions.every((f) => f.cloud === 'azure'));
  const inj = arm.findings.find((f) => f.ruleId === 'code/no-command-injection')!;
  assert.equal(inj.location.file, 'src/index.js', 'the code beside the template (its host.json folder) is analysed');
  const secret = arm.findings.find((f) => f.ruleId === 'code/no-secrets-in-environment')!;
  assert.equal(secret.location.file, 'azuredeploy.json');
  assert.equal(secret.location.line, 147, 'at the app setting the user wrote');
  const admin = arm.model.roles.find((x) => x.policies.some((p) => p.name === 'Owner on resource group'));
  assert.ok(admin, 'Owner through subscriptionResourceId(roleDefinitions, id), granted to reference(site).identity.principalId');
});

test('hostile ARM: bad JSON and deep nesting are diagnostics with file and line; unknown values are unresolved, never safe', async () => {
  const bad = await analyze({ root: join(here, 'arm-hostile', 'bad') });
  const d = bad.diagnostics.find((x) => x.level === 'error')!;
  assert.equal(d.location?.file, 'azuredeploy.json');
  assert.ok((d.location?.line ?? 0) >= 4, JSON.stringify(d));
  const deep = await analyze({ root: join(here, 'arm-hostile', 'deep') });
  assert.ok(deep.diagnostics.some((x) => x.code === 'nesting-limit' && x.location?.file === 'azuredeploy.json'));
  const r = await analyze({ root: join(here, 'arm-hostile', 'unresolved') });
  assert.equal(r.model.functions.length, 1);
  const ep = r.model.entryPoints[0]!;
  assert.equal(ep.principal.kind, 'unresolved', 'authLevel from a parameter without a default');
  const env = r.model.functions[0]!.environment;
  assert.ok(typeof env['X'] === 'object', 'a variable that refers to itself is unresolved');
  assert.ok(typeof env['Z'] === 'object', 'an expression that cannot be read is unresolved');
  assert.equal(env['Y'], 'a'.repeat(5000));
});

test('an ARM function app whose functions are not in the template is one function with an unresolved HTTP entry, said', async () => {
  const r = await analyze({ root: join(here, '../loaders/fixtures/never-silent/arm') });
  assert.deepEqual(r.model.entryPoints.map((e) => `${e.kind} ${e.principal.kind}`), ['function-url unresolved']);
  assert.ok(r.diagnostics.some((d) => d.code === 'handler-unresolved' && d.location?.file === 'azuredeploy.json'));
  assert.ok(!r.diagnostics.some((d) => d.code === 'definition-not-read'), 'the template is read');
});

test('ARM parameter file beside the template: its values come before the defaults; a Key Vault reference is unresolved; per-environment files are not chosen among', async () => {
  const r = await analyze({ root: join(here, 'fixtures', 'arm-params', 'given') });
  const ep = r.model.entryPoints[0]!;
  assert.equal(`${ep.principal.kind} ${ep.auth.kind}`, 'public none', 'authLevel anonymous from azuredeploy.parameters.json (no default in the template)');
  const fn = r.model.functions[0]!;
  assert.equal(fn.reservedConcurrency, 10, 'functionAppScaleLimit from the parameter file, not the default 200');
  assert.equal(fn.environment['STRIPE_SECRET_KEY'], 'sk_live_51HqLyjWDarjtT1zdp7dcXYZabc123');
  assert.equal(typeof fn.environment['DB_PASSWORD'], 'object', 'a Key Vault reference is not a value in the template');
  assert.ok(r.findings.some((f) => f.ruleId === 'code/no-secrets-in-environment' && f.location.file === 'azuredeploy.json'));
  const env = await analyze({ root: join(here, 'fixtures', 'arm-params', 'per-env') });
  assert.equal(env.model.entryPoints[0]!.principal.kind, 'unresolved', 'no file chosen: the parameter has no default');
  assert.ok(env.diagnostics.some((d) => d.code === 'arm-parameters' && /azuredeploy\.parameters\.dev\.json, azuredeploy\.parameters\.prod\.json/.test(d.message)));
});
