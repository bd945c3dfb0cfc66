/**
 * A scan loads only what the app needs, checked by instrumenting the loaders (never by timing):
 * every file opened through `fs` and every ES module resolved are recorded while an app is scanned.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, 'fixtures');

// Files opened, by any fs entry point the loaders use. Patched before the scanner is imported.
const opened: string[] = [];
for (const name of ['readFileSync', 'openSync'] as const) {
  const original = fs[name] as (...args: unknown[]) => unknown;
  (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    opened.push(String(args[0]));
    return original.apply(fs, args);
  };
}
const originalReadFile = fs.promises.readFile;
fs.promises.readFile = ((...args: Parameters<typeof originalReadFile>) => {
  opened.push(String(args[0]));
  return originalReadFile(...args);
}) as typeof originalReadFile;
syncBuiltinESMExports();

// ES modules resolved, reported by a resolve hook over a message port.
const resolved: string[] = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => resolved.push(url));
port1.unref();
const HOOK = `let port; export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { const r = await next(specifier, context); port.postMessage(r.url); return r; }`;
register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { port: port2 }, transferList: [port2] });

/** Waits until every resolution before this call has been reported. */
async function settle(): Promise<void> {
  const sentinel = `data:text/javascript,export default ${Math.random()}`;
  await import(sentinel);
  for (let i = 0; i < 200 && !resolved.includes(sentinel); i++) await new Promise((r) => setTimeout(r, 5));
}

type Api = typeof import('../../src/api.js');
let api: Api;
let dataReads: typeof import('../../src/data/store.js').dataReads;
let loadedGrammars: typeof import('../../src/loaders/code/grammars.js').loadedGrammars;

describe('a scan loads only what the app needs', () => {
  before(async () => {
    api = await import('../../src/api.js');
    ({ dataReads } = await import('../../src/data/store.js'));
    ({ loadedGrammars } = await import('../../src/loaders/code/grammars.js'));
  });

  it('an app without Python handlers does not load the Python grammar; one managed policy reads only that policy', async () => {
    const result = await api.analyze({ root: join(FIXTURES, 'js-app') });
    await settle();
    assert.equal(result.model.functions.length, 1);

    // Grammar: neither the tree-sitter runtime nor the Python grammar.
    assert.deepEqual(loadedGrammars(), []);
    assert.deepEqual(resolved.filter((u) => /tree-sitter/.test(u)), []);
    assert.deepEqual(opened.filter((f) => /tree-sitter/.test(f)), []);
    // The JS parser was loaded: the hook sees what it should.
    assert.ok(resolved.some((u) => /oxc-parser/.test(u)), 'the resolve hook saw oxc-parser');

    // Managed policies: the function's two (SAM's AWSLambdaBasicExecutionRole and the one it names),
    // each read alone; the package's 77 MB file never opened.
    const policyReads = dataReads().filter((r) => r.store === 'managed-policies');
    assert.deepEqual(policyReads.filter((r) => r.what !== 'entry'), [{ store: 'managed-policies', what: 'index' }]);
    assert.deepEqual(policyReads.filter((r) => r.what === 'entry').map((r) => r.key).sort(), ['AWSLambdaBasicExecutionRole', 'AmazonS3ReadOnlyAccess']);
    assert.deepEqual(opened.filter((f) => /managedPolicies\.json$/.test(f)), []);
    assert.equal(opened.filter((f) => /managed-policies\.bin$/.test(f)).length, 2, 'one positioned read per policy');
    // IAM action data: the services the policies name, never all of them.
    const actionReads = dataReads().filter((r) => r.store === 'iam-actions');
    assert.ok(!actionReads.some((r) => r.what === 'all' || r.what === 'compile'));
    assert.deepEqual(opened.filter((f) => /@cloud-copilot\/iam-data\/data\//.test(f)), []);
  });

  it('a Python handler loads the Python grammar (the instruments can tell)', async () => {
    const result = await api.analyze({ root: join(FIXTURES, 'py-app') });
    await settle();
    assert.equal(result.model.functions.length, 1);
    assert.deepEqual(loadedGrammars(), ['python']);
    assert.ok(resolved.some((u) => /web-tree-sitter/.test(u)));
    assert.ok(opened.some((f) => /tree-sitter-python\.wasm$/.test(f)), 'the grammar wasm was read');
  });
});
