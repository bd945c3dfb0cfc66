/**
 * The Google Cloud and Azure Terraform corpus (test/fidelity/clouds-corpus/, written for nightlight, see its
 * README): every folder scans without a crash, finds a function per function resource, and gives
 * the same report twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { renderJson } from '../../src/reporters/json.js';

const root = new URL('./clouds-corpus/', import.meta.url).pathname;
const FUNCTION_TYPES = /resource "(google_cloudfunctions2?_function|google_cloud_run_v2_service|azurerm_function_app_function)" "/g;
const AZURE_APPS = /resource "(azurerm_(?:linux|windows)_function_app|azurerm_function_app_flex_consumption)" "([^"]+)"/g;

/**
 * Function resources, plus Azure function apps none of whose functions Terraform declares: each
 * function.json of the corpus app's code folder is a function, else the app is one.
 */
function count(dir: string): number {
  let text = '';
  let functionJson = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.tf')) text += readFileSync(p, 'utf8');
      else if (e === 'function.json') functionJson++;
    }
  };
  walk(dir);
  const apps = [...text.matchAll(AZURE_APPS)].filter((m) => !new RegExp(`\\b${m[1]}\\.${m[2]}\\.id\\b`).test(text));
  return (text.match(FUNCTION_TYPES)?.length ?? 0) + (apps.length > 0 && functionJson > 0 ? functionJson : apps.length);
}

for (const cloud of readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory())) {
  for (const app of readdirSync(join(root, cloud)).sort()) {
    test(`${cloud}/${app} scans without a crash`, async () => {
      const dir = join(root, cloud, app);
      const r = await analyze({ root: dir });
      assert.deepEqual(r.diagnostics.filter((d) => d.code === 'internal-error' || d.code === 'rule-error'), []);
      assert.equal(r.model.functions.length, count(dir), 'a function per function resource');
      assert.ok(r.model.functions.every((f) => f.cloud === cloud));
      const again = await analyze({ root: dir });
      assert.equal(renderJson(again), renderJson(r), 'deterministic');
    });
  }
}
