import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, JsonObject } from '../../../src/model/types.js';
import { discoverCdkOut, loadCdkOut, loadCdkTemplate } from '../../../src/loaders/cdk/load.js';
import { ScanRoot } from '../../../src/loaders/files.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');

describe('cdk: cloud assembly', () => {
  const root = join(fixtures, 'app');

  it('finds cdk.out folders', () => {
    assert.deepEqual(discoverCdkOut(new ScanRoot(root)), ['cdk.out']);
    assert.deepEqual(discoverCdkOut(new ScanRoot(fixtures)), ['app/cdk.out']);
  });

  it('loads the stack templates as format cdk, keeping construct paths and asset folders', () => {
    const diagnostics: Diagnostic[] = [];
    const [t, ...rest] = loadCdkOut(new ScanRoot(root), 'cdk.out', {}, diagnostics);
    assert.equal(rest.length, 0);
    assert.deepEqual(diagnostics, []);
    assert.ok(t);
    assert.equal(t.format, 'cdk');
    assert.equal(t.file, 'cdk.out/OrdersStack.template.json');
    const res = t.body['Resources'] as Record<string, JsonObject>;
    const fn = res['OrdersFn6A1C5C1B']!;
    const meta = fn['Metadata'] as JsonObject;
    assert.equal(meta['aws:cdk:path'], 'OrdersStack/OrdersFn/Resource');
    assert.equal(meta['nightlight:code-path'], 'cdk.out/asset.4e1c9b7d2f0a');
    assert.equal((res['OrdersFnFunctionUrl3F2B7C86']!['Properties'] as JsonObject)['AuthType'], 'NONE');
    const loc = t.locate(['Resources', 'OrdersFnFunctionUrl3F2B7C86', 'Properties', 'AuthType']);
    assert.equal(loc.file, 'cdk.out/OrdersStack.template.json');
    assert.ok(loc.line > 1);
  });

  it('reports a template that is not JSON', () => {
    const diagnostics: Diagnostic[] = [];
    const t = loadCdkTemplate(new ScanRoot(fixtures), 'app/cdk.json', {}, diagnostics);
    assert.equal(t, null);
    assert.ok(diagnostics.some((d) => d.code === 'not-a-template'));
  });
});

const CORPUS = join(here, '..', '..', '..', '..', 'shared', 'corpus', 'cdk');

describe('cdk: corpus robustness', { skip: !existsSync(CORPUS) }, () => {
  it('loads every synthesized template without a crash', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
    const diagnostics: Diagnostic[] = [];
    let loaded = 0;
    let functions = 0;
    let permissions = 0;
    let withPath = 0;
    for (const f of files) {
      const t = loadCdkTemplate(new ScanRoot(CORPUS), f, {}, diagnostics);
      if (!t) continue;
      loaded++;
      for (const r of Object.values(t.body['Resources'] as Record<string, JsonObject>)) {
        if (r['Type'] === 'AWS::Lambda::Function') functions++;
        if (r['Type'] === 'AWS::Lambda::Permission') permissions++;
        if (typeof (r['Metadata'] as JsonObject | undefined)?.['aws:cdk:path'] === 'string') withPath++;
      }
    }
    console.log(`cdk corpus: ${files.length} files, ${loaded} loaded, ${functions} Lambda functions, ${permissions} permissions, ${withPath} resources with a construct path, ${diagnostics.length} diagnostics`);
    assert.equal(loaded, files.length);
  });
});
