/**
 * Shared by the tests that compare the YAML loader's paths (one-pass reader, CST, composed
 * Document): the YAML files of a folder, and the assertion that two parses are the same.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedDocument } from '../../src/loaders/cloudformation/parse.js';

/** Every .yaml/.yml file under dir, in a stable order. */
export function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/i.test(name)) out.push(p);
  }
  return out;
}

/**
 * The same value (as JSON text: the key order reaches the reports), the same location for every
 * path, the same float marks and the same diagnostics.
 */
export function assertSameParse(actual: ParsedDocument, expected: ParsedDocument, file: string): void {
  const table = (doc: ParsedDocument) => [...doc.locations.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  assert.equal(JSON.stringify(actual.value), JSON.stringify(expected.value), `${file}: value`);
  assert.deepEqual(table(actual), table(expected), `${file}: locations`);
  assert.deepEqual(actual.locations.toData().floats.sort(), expected.locations.toData().floats.sort(), `${file}: float marks`);
  assert.deepEqual(actual.diagnostics, expected.diagnostics, `${file}: diagnostics`);
}

/** YAML that neither the one-pass reader nor the CST path reads (each leaves it to the next path). */
export const YAML_BOTH_DECLINE: readonly [string, string][] = [
  ['anchor and alias', 'A: &x 1\nB: *x\n'],
  ['merge key', 'A: &x {a: 1}\nB:\n  <<: *x\n  b: 2\n'],
  ['duplicate key', 'A: 1\nA: 2\n'],
  ['duplicate by value', 'A:\n  1: a\n  0x1: b\n'],
  ['unknown tag', 'A: !Foo bar\n'],
  ['core tag', 'A: !!str 1\n'],
  ['two documents', 'A: 1\n---\nB: 2\n'],
  ['directive', '%YAML 1.2\n---\nA: 1\n'],
  ['explicit key', '? A\n: 1\n'],
  ['flow pair in a sequence', 'A: [a: 1]\n'],
  ['empty item', 'A:\n  -\n  - b\n'],
  ['trailing comma', 'A: [a, b,]\n'],
  ['syntax error', 'A: [a, b\nB: 1\n'],
  ['tab indentation', 'A:\n\t- b\n'],
  ['comment without space', 'A: [a,#c\n  b]\n'],
  ['tag without newline before a block sequence', 'A: !If - a\n'],
  ['bad escape', 'A: "\\q"\n'],
];
