/**
 * One app on three clouds (AWS, Google Cloud, Azure), each written in Terraform: a public HTTP
 * function whose request reaches a shell, one fed by a topic anyone can publish to, one whose
 * identity is an administrator, one with a secret in its settings, one clean. Every cloud gives
 * the same kinds of entry points and principals, the same capability and taint findings, and a
 * cost ceiling per entry point bound by the same kind of limit; every element says its cloud. Azure
 * differs in the one place its services differ: no topic or queue there can be written anonymously.
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
  assert.ok(base.findings.includes('surface/require-function-url-auth medium lookup'));
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

test('Azure twin: the same entry points, principals, findings and cost ceilings, but for the one thing Azure cannot express', async () => {
  const aws = shape(await analyze({ root: join(here, 'multicloud', 'aws') }));
  const r = await analyze({ root: join(here, 'multicloud', 'azure') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), [], 'azure: no diagnostics');
  const s = shape(r);
  for (const f of r.model.functions) assert.equal(f.cloud, 'azure');
  for (const e of r.model.entryPoints) assert.equal(e.cloud, 'azure');
  // Azure has no anonymous writer for a topic or queue (Service Bus, Storage queues and Event Grid
  // always need a key, a SAS or Entra ID): the topic-fed function is fed by the subscription's
  // identities, so its entry point is not public and surface/no-public-trigger has nothing to say.
  const publicTopic = 'sns-subscription public service → ingest';
  assert.ok(aws.entryPoints.includes(publicTopic));
  assert.deepEqual(s.entryPoints, aws.entryPoints.map((e) => (e === publicTopic ? 'sns-subscription same-account service → ingest' : e)));
  // Consumption bills up to 1.5 GB an instance (AWS twin: 256 MB), so the public function's ceiling is a cost finding there.
  const security = (list: string[]) => list.filter((f) => !f.startsWith('cost/'));
  assert.deepEqual(security(s.findings), security(aws.findings).filter((f) => f !== 'surface/no-public-trigger high ingest'));
  assert.deepEqual(s.findings.filter((f) => f.startsWith('cost/')), ['cost/no-denial-of-wallet medium lookup']);
  assert.deepEqual(s.cost, aws.cost.map((c) => (c === 'ingest reserved-concurrency true' ? 'ingest reserved-concurrency false' : c)), 'the same ceilings, bound by app_scale_limit as by reserved concurrency; no outsider drives the topic');
  const ep = (t: string) => r.model.entryPoints.find((e) => e.targets[0]!.endsWith(`.${t}`))!;
  assert.equal(ep('lookup').principal.native, 'anonymous');
  assert.equal(ep('health').principal.native, 'Entra ID identities of the tenant', 'Easy Auth, one tenant: the twin of AWS_IAM');
  assert.equal(ep('ingest').principal.native, 'identities of the subscription');
  const admin = r.model.roles.find((x) => x.policies.some((p) => p.name === 'Owner on subscription'));
  assert.ok(admin && admin.cloud === 'azure', 'the managed identity holds Owner on the subscription');
  const json = toJsonReport(r) as unknown as { functions: { cloud: string }[] };
  assert.ok(json.functions.every((f) => f.cloud === 'azure'));
});

test('Azure network: private endpoints and deny-by-default access restrictions keep an endpoint off the internet; an allow-list with the Allow default does not', async () => {
  const r = await analyze({ root: join(here, 'multicloud-azure-network') });
  const ep = (t: string) => r.model.entryPoints.find((e) => e.targets[0] === `azurerm_function_app_function.${t}`)!;
  assert.equal(ep('private').principal.kind, 'same-account', 'public_network_access_enabled = false');
  assert.equal(ep('vnet').principal.kind, 'same-account', 'only a subnet and a private range, default Deny');
  assert.equal(ep('vnet').auth.kind, 'api-key');
  assert.equal(ep('allowdefault').principal.kind, 'public', 'ip_restriction_default_action left at Allow');
  assert.match(ep('allowdefault').principal.detail ?? '', /restricts nothing/);
  assert.equal(ep('office').principal.kind, 'public', 'a public range is still the internet');
  assert.match(ep('office').principal.detail ?? '', /203\.0\.113\.0\/24/);
  assert.equal(ep('multitenant').principal.kind, 'any-aws-account', 'Easy Auth on the common endpoint: any Entra ID tenant');
  assert.equal(ep('social').principal.kind, 'authenticated-users', 'Easy Auth with a GitHub login: anyone can sign up');
  assert.equal(ep('vartenant').principal.kind, 'unresolved', 'a tenant endpoint not known statically');
  assert.equal(ep('optional').principal.kind, 'public', 'Easy Auth without require_authentication lets anonymous requests through');
  assert.ok(r.findings.some((f) => f.ruleId === 'surface/require-function-url-auth' && f.functions[0] === 'azurerm_function_app_function.allowdefault'));
  assert.ok(!r.findings.some((f) => f.ruleId === 'surface/require-function-url-auth' && f.functions[0] === 'azurerm_function_app_function.private'), 'a private endpoint is not an internet entry');
});

test('Azure classic model: each function.json of the app code folder is a function with its triggers, host.json timeout, (context, req) taint; a broken one is unresolved and said', async () => {
  const r = await analyze({ root: join(here, '../fidelity/clouds-corpus/azure/function-json') });
  const app = 'azurerm_windows_function_app.app';
  assert.deepEqual(r.model.functions.map((f) => f.id).sort(), ['broken', 'health', 'ingest', 'lookup'].map((n) => `${app}/${n}`));
  assert.ok(r.model.functions.every((f) => f.timeoutSeconds === 120 && f.cloud === 'azure'), 'host.json functionTimeout 00:02:00');
  const ep = (n: string) => r.model.entryPoints.find((e) => e.targets[0] === `${app}/${n}`)!;
  assert.equal(`${ep('lookup').principal.kind} ${ep('lookup').auth.kind}`, 'public none');
  assert.deepEqual(ep('lookup').location, { file: 'app/lookup/function.json', line: 4, column: 1 }, 'at the authLevel the user wrote');
  assert.equal(`${ep('health').principal.kind} ${ep('health').auth.kind}`, 'public api-key');
  assert.equal(ep('ingest').kind, 'sqs-queue');
  assert.equal(ep('broken').principal.kind, 'unresolved', 'a function.json that is not JSON is not taken as safe');
  assert.ok(r.diagnostics.some((d) => d.code === 'azure-function-json' && d.location?.file === 'app/broken/function.json'));
  const inj = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(inj && inj.functions[0] === `${app}/lookup` && inj.location.file === 'app/lookup/index.js' && inj.location.line === 4, 'req (after context) is the request');
  assert.ok(!r.diagnostics.some((d) => /health/.test(d.message) && /handler/.test(d.code)), 'scriptFile ../dist/health.js is found');
});

test('Azure shapes of public examples: config_json from file(), a role at data.azurerm_subscription, identity.0.principal_id', async () => {
  const f = await analyze({ root: join(here, '../fidelity/clouds-corpus/azure/config-from-file') });
  assert.deepEqual(f.model.entryPoints.map((e) => `${e.principal.kind} ${e.auth.kind}`), ['public none'], 'the function.json text read with file() gives authLevel anonymous');
  const r = await analyze({ root: join(here, '../fidelity/clouds-corpus/azure/rbac-subscription') });
  assert.deepEqual(r.model.roles.flatMap((x) => x.policies.map((p) => p.name)), ['Contributor on subscription']);
  assert.equal(r.model.entryPoints[0]?.principal.kind, 'unresolved', 'an app whose functions are in code: never taken as safe');
});
