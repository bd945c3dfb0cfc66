/**
 * Handler resolution: each case writes a small code tree to a temp directory, resolves the
 * handler through loadHandler and checks the entry, the export and what analysis finds there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeHandler } from '../../../src/analyses/code/index.js';
import { loadHandler, loadInlineHandler } from '../../../src/loaders/code/index.js';
import type { Diagnostic } from '../../../src/model/types.js';
import { unresolved } from '../../../src/model/types.js';
import { fnNode } from '../../analyses/code/helpers.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nl-code-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const EXEC = `cp.exec(event.body)`;
const cases: { name: string; files: Record<string, string>; handler: string; codeUri: string | null; runtime: string; entry: string }[] = [
  { name: 'CommonJS exports.handler', files: { 'fn/index.js': `const cp = require('child_process');\nexports.handler = async (event) => ${EXEC};` }, handler: 'index.handler', codeUri: 'fn', runtime: 'nodejs20.x', entry: 'fn/index.js' },
  { name: 'module.exports = { handler }', files: { 'app.cjs': `const cp = require('child_process');\nasync function handler(event) { ${EXEC}; }\nmodule.exports = { handler };` }, handler: 'app.handler', codeUri: '.', runtime: 'nodejs18.x', entry: 'app.cjs' },
  { name: 'module.exports.handler', files: { 'src/h.js': `const cp = require('child_process');\nmodule.exports.main = function (event) { ${EXEC}; };` }, handler: 'src/h.main', codeUri: null, runtime: 'nodejs20.x', entry: 'src/h.js' },
  { name: 'ESM export async function', files: { 'a.mjs': `import cp from 'node:child_process';\nexport async function handler(event) { ${EXEC}; }` }, handler: 'a.handler', codeUri: '', runtime: 'nodejs20.x', entry: 'a.mjs' },
  { name: 'ESM export { x as handler } with helper module', files: { 'lib/run.ts': `import * as cp from 'child_process';\nexport function run(cmd: string) { cp.exec(cmd); }`, 'main.ts': `import { run } from './lib/run.js';\nconst impl = async (event: { body: string }) => run(event.body);\nexport { impl as handler };` }, handler: 'main.handler', codeUri: '.', runtime: 'nodejs20.x', entry: 'main.ts' },
  { name: 'esbuild dist → src/*.ts', files: { 'svc/src/index.ts': `import { exec } from 'child_process';\nexport const handler = async (event: any) => exec(event.body);` }, handler: 'dist/index.handler', codeUri: 'svc', runtime: 'nodejs20.x', entry: 'svc/src/index.ts' },
  { name: 'default-exported object', files: { 'h.mts': `import cp from 'child_process';\nexport default { handler: async (event: any) => ${EXEC} };` }, handler: 'h.handler', codeUri: '.', runtime: 'nodejs20.x', entry: 'h.mts' },
  { name: 'Python package module', files: { 'py/app/handlers/api.py': `from ..util import run\n\ndef main(event, context):\n    run(event['body'])\n`, 'py/app/util.py': `import os\n\ndef run(cmd):\n    os.system(cmd)\n`, 'py/app/__init__.py': '', 'py/app/handlers/__init__.py': '' }, handler: 'app.handlers.api.main', codeUri: 'py', runtime: 'python3.12', entry: 'py/app/handlers/api.py' },
  { name: 'Python sibling import', files: { 'p/app.py': `import helpers\n\ndef lambda_handler(event, context):\n    helpers.go(event['body'])\n`, 'p/helpers.py': `import subprocess\n\ndef go(c):\n    subprocess.call(c, shell=True)\n` }, handler: 'app.lambda_handler', codeUri: 'p', runtime: 'python3.11', entry: 'p/app.py' },
];

for (const c of cases) {
  test(`handler resolution: ${c.name}`, async () => {
    const root = tree(c.files);
    try {
      const diagnostics: Diagnostic[] = [];
      const src = await loadHandler(root, fnNode('Fn', c.handler, c.codeUri, c.runtime), diagnostics);
      assert.deepEqual(diagnostics, []);
      assert.ok(src);
      assert.equal(src.entry, c.entry);
      const r = analyzeHandler(src, { entryKinds: ['rest-api-method'] });
      assert.ok(r.resolved, 'export found');
      assert.equal(r.taint.length, 1, JSON.stringify(r.taint));
      assert.equal(r.taint[0]!.category, 'command-injection');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('missing handler file → diagnostic at the function definition', async () => {
  const root = tree({ 'x/other.js': 'exports.handler = () => 1;' });
  try {
    const diagnostics: Diagnostic[] = [];
    const src = await loadHandler(root, fnNode('Fn', 'index.handler', 'x', 'nodejs20.x'), diagnostics);
    assert.equal(src, null);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.code, 'handler-not-found');
    assert.deepEqual(diagnostics[0]!.location, { file: 'template.yaml', line: 10, column: 3 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('missing export → diagnostic; unresolved handler → diagnostic; Java class not found → diagnostic; a custom runtime with no Go main package → diagnostic (never silent)', async () => {
  const root = tree({ 'index.js': 'exports.other = () => 1;' });
  try {
    const d1: Diagnostic[] = [];
    assert.ok(await loadHandler(root, fnNode('Fn', 'index.handler', '.', 'nodejs20.x'), d1));
    assert.deepEqual(d1.map((d) => d.code), ['handler-export-not-found']);
    const d2: Diagnostic[] = [];
    assert.equal(await loadHandler(root, fnNode('Fn', 'index.handler', '.', 'nodejs20.x', { handler: { handler: unresolved('from a parameter'), codeUri: '.', inline: false } }), d2), null);
    assert.deepEqual(d2.map((d) => d.code), ['handler-unresolved']);
    const d3: Diagnostic[] = [];
    assert.equal(await loadHandler(root, fnNode('Fn', 'com.example.App::handle', '.', 'java21'), d3), null);
    assert.deepEqual(d3.map((d) => d.code), ['handler-not-found']);
    const d4: Diagnostic[] = [];
    assert.equal(await loadHandler(root, fnNode('Fn', 'bootstrap', '.', 'provided.al2023'), d4), null);
    assert.deepEqual(d4.map((d) => d.code), ['handler-not-found']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('imports and code locations never leave the scanned root', async () => {
  const outside = tree({ 'evil.js': `const cp = require('child_process');\nexports.run = (c) => cp.exec(c);` });
  const root = tree({ 'fn/index.js': `const { run } = require('../../${outside.split('/').pop()}/evil');\nexports.handler = async (event) => run(event.body);` });
  try {
    symlinkSync(outside, join(root, 'linked'));
    const d: Diagnostic[] = [];
    const src = await loadHandler(root, fnNode('Fn', 'index.handler', 'fn', 'nodejs20.x'), d);
    assert.ok(src);
    assert.deepEqual(Object.keys(src.modules), ['fn/index.js']);
    assert.equal(analyzeHandler(src, { entryKinds: ['http-api-route'] }).taint.length, 0);
    const d2: Diagnostic[] = [];
    assert.equal(await loadHandler(root, fnNode('Fn', 'evil.run', 'linked', 'nodejs20.x'), d2), null);
    assert.deepEqual(d2.map((x) => x.code), ['handler-not-found']);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('syntax errors become a warning and the rest of the file is analysed', async () => {
  const root = tree({ 'index.js': `const cp = require('child_process');\nexports.handler = async (event) => { cp.exec(event.body); };\nconst broken = ;\n` });
  try {
    const d: Diagnostic[] = [];
    const src = await loadHandler(root, fnNode('Fn', 'index.handler', '.', 'nodejs20.x'), d);
    assert.ok(src);
    assert.ok(d.some((x) => x.code === 'code-syntax' && x.location?.file === 'index.js'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('inline code: positions point into the template', async () => {
  const d: Diagnostic[] = [];
  const code = `import os\n\ndef handler(event, context):\n    os.system(event['body'])\n`;
  const src = await loadInlineHandler({ id: 'Inline' }, code, { file: 'template.yaml', line: 20, runtime: 'python3.12', handler: 'index.handler' }, d);
  assert.ok(src);
  const r = analyzeHandler(src, { entryKinds: ['function-url'] });
  assert.equal(r.taint.length, 1);
  assert.equal(r.taint[0]!.location.file, 'template.yaml');
  assert.equal(r.taint[0]!.location.line, 23);
});
