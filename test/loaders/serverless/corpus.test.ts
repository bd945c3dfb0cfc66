/**
 * Robustness on the real corpus: every serverless-framework file loads without throwing, invalid
 * YAML is reported with file and line, and regression figures are printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadServerless } from '../../../src/loaders/serverless/load.js';
import { ScanRoot } from '../../../src/loaders/files.js';
import { DEFAULT_PARSE_LIMITS } from '../../../src/loaders/cloudformation/parse.js';
import type { Diagnostic, JsonObject } from '../../../src/model/types.js';

const SOURCES = join(import.meta.dirname, '../../../../shared/corpus/serverless-framework');
const files = existsSync(SOURCES) ? readdirSync(SOURCES).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

function load(file: string, diagnostics: Diagnostic[]) {
  return loadServerless(
    { file, abs: join(SOURCES, file), kind: 'serverless', named: true },
    { params: {}, allowEnv: false, root: SOURCES, files: new ScanRoot(SOURCES), parse: DEFAULT_PARSE_LIMITS },
    diagnostics,
  );
}

test('every corpus serverless file loads without throwing', { skip: files.length === 0 ? 'corpus not present' : false }, () => {
  let loaded = 0;
  let functions = 0;
  let triggers = 0;
  let statements = 0;
  let unsupported = 0;
  let failed = 0;
  const codes = new Map<string, number>();
  for (const file of files) {
    const diagnostics: Diagnostic[] = [];
    const t = load(file, diagnostics);
    assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), `${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
    for (const d of diagnostics) {
      codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
      assert.ok(d.location === undefined || (d.location.line >= 1 && d.location.column >= 1), `${file}: bad location on ${d.message}`);
    }
    if (!t) {
      if (diagnostics.some((d) => d.code === 'provider-not-supported' || d.code === 'definition-not-read')) unsupported++;
      else failed++;
      continue;
    }
    loaded++;
    assert.equal(t.format, 'serverless');
    for (const r of Object.values(t.body['Resources'] as JsonObject)) {
      const type = (r as JsonObject)['Type'];
      if (type === 'AWS::Lambda::Function') functions++;
      if (type === 'AWS::Lambda::Permission' || type === 'AWS::Lambda::EventSourceMapping' || type === 'AWS::SNS::Subscription') triggers++;
      if (type === 'AWS::IAM::Role') {
        for (const p of ((r as JsonObject)['Properties'] as JsonObject)['Policies'] as JsonObject[] ?? []) {
          const st = (p['PolicyDocument'] as JsonObject)['Statement'];
          statements += Array.isArray(st) ? st.length : 1;
        }
      }
    }
  }
  console.log(
    `serverless corpus: ${files.length} files, ${loaded} loaded, ${unsupported} non-AWS skipped, ${failed} not loaded (invalid); ` +
      `${functions} functions, ${triggers} permissions/mappings/subscriptions, ${statements} IAM statements`,
  );
  console.log(`  diagnostics by code: ${[...codes].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  assert.ok(loaded >= 120, `only ${loaded} files loaded`);
});

test('invalid YAML gives a diagnostic naming the file and line', { skip: files.length === 0 ? 'corpus not present' : false }, () => {
  const file = 'sls-v3-fixture--cli--config-syntax-error.yml';
  const diagnostics: Diagnostic[] = [];
  const t = load(file, diagnostics);
  assert.equal(t, null);
  const syntax = diagnostics.find((d) => d.code === 'yaml-syntax');
  assert.ok(syntax, JSON.stringify(diagnostics));
  assert.equal(syntax.location?.file, file);
  assert.ok((syntax.location?.line ?? 0) > 1);
  assert.match(syntax.message, new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+`));
});
