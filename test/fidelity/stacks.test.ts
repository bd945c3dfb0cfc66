/**
 * The stack property on real repositories (issue 12): for every folder of ../shared/corpus,
 * scanning the folder gives the same functions, entry points, permissions and findings as
 * scanning each of its stacks alone, except for stacks a real cross-stack link connects (an
 * export, an SSM parameter or an explicit name another stack declares).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS } from '../../scripts/corpus.js';
import { checkStackProperty } from '../model/stack-property.js';

const present = existsSync(CORPUS);
const folders = present ? readdirSync(CORPUS).filter((n) => statSync(join(CORPUS, n)).isDirectory()).sort() : [];

for (const folder of folders) {
  test(`corpus ${folder}: scanning the folder is scanning each stack alone`, async () => {
    const r = await checkStackProperty(join(CORPUS, folder));
    console.log(`stack property ${folder}: ${r.stacks} stacks, ${r.compared} compared, ${r.excluded.length} joined by cross-stack links, ${r.differences.length} differences`);
    assert.ok(r.compared > 0);
    assert.deepEqual(r.differences.slice(0, 20).map((d) => d.replaceAll(CORPUS, '')), []);
  });
}

test('the corpus is present', { skip: !present && 'corpus not present' }, () => {
  assert.ok(folders.length >= 6);
});
