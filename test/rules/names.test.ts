/**
 * Findings name what the user wrote: a function by its id (a CloudFormation logical id, a
 * Serverless function key, a Terraform address), never by the logical id a loader synthesised for
 * it (`ModuleApiAwsLambdaFunctionFn`, `OrdersLambdaFunction`). Checked over every rule's messages
 * on apps in the formats where the two differ.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/api.js';
import { toJsonReport } from '../../src/reporters/json.js';

const here = dirname(fileURLToPath(import.meta.url));
const APPS = {
  'Terraform with a module': join(here, '..', 'loaders', 'terraform', 'fixtures', 'json-twin', 'hcl'),
  'Terraform JSON (cdktf)': join(here, '..', 'loaders', 'terraform', 'fixtures', 'cdktf'),
  'Serverless Framework': join(here, '..', 'model', 'equivalence', 'serverless'),
};

for (const [format, root] of Object.entries(APPS)) {
  test(`${format}: messages name functions and roles as written, not by synthesised logical ids`, async () => {
    const r = await analyze({ root, engine: { profile: 'all' } });
    const synthesised = new Map<string, string>();
    for (const fn of r.model.functions) if (fn.logicalId !== fn.id) synthesised.set(fn.logicalId, fn.id);
    for (const role of r.model.roles) if (role.logicalId && role.logicalId !== role.id) synthesised.set(role.logicalId, role.id);
    assert.ok(synthesised.size > 0, 'the app has ids that differ from their logical ids');
    const named = new Set<string>();
    for (const f of r.findings) {
      for (const [logical, id] of synthesised) {
        assert.ok(!new RegExp(`\\b${logical}\\b`).test(f.message), `${f.ruleId} names ${id} as ${logical}: ${f.message}`);
        if (f.message.includes(id)) named.add(f.ruleId);
      }
    }
    assert.ok([...named].some((id) => id.startsWith('posture/')), `a posture rule names a function by its id (named: ${[...named].join(', ')})`);
    for (const fn of toJsonReport(r).functions as { id: string; role: string | null }[]) {
      const model = r.model.functions.find((x) => x.id === fn.id)!;
      assert.equal(fn.role, model.roleId, `${fn.id}: the JSON report gives the role's id`);
    }
  });
}
