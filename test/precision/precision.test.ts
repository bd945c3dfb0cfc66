/**
 * The precision field report (../shared/field-reports/precision, r2–r10, r12, r13) as fixtures of
 * our own, each with its true answer (docs/severity.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/api.js';

const dir = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const scan = (name: string) => analyze({ root: dir(name) });
const rules = (r: Awaited<ReturnType<typeof analyze>>) => r.findings.map((f) => `${f.ruleId} ${f.severity}`);

test('r2: a function an authorizer calls is an authorizer, not a public route', async () => {
  const r = await scan('authorizer-sls');
  const eps = r.model.entryPoints.map((e) => `${e.kind} ${e.label} ${e.principal.kind}`);
  assert.ok(eps.some((e) => e.startsWith('lambda-permission authorizer of') && e.endsWith('aws-service')), eps.join('\n'));
  assert.ok(!r.model.entryPoints.some((e) => e.targets.includes('checkToken') && e.kind === 'rest-api-method'));
  assert.ok(!r.findings.some((f) => f.ruleId.startsWith('cost/') || f.ruleId === 'surface/no-unauthenticated-api-route'), rules(r).join('\n'));
});

test('r3: a stream given by a parameter is written by its owner, not an outside caller', async () => {
  const r = await scan('stream-param');
  assert.deepEqual(r.model.entryPoints.map((e) => e.principal.kind), ['same-account']);
  assert.ok(!r.findings.some((f) => f.ruleId.startsWith('cost/')), rules(r).join('\n'));
  assert.equal(r.findings.find((f) => f.ruleId === 'iam/no-data-exfiltration')?.severity, 'medium');
});

test('r4: kms:CallerAccount and s3:DataAccessPointAccount limit the caller to the account', async () => {
  const r = await scan('account-keys');
  assert.ok(!r.findings.some((f) => f.ruleId === 'surface/no-public-resource-policy'), rules(r).join('\n'));
});

test('r5: a role that may write to its trigger is no loop when the code only reads', async () => {
  const r = await scan('reads-only');
  assert.ok(!r.findings.some((f) => f.ruleId === 'surface/no-recursive-loop'), rules(r).join('\n'));
});

test('r6: the durable-execution baseline is not the user\'s wildcard', async () => {
  const r = await scan('durable');
  assert.ok(!r.findings.some((f) => f.ruleId === 'iam/no-wildcard-write'), rules(r).join('\n'));
  assert.equal(r.findings.find((f) => f.ruleId === 'surface/no-unauthenticated-api-route')?.severity, 'medium');
});

test('r7: a per-method throttle (ResourcePath /~1carts~1{id}) throttles its route', async () => {
  const r = await scan('method-throttle');
  assert.equal(r.model.entryPoints[0]!.throttle?.rateLimit, 2);
  assert.ok(!r.findings.some((f) => f.ruleId.startsWith('cost/')), rules(r).join('\n'));
});

test('r8: a Terraform secret looked up by name is that secret, not every secret', async () => {
  const r = await scan('tf-secret-by-name');
  assert.ok(!r.findings.some((f) => f.ruleId === 'iam/no-data-exfiltration'), rules(r).join('\n'));
});

test('r9: one grant, one finding; a loop from a `*` grant alone is a worded possibility', async () => {
  const r = await scan('invoke-star');
  const at = r.findings.filter((f) => f.ruleId.startsWith('iam/') && f.ruleId !== 'iam/no-shared-role').map((f) => f.ruleId);
  assert.deepEqual(at, ['iam/no-invoke-any-function']);
  const loops = r.findings.filter((f) => f.ruleId === 'surface/no-recursive-loop');
  assert.ok(loops.length > 0 && loops.every((f) => f.severity === 'info' && f.message.startsWith('Possible recursion loop')), loops.map((f) => f.message).join('\n'));
});

test('r10: an ALB target is public only behind an internet-facing load balancer of the scan', async () => {
  const r = await scan('alb-outside');
  const by = Object.fromEntries(r.model.entryPoints.filter((e) => e.kind === 'alb-target').map((e) => [e.targets[0], e.principal.kind]));
  assert.deepEqual(by, { Health: 'unresolved', Inner: 'same-account' });
});

test('r12: an IP allow-list admits callers from those addresses, not anyone', async () => {
  const r = await scan('ip-allow');
  assert.equal(r.model.entryPoints[0]!.principal.kind, 'cross-account');
  assert.match(r.model.entryPoints[0]!.principal.detail ?? '', /198\.51\.100\.0\/24/);
  assert.ok(!r.findings.some((f) => f.ruleId.startsWith('cost/') || f.ruleId === 'surface/no-unauthenticated-api-route'), rules(r).join('\n'));
});

test('r13: a flow collection closed at its key\'s indentation is read leniently, with a warning', async () => {
  const r = await scan('flow-yaml');
  assert.deepEqual(r.model.functions.map((f) => f.id).sort(), ['After', 'Reader']);
  assert.ok(r.diagnostics.some((d) => d.code === 'yaml-lenient' && d.level === 'warning'));
  assert.ok(!r.diagnostics.some((d) => d.code === 'yaml-syntax'));
});

test('labels #39/#41/#59: a function only a custom resource invokes is reached by the deployment, in CloudFormation, Serverless and CDK output', async () => {
  const r = await scan('deploy-time');
  const reach = Object.fromEntries(Object.entries(r.analyses.surface.byFunction).map(([k, v]) => [k, v.weakestPrincipal]));
  const deployOnly = [
    'Provisioner',
    'CustomDashresourceDashapigwDashcwDashroleLambdaFunction',
    'CustomDashresourceDashexistingDashs3LambdaFunction',
    'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A',
    'BucketNotificationsHandler050a0587b7544547bf325f094a3db8347ECC3691',
    'RoleSetupProviderframeworkonEvent83C1D0A7',
    // The Provider's user handler: invoked by the framework function, so by the deployment too.
    'RoleSetupOnEvent3C7B2E4D',
  ];
  for (const id of deployOnly) assert.equal(reach[id], 'deployment', id);
  // Another way in wins: the URL makes it public.
  assert.equal(reach['Exposed'], 'public');
  const esc = (subject: string) => r.findings.filter((f) => f.ruleId === 'iam/no-privilege-escalation' && f.message.startsWith(subject)).map((f) => f.severity);
  assert.deepEqual(esc('Provisioner'), ['medium']);
  assert.deepEqual(esc('RoleSetupOnEvent3C7B2E4D'), ['medium']);
  assert.deepEqual(esc('CustomDashresourceDashapigwDashcwDashroleLambdaFunction'), ['medium']);
  assert.deepEqual(esc('Exposed'), ['critical']);
  assert.ok(r.findings.filter((f) => f.ruleId === 'iam/no-function-code-write').every((f) => f.severity === 'medium'), rules(r).join('\n'));
  const eps = r.model.entryPoints.filter((e) => e.kind === 'custom-resource');
  assert.equal(eps.length, 7);
  assert.ok(eps.every((e) => e.principal.kind === 'deployment'));
  // Not an outside caller: no cost finding comes from a custom resource.
  assert.ok(!r.findings.some((f) => f.ruleId.startsWith('cost/') && /custom resource/.test(f.message)), rules(r).join('\n'));
});

test('labels #42/#43: without handler code a loop from grants alone is a worded possibility: low when the grant names the bucket, info on `*`', async () => {
  const r = await scan('loop-grants-only');
  const loops = r.findings.filter((f) => f.ruleId === 'surface/no-recursive-loop').map((f) => `${f.location.file} ${f.severity} ${f.message.slice(0, 23)}`).sort();
  assert.deepEqual(loops, ['cfn/template.yaml info Possible recursion loop', 'sls/serverless.yml low Possible recursion loop']);
});

test('one route finding per API and function: `ANY /` and `ANY /{proxy+}` are one; a WebSocket `$disconnect` joins `$connect` (SAM, Serverless, Terraform)', async () => {
  const r = await scan('one-route-finding');
  const of = (rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.file}:${f.location.line} ${f.severity} ${f.message.split(/ lets | let | on /)[0]}`).sort();
  assert.deepEqual(of('surface/no-unauthenticated-api-route'), [
    'sam/template.yaml:13 high ANY / and ANY /{proxy+}',
    'sam/template.yaml:27 medium GET /health',
    'sam/template.yaml:48 high $connect and $disconnect',
    'sam/template.yaml:68 medium send',
    'sls/serverless.yml:16 high ANY / and ANY /{proxy+}',
    'sls/serverless.yml:25 high $connect and $disconnect',
    'tf/main.tf:13 high ANY / and ANY /{proxy+}',
  ]);
  // Denial of wallet says the same once per API and function.
  assert.deepEqual(of('cost/no-denial-of-wallet'), [
    'sam/template.yaml:13 medium ANY / and ANY /{proxy+}',
    'sam/template.yaml:27 medium GET /health',
    'sam/template.yaml:48 medium $connect and $disconnect',
    'sam/template.yaml:68 medium send',
    'sls/serverless.yml:16 medium ANY / and ANY /{proxy+}',
    'sls/serverless.yml:25 medium $connect and $disconnect',
    'tf/main.tf:13 medium ANY / and ANY /{proxy+}',
  ]);
  const chat = r.findings.find((f) => f.ruleId === 'surface/no-unauthenticated-api-route' && f.location.line === 48)!;
  assert.match(chat.message, /invoke OnConnect, OnDisconnect/);
  assert.deepEqual(chat.related?.map((x) => x.message), ['$disconnect → OnDisconnect']);
});

test('event-source concurrency: SQS MaximumConcurrency, Kinesis shards × ParallelizationFactor bound the ceiling; unknown shards are unresolved (SAM, Serverless, Terraform)', async () => {
  const r = await scan('esm-bounds');
  const cost = r.analyses.cost;
  const by = Object.fromEntries(cost.ceilings.map((c) => [c.label, `${c.bindingLimit} ${c.concurrency}`]));
  assert.deepEqual(by, {
    'SQS Capped': 'event-source 5',
    'SQS Jobs': 'event-source 5',
    'SQS aws_sqs_queue.jobs': 'event-source 10',
    'Kinesis sam/template.yaml#Clicks': 'event-source 6',
    'Kinesis aws_kinesis_stream.clicks': 'event-source 8',
    // Unknown shard counts are not guessed: the function's own limit (here the pool) is the bound.
    'Kinesis sls/serverless.yml#Clicks': 'account-concurrency 1000',
    'DynamoDB stream Orders': 'account-concurrency 1000',
    // No MaximumConcurrency: AWS's 1,000 batches per SQS mapping, no tighter than the pool.
    'SQS Inbox': 'account-concurrency 1000',
  });
  const eps = Object.fromEntries(r.model.entryPoints.map((e) => [e.label, e.pollers]));
  assert.match(String((eps['Kinesis sls/serverless.yml#Clicks']?.concurrency as { reason?: string }).reason), /on-demand/);
  assert.match(String((eps['DynamoDB stream Orders']?.concurrency as { reason?: string }).reason), /DynamoDB manages/);
  // A queue anyone can write to is an outside caller; capped at 5 its consumer stays within budget.
  const dow = r.findings.filter((f) => f.ruleId === 'cost/no-denial-of-wallet').map((f) => f.message.split(' lets ')[0]);
  assert.deepEqual(dow, ['SQS Inbox']);
  // A stream is written by its owner's identities: no outside caller, no finding.
  assert.ok(!cost.ceilings.some((c) => c.label.startsWith('Kinesis') && c.attackerDriven));
});
