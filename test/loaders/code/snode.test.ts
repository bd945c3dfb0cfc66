/**
 * The flat syntax tree (src/loaders/code/snode.ts), read in one cursor walk, is the tree
 * web-tree-sitter's Node API gives, node for node: type, span, named-ness, missing and error
 * flags, children, named children and every field's first child and children. Checked on every
 * handler fixture of the five tree-sitter languages, whole and with syntax errors made in it
 * (cut in half, brackets inserted, separators removed), so that error and missing nodes are met.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node as RawNode } from 'web-tree-sitter';
import { cursorBinding, loadGrammar, type GrammarLanguage } from '../../../src/loaders/code/grammars.js';
import { readTree, type SNode } from '../../../src/loaders/code/snode.js';

const EXT: Record<string, GrammarLanguage> = { '.py': 'python', '.java': 'java', '.go': 'go', '.cs': 'csharp', '.rb': 'ruby' };
const fixtures = fileURLToPath(new URL('../../analyses/code/fixtures', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : Object.keys(EXT).some((x) => e.endsWith(x)) ? [p] : [];
  });
}

/**
 * Compares `flat` with `raw` and their subtrees; returns the number of nodes compared and whether
 * the subtree holds an ERROR or missing node. `hasError` is that (web-tree-sitter's also counts a
 * missing token the tree does not show, where no error could be reported).
 */
function compare(flat: SNode, raw: RawNode, fields: string[], where: string): [number, boolean] {
  const at = `${where} @${raw.startIndex} ${raw.type}`;
  assert.equal(flat.type, raw.type, at);
  assert.equal(flat.startIndex, raw.startIndex, at);
  assert.equal(flat.endIndex, raw.endIndex, at);
  assert.equal(flat.isNamed, raw.isNamed, at);
  assert.equal(flat.isMissing, raw.isMissing, at);
  assert.deepEqual(flat.namedChildren.map((c) => c.startIndex), raw.namedChildren.map((c) => c!.startIndex), at);
  // the fields either side names at this node (the rest are none on both)
  const named = new Set(fields.filter((f) => flat.childrenForFieldName(f).length > 0));
  for (let i = 0; i < raw.childCount; i++) {
    const f = raw.fieldNameForChild(i);
    if (f) named.add(f);
  }
  for (const f of named) {
    assert.equal(flat.childForFieldName(f)?.startIndex ?? null, raw.childForFieldName(f)?.startIndex ?? null, `${at} field ${f}`);
    assert.deepEqual(flat.childrenForFieldName(f).map((c) => c.endIndex), raw.childrenForFieldName(f).map((c) => c!.endIndex), `${at} fields ${f}`);
  }
  const kids = raw.children;
  assert.equal(flat.children.length, kids.length, at);
  let n = 1;
  let holds = raw.isError || raw.isMissing;
  flat.children.forEach((c, i) => {
    const [m, h] = compare(c, kids[i]!, fields, where);
    n += m;
    holds ||= h;
  });
  assert.equal(flat.hasError, holds, `${at} hasError`);
  if (holds) assert.ok(raw.hasError, `${at} hasError in web-tree-sitter`);
  return [n, holds];
}

test('the flat tree is web-tree-sitter\'s tree, node for node, on every fixture of the five languages', async () => {
  assert.ok(cursorBinding() === null, 'no grammar loaded yet');
  const all = files(fixtures);
  assert.ok(all.length > 100, `fixtures found: ${all.length}`);
  let nodes = 0;
  let withErrors = 0;
  for (const file of all) {
    const language = EXT[Object.keys(EXT).find((x) => file.endsWith(x))!]!;
    const parser = await loadGrammar(language);
    const text = readFileSync(file, 'utf8');
    const third = Math.floor(text.length / 3);
    for (const variant of [text, text.slice(0, text.length >> 1), `${text.slice(0, third)} )) } ] ( { ${text.slice(third)}`, text.replace(/[;:]/g, '')]) {
      const tree = parser.parse(variant)!;
      const fields = tree.language.fields.filter((f): f is string => f !== null);
      try {
        // read first: comparing marshals nodes through the buffer the walk uses
        const flat = readTree(cursorBinding()!, tree, variant);
        // and through the public TreeCursor, the way when the runtime's functions cannot be reached
        const slow = readTree(null, tree, variant);
        if (flat.root.hasError) withErrors++;
        nodes += compare(flat.root, tree.rootNode, fields, file)[0];
        assert.equal(slow.count, flat.count, file);
        for (const k of ['typeId', 'field', 'start', 'end', 'flags', 'parent', 'firstChild', 'nextSibling'] as const) assert.deepEqual(slow[k].subarray(0, slow.count), flat[k].subarray(0, flat.count), `${file} ${k}`);
      } finally {
        tree.delete();
      }
    }
  }
  assert.ok(cursorBinding() !== null, 'the runtime\'s cursor functions are reached');
  assert.ok(withErrors > 100, `variants with syntax errors: ${withErrors}`);
  assert.ok(nodes > 50_000, `nodes compared: ${nodes}`);
});
