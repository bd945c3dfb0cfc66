/** The boundary lint: the layer table of docs/architecture.md checked on the real import graph. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { layerViolations, lineProblems, readLayerTable } from '../../scripts/lint-boundaries.mjs';

const root = new URL('../../', import.meta.url).pathname;
const TABLE = readLayerTable(readFileSync(join(root, 'docs/architecture.md'), 'utf8'));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nightlight-lint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('the layer table is read from docs/architecture.md', () => {
  const model = TABLE.find((r: { layer: string }) => r.layer === 'model');
  assert.deepEqual(model, { layer: 'model', path: 'src/model/', mayImport: ['data'] });
  assert.ok(TABLE.length >= 10);
});

test('a multi-line import that crosses a layer fails, type-only or not; an allowed one passes', async () => {
  const dir = tree({
    'src/loaders/thing.ts': 'export interface Thing { a: number }\nexport const THING = 1;\n',
    'src/model/planted.ts': "import type {\n  Thing,\n} from '../loaders/thing.js';\nexport const x: Thing | null = null;\n",
    'src/analyses/planted.ts': "import {\n  THING,\n} from '../loaders/thing.js';\nexport const y = THING;\n",
    'src/loaders/fine.ts': "import {\n  x,\n} from '../model/planted.js';\nexport const z = x;\n",
  });
  try {
    assert.deepEqual(await layerViolations(dir, TABLE), [
      'src/analyses/planted.ts → src/loaders/thing.ts: analyses may not import it (docs/architecture.md, Import rules)',
      'src/model/planted.ts → src/loaders/thing.ts: model may not import it (docs/architecture.md, Import rules)',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an import cycle fails, type-only imports included', async () => {
  const dir = tree({
    'src/loaders/a.ts': "import type { B } from './b.js';\nexport interface A { b: B | null }\n",
    'src/loaders/b.ts': "import type { A } from './a.js';\nexport interface B { a: A | null }\n",
  });
  try {
    assert.deepEqual(await layerViolations(dir, TABLE), ['src/loaders/a.ts → src/loaders/b.ts: an import cycle (src/loaders/b.ts → src/loaders/a.ts)']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a pure layer may not import I/O, also in a multi-line import, unless marked packaged data', () => {
  const dir = tree({
    'src/rules/a.ts': "import {\n  readFileSync,\n} from 'node:fs';\nexport const a = readFileSync;\n",
    'src/analyses/b.ts': "// lint-allow: packaged-data\nimport { readFileSync } from 'node:fs';\nexport const b = readFileSync;\n",
    'src/loaders/c.ts': "import { readFileSync } from 'node:fs';\nexport const c = readFileSync;\n",
  });
  try {
    assert.deepEqual(lineProblems(dir), ['src/rules/a.ts:1: rules is pure and may not import node:fs']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
