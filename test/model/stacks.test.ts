/**
 * Every stack is its own name space (issue 12): references resolve by identity inside their stack,
 * default physical names are stack-qualified, and stacks meet only through real cross-stack links
 * (exports, SSM parameters, explicit names), which the model records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { checkStackProperty } from './stack-property.js';

const DIR = join(import.meta.dirname, 'stacks');
const at = (...p: string[]) => join(DIR, ...p);

test('two SAM stacks with the same logical ids keep their own functions, roles, routes and findings', async () => {
  const r = await analyze({ root: at('same-logical-ids') });
  const fns = r.model.functions.map((f) => [f.id, f.name, f.roleId]);
  assert.deepEqual(fns, [
    ['jobs/template.yaml#MainFunction', 'jobs-MainFunction', 'jobs/template.yaml#MainFunctionRole'],
    ['web/template.yaml#MainFunction', 'web-MainFunction', 'web/template.yaml#MainFunctionRole'],
  ]);
  const routes = r.model.entryPoints.filter((e) => e.method).map((e) => `${e.method} ${e.path} → ${e.targets.join(',')}`);
  assert.deepEqual(routes.sort(), ['GET /status → web/template.yaml#MainFunction', 'POST /run → jobs/template.yaml#MainFunction']);
  assert.ok(!r.findings.some((f) => f.ruleId === 'iam/no-shared-role'), 'no role is shared');
  const injection = r.findings.filter((f) => f.ruleId === 'code/no-command-injection');
  assert.deepEqual(injection.map((f) => `${f.location.file}:${f.location.line}`), ['jobs/template.yaml:13']);
  assert.ok(!r.diagnostics.some((d) => d.code === 'physical-name-collision'), 'default names do not collide');
  const property = await checkStackProperty(at('same-logical-ids'));
  assert.deepEqual(property.differences, []);
});

test('two Serverless services with the same service name stay apart, and the collision is reported', async () => {
  const r = await analyze({ root: at('same-service') });
  assert.deepEqual(
    r.model.functions.map((f) => [f.id, f.roleId]),
    [
      ['orders-api/serverless.yml#handle', 'orders-api/serverless.yml#IamRoleLambdaExecution'],
      ['orders-worker/serverless.yml#handle', 'orders-worker/serverless.yml#IamRoleLambdaExecution'],
    ],
  );
  const byKind = Object.fromEntries(r.model.entryPoints.map((e) => [e.kind, e.targets]));
  assert.deepEqual(byKind['http-api-route'], ['orders-api/serverless.yml#handle']);
  assert.deepEqual(byKind['sqs-queue'], ['orders-worker/serverless.yml#handle']);
  // The worker's s3:* is the worker's, not the API function's.
  assert.ok(r.findings.filter((f) => f.ruleId === 'iam/no-wildcard-write').every((f) => f.functions.join() === 'orders-worker/serverless.yml#handle'));
  const collisions = r.diagnostics.filter((d) => d.code === 'physical-name-collision');
  assert.equal(collisions.length, 1);
  assert.match(collisions[0]!.message, /orders-api\/serverless\.yml and orders-worker\/serverless\.yml declare the same physical names \(function orders-dev-handle/);
  const property = await checkStackProperty(at('same-service'));
  assert.deepEqual(property.differences, []);
});

for (const format of ['cfn', 'sam']) {
  test(`${format}: a role whose name has no value is still the function's role (by logical id)`, async () => {
    const r = await analyze({ root: at('role-by-identity', format) });
    const fn = r.model.functions[0]!;
    const roleId = format === 'cfn' ? 'WorkerRole' : 'AppRole';
    assert.equal(fn.roleId, roleId);
    assert.ok(r.model.roles.some((x) => x.id === roleId && x.defined));
    assert.ok(r.findings.some((f) => f.ruleId === 'iam/no-admin-access' && f.functions.includes(fn.id)), 'admin access of the function is reported');
    assert.ok(!r.findings.some((f) => f.ruleId === 'iam/no-overprivileged-role' && f.resource === roleId), 'the role is not an unattached role');
    if (format === 'cfn') {
      const role = r.model.roles.find((x) => x.id === roleId)!;
      assert.ok(role.policies.some((p) => p.name === 'extra'), 'the policy attached with !Ref is on the role');
      assert.ok(fn.url, 'the URL targets the function');
      assert.ok(r.model.entryPoints.some((e) => e.kind === 'function-url' && e.principal.kind === 'public'));
    } else {
      assert.ok(r.model.entryPoints.some((e) => e.kind === 'http-api-route' && e.targets.includes(fn.id)));
    }
  });
}

test('entry points reach functions whose names are known only at deploy time (SSM, ImportValue)', async () => {
  const r = await analyze({ root: at('unresolved-names/sam') });
  const kinds = (fn: string) => r.model.entryPoints.filter((e) => e.targets.includes(fn)).map((e) => `${e.kind}:${e.principal.kind}`).sort();
  assert.deepEqual(kinds('FromSsm'), ['function-url:public', 'rest-api-method:public']);
  assert.deepEqual(kinds('FromImport'), ['function-url:public', 'lambda-permission:public']);
});

test('Terraform: a URL and a permission reach a function whose name is a variable without a value', async () => {
  const r = await analyze({ root: at('unresolved-names/tf') });
  const fn = r.model.functions[0]!;
  assert.equal(fn.id, 'aws_lambda_function.api');
  assert.ok(fn.url);
  const kinds = r.model.entryPoints.filter((e) => e.targets.includes(fn.id)).map((e) => `${e.kind}:${e.principal.kind}`).sort();
  assert.deepEqual(kinds, ['function-url:public', 'lambda-permission:public']);
});

test('an export, an SSM parameter and an explicit name link two stacks, and the model says so', async () => {
  const r = await analyze({ root: at('imports') });
  const target = (kind: string) => r.model.entryPoints.find((e) => e.kind === kind)?.targets;
  assert.deepEqual(target('sns-subscription'), ['Handler']);
  assert.deepEqual(target('schedule'), ['Handler']);
  assert.deepEqual(target('lambda-permission'), ['Reporter']);
  assert.deepEqual(
    (r.model.crossStackLinks ?? []).map((l) => `${l.kind} ${l.from} → ${l.to} ${l.name}`),
    ['import-value consumer/template.yaml → producer/template.yaml shop-handler-arn', 'physical-name consumer/template.yaml → producer/template.yaml order-reporter', 'ssm-parameter consumer/template.yaml → producer/template.yaml /shop/handler-arn'].sort(),
  );
  assert.equal(r.diagnostics.filter((d) => d.code === 'cross-stack-link').length, 3);
  // Alone, the consumer cannot know what it imports: nothing is linked, nothing is invented.
  const alone = await analyze({ root: at('imports/consumer/template.yaml') });
  assert.deepEqual(alone.model.entryPoints.map((e) => e.targets), []);
  assert.equal(alone.model.crossStackLinks, undefined);
});

test('an explicit name two stacks declare is a collision: a third stack naming it links to neither', async () => {
  const r = await analyze({ root: at('collision') });
  assert.deepEqual(r.model.functions.map((f) => f.id), ['one/template.yaml#Fn', 'two/template.yaml#Fn']);
  assert.deepEqual(r.model.entryPoints, []);
  const d = r.diagnostics.filter((x) => x.code === 'physical-name-collision');
  assert.equal(d.length, 1);
  assert.match(d[0]!.message, /one\/template\.yaml and two\/template\.yaml declare the same physical names \(function shared-name\)/);
  assert.equal(r.model.crossStackLinks, undefined);
});
