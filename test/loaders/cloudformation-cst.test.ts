/**
 * The YAML fast path (src/loaders/cloudformation/cst.ts: JSON and locations straight from the CST)
 * against the composed-Document path on every YAML file of the corpus: the same value, the same
 * location for every path, the same diagnostics. Also checks that the fast path is actually taken
 * for ordinary templates and declines the constructs it leaves to the composer.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, Parser } from 'yaml';
import { DEFAULT_PARSE_LIMITS, LocationTable, parseYaml } from '../../src/loaders/cloudformation/parse.js';
import { YAML_BOTH_DECLINE, assertSameParse, yamlFiles } from '../helpers/yaml-paths.js';
import { convertCst } from '../../src/loaders/cloudformation/cst.js';
import type { SourceLocation } from '../../src/model/types.js';

const CORPUS = join(import.meta.dirname, '../../../shared/corpus');
const DIRS = ['sam', 'sam-translator/input', 'serverless-framework'];

/** Whether the fast path accepts the text (it declines by returning null). */
function fastAccepts(text: string, file: string): boolean {
  const lc = new LineCounter();
  const tokens = Array.from(new Parser(lc.addNewLine).parse(text));
  const at = (offset: number): SourceLocation => {
    const p = lc.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  return convertCst(tokens, text, at, new LocationTable(file)) !== null;
}

function same(text: string, file: string): void {
  // the one-pass reader (./cloudformation-scan.test.ts) is off: this is the CST path's own test
  assertSameParse(parseYaml(text, file, DEFAULT_PARSE_LIMITS, { scan: false }), parseYaml(text, file, DEFAULT_PARSE_LIMITS, { cst: false }), file);
}

describe('YAML CST fast path', { skip: !existsSync(CORPUS) && 'corpus not available' }, () => {
  for (const dir of DIRS) {
    test(`equals the composed Document on every YAML file of corpus/${dir}`, () => {
      const files = yamlFiles(join(CORPUS, dir));
      assert.ok(files.length > 50, `${dir}: ${files.length} files`);
      let accepted = 0;
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        const name = relative(CORPUS, f);
        same(text, name);
        if (fastAccepts(text, name)) accepted++;
      }
      // The fast path must be the common case, or it is not worth having (nor is this test).
      assert.ok(accepted / files.length > 0.8, `${dir}: fast path taken for ${accepted} of ${files.length}`);
    });
  }

  test('declines what it leaves to the composer, with the same result', () => {
    const cases = YAML_BOTH_DECLINE;
    for (const [name, text] of cases) {
      assert.equal(fastAccepts(text, 't.yaml'), false, name);
      same(text, 't.yaml');
    }
  });

  test('reads CloudFormation tags, scalars and locations like the composer', () => {
    const cases = [
      'A: !Ref X\nB: !GetAtt R.Arn\nC: !If\n  - Cond\n  - !Sub "${A}-x"\n  - !Ref AWS::NoValue\nD: [1, 0x1f, 0o17, 1.5e3, .inf, -.Inf, .nan, ~, null, Null, true, False, "s", \'t\']\n',
      '---\n# c\nA:\n  Null: 1\n  True: 2\n  1.0: 3\n  "k": |\n    block\n    text\n  m: >-\n    folded\n    text\n  p: plain\n    continued\n  e:\nB: { Ref: X, "Fn::Sub": [ "a", { b: !Ref c } ] } # end\n',
      'Resources:\n  F:\n    Properties:\n      Policies:\n        - !Sub |\n          x\n        - Statement:\n            - Effect: Allow\n              Action: !Split [",", !Join [",", [a, b]]]\n',
    ];
    for (const text of cases) {
      assert.equal(fastAccepts(text, 't.yaml'), true, text);
      same(text, 't.yaml');
    }
  });
});
