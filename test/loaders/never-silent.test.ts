/**
 * Never silent (issue 12): every function whose code is not analysed gets one diagnostic saying why,
 * and every file that looks like a serverless definition nightlight does not read gets one too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';

const DIR = join(import.meta.dirname, 'fixtures', 'never-silent');

/** The diagnostics about one function (by id in the message), warnings and errors only. */
async function about(folder: string): Promise<{ code: string; message: string }[]> {
  const r = await analyze({ root: join(DIR, folder) });
  return r.diagnostics.filter((d) => d.level !== 'info').map((d) => ({ code: d.code, message: d.message }));
}

for (const [folder, what] of [
  ['zappa', 'Zappa settings file in TOML'],
  ['chalice', 'AWS Chalice configuration'],
  ['arc', 'Architect (app.arc) manifest'],
  ['bicep', 'Bicep file (Azure)'],
  ['sls-tencent', "Serverless Framework service for provider 'tencent'"],
] as const) {
  test(`${folder}: a ${what} is reported as not read`, async () => {
    const d = await about(folder);
    assert.equal(d.filter((x) => x.code === 'definition-not-read').length, 1, JSON.stringify(d));
    assert.match(d.find((x) => x.code === 'definition-not-read')!.message, new RegExp(`looks like an? ${what.replace(/[()]/g, '\\$&')}, which nightlight does not read yet`));
  });
}

test('serverless.ts without its compiled template says how to get one', async () => {
  const d = await about('sls-ts');
  assert.equal(d.filter((x) => x.code === 'sls-code-config').length, 1, JSON.stringify(d));
});

test('a Ruby function is read (every managed runtime language is): no diagnostic', async () => {
  const d = await about('ruby');
  assert.deepEqual(d.filter((x) => x.message.startsWith('RubyFunction:')), []);
});

test('an image function says its code is an image', async () => {
  const d = await about('image');
  const mine = d.filter((x) => x.message.startsWith('ImageFunction:'));
  assert.equal(mine.length, 1, JSON.stringify(d));
  assert.match(mine[0]!.message, /container image/);
});

test('code in S3 is unresolved, said once per function (never searched for in the template folder)', async () => {
  const d = await about('s3code');
  const param = d.filter((x) => x.message.startsWith('FromParameter:'));
  const literal = d.filter((x) => x.message.startsWith('FromLiteral:'));
  assert.deepEqual(param.map((x) => x.code), ['handler-unresolved']);
  assert.match(param[0]!.message, /code is in S3/);
  assert.deepEqual(literal.map((x) => x.code), ['handler-packaged']);
  assert.match(literal[0]!.message, /s3:\/\/my-artifacts\/app\.zip/);
});

test('a handler that is not found names the paths tried', async () => {
  const d = await about('notfound');
  const mine = d.filter((x) => x.message.startsWith('Missing:'));
  assert.deepEqual(mine.map((x) => x.code), ['handler-not-found']);
  assert.match(mine[0]!.message, /looked for services\/orders\/handlers\/orders\.\{js,mjs,cjs,ts\}/);
});

test('a prebuilt zip with its sources beside it: the sources are analysed', async () => {
  const r = await analyze({ root: join(DIR, 'zip-beside') });
  assert.ok(r.diagnostics.some((x) => x.code === 'handler-source-of-package' && x.message.includes('dist/fn')));
  assert.ok(r.findings.some((f) => f.ruleId === 'code/no-command-injection' && f.location.file === 'dist/fn/index.js'), r.findings.map((f) => f.ruleId).join(','));
});
