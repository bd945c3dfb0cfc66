/**
 * `${file()}` fragments are parts of their service (issue 12): not stacks of their own, a `role:`
 * naming a fragment's resource is that resource, findings point into the fragment, and
 * provider.region (or --region) is the region of the ARNs the scan synthesises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../../src/api.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'fragments');

test('fragments pulled in with ${file()} are parts of the service, not templates of their own', async () => {
  const r = await analyze({ root: ROOT });
  assert.deepEqual(r.model.inputs.map((i) => `${i.file} ${i.format}`), ['serverless.yml serverless']);
  assert.ok(!r.diagnostics.some((d) => d.code === 'missing-ref'), r.diagnostics.map((d) => d.message).join('\n'));
  assert.deepEqual(r.model.roles.filter((x) => x.defined).map((x) => x.id), ['RenderRole']);
});

test('role: naming a resource of a fragment is that role, by logical id', async () => {
  const r = await analyze({ root: ROOT });
  const fn = r.model.functions[0]!;
  assert.equal(fn.roleId, 'RenderRole');
  assert.ok(!r.diagnostics.some((d) => d.code === 'sls-role-by-name'));
  assert.ok(r.findings.some((f) => f.ruleId === 'iam/no-wildcard-write' && f.functions.includes(fn.id) && f.location.file === 'resources/roles.yml'));
});

test('functions and routes written in a fragment are located there', async () => {
  const r = await analyze({ root: ROOT });
  assert.deepEqual([r.model.functions[0]!.location.file, r.model.functions[0]!.location.line], ['functions.yml', 1]);
  const route = r.model.entryPoints.find((e) => e.kind === 'http-api-route')!;
  assert.equal(route.location.file, 'functions.yml');
  const unauth = r.findings.find((f) => f.ruleId === 'surface/no-unauthenticated-api-route')!;
  assert.equal(`${unauth.location.file}:${unauth.location.line}`, 'functions.yml:5');
});

test('provider.region is the region of synthesised ARNs, and --region overrides it', async () => {
  const r = await analyze({ root: ROOT });
  assert.match(String(r.model.functions[0]!.arn), /^arn:aws:lambda:eu-west-1:/);
  // The policy scoped with ${self:provider.region} covers the table the code reads: no missing grant.
  assert.ok(!r.findings.some((f) => f.ruleId === 'iam/require-granted-permission'), r.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  // --region deploys elsewhere; `${self:provider.region}` still reads the configured value (as the
  // framework does), so the policy no longer covers the table: that finding is right.
  const other = await analyze({ root: ROOT, region: 'ap-southeast-2' });
  assert.match(String(other.model.functions[0]!.arn), /^arn:aws:lambda:ap-southeast-2:/);
  assert.ok(other.findings.some((f) => f.ruleId === 'iam/require-granted-permission' && f.message.includes('ap-southeast-2')));
});
