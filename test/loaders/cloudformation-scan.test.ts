/**
 * The one-pass YAML reader (src/loaders/cloudformation/scan.ts) against the paths it sits in
 * front of (the CST path, then the composed Document): on every YAML file of the corpus, on
 * mutated corpus files, and on hand-written cases, the same value (same key order), the same
 * location for every path, the same float marks and the same diagnostics. Also checks that it is
 * actually taken for ordinary templates and declines what it leaves to the other paths.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_PARSE_LIMITS, LocationTable, parseYaml } from '../../src/loaders/cloudformation/parse.js';
import { scanYaml } from '../../src/loaders/cloudformation/scan.js';
import { YAML_BOTH_DECLINE, assertSameParse, yamlFiles } from '../helpers/yaml-paths.js';

const CORPUS = join(import.meta.dirname, '../../../shared/corpus');

function scanAccepts(text: string, file: string): boolean {
  return scanYaml(text, file, DEFAULT_PARSE_LIMITS.maxDepth, new LocationTable(file)) !== null;
}

/** The reader's result (default options) equals the other paths' (scan off). */
function same(text: string, file: string): void {
  assertSameParse(parseYaml(text, file, DEFAULT_PARSE_LIMITS), parseYaml(text, file, DEFAULT_PARSE_LIMITS, { scan: false }), file);
}

/** A small deterministic generator (the mutations must be the same on every run). */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('YAML one-pass reader', () => {
  test('equals the other paths on every YAML file of the corpus, and is taken for most', { skip: !existsSync(CORPUS) && 'corpus not available' }, () => {
    for (const dir of ['sam', 'sam-translator', 'serverless-framework', 'serverless-framework-cfn', 'cdk', 'terraform']) {
      if (!existsSync(join(CORPUS, dir))) continue;
      const files = yamlFiles(join(CORPUS, dir));
      let accepted = 0;
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        const name = relative(CORPUS, f);
        same(text, name);
        if (scanAccepts(text, name)) accepted++;
      }
      if (dir === 'sam' || dir === 'sam-translator') {
        assert.ok(accepted / files.length > 0.9, `${dir}: taken for ${accepted} of ${files.length}`);
      }
    }
  });

  test('equals the other paths on mutated corpus templates', { skip: !existsSync(CORPUS) && 'corpus not available' }, () => {
    const files = yamlFiles(join(CORPUS, 'sam')).filter((f) => statSync(f).size < 4000);
    const random = generator(17);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)]!;
    const inserts = [' ', '  ', '\n', '\n\n', ': ', ':', '#', ' #', '- ', '-', '"', "'", '|', '>', '|-', '>-', '|+', '|2', '[', ']', '{', '}', ',', '!Ref ', '!Sub ', '!GetAtt ', '!Join\n', '\\', '&a ', '*a', '? ', '---\n', '...\n', '\n  ', '\n    ', '\n- ', 'x: y', '0x1F', '1.0', '1e3', '.inf', 'null', '~', 'True', "''", '%', '@', '\t', '\r', '<<: ', '\u0085'];
    let accepted = 0;
    const N = 400;
    for (let i = 0; i < N; i++) {
      let text = readFileSync(pick(files), 'utf8');
      for (let m = 1 + Math.floor(random() * 3); m > 0; m--) {
        const at = Math.floor(random() * text.length);
        const r = random();
        if (r < 0.45) text = text.slice(0, at) + pick(inserts) + text.slice(at);
        else if (r < 0.65) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        else {
          const line = text.lastIndexOf('\n', at) + 1;
          text = random() < 0.5 ? `${text.slice(0, line)}${' '.repeat(1 + Math.floor(random() * 3))}${text.slice(line)}` : text.slice(0, line) + text.slice(line).replace(/^ {1,2}/, '');
        }
      }
      same(text, `mutant-${i}.yaml`);
      if (scanAccepts(text, 'm.yaml')) accepted++;
    }
    // mutants the reader reads are what this test is about: there must be many
    assert.ok(accepted > N / 5, `reader took ${accepted} of ${N} mutants`);
  });

  test('reads the forms templates are written in, like the other paths', () => {
    const cases = [
      'A: !Ref X\nB: !GetAtt R.Arn\nC: !If\n  - Cond\n  - !Sub "${A}-x"\n  - !Ref AWS::NoValue\nD: [1, 0x1f, 0o17, 1.5e3, .inf, -.Inf, .nan, ~, null, Null, true, False, "s", \'t\', 3.0]\n',
      '---\n# c\nA:\n  Null: 1\n  True: 2\n  1.0: 3\n  "k": |\n    block\n\n      more\n    text\n  m: >-\n    folded\n    text\n\n    para\n      indented\n    end\n  p: plain\n    continued\n\n    again # c\n  e:\nB: { Ref: X, "Fn::Sub": [ "a", { b: !Ref c } ] } # end\n',
      'Resources:\n  F:\n    Properties:\n      Policies:\n        - !Sub |\n          x\n        - Statement:\n            - Effect: Allow\n              Action: !Split [",", !Join [",", [a, b]]]\n',
      // a sequence at its key's indentation, untagged and tagged
      'A:\n- a\n- b: 1\n  c: 2\nB: !Join\n- ""\n- - x\n  - !Ref Y\nC: 1\n',
      // tags on the next line, after a comment, before a mapping; compact nesting
      'A: !Base64\n  Fn::Sub: x\nB: !If # why\n  - C\n  - 1\nC:\n  - - a\n    - b\n  -   k: v\n      l: w\n',
      // quoted scalars: escapes, doubled quotes, multi-line, quoted keys
      'A: "a\\tb\\u00e9\\"c"\nB: \'it\'\'s\'\n"C D": \'x\'\nE: "line one\n  line two\n\n  three"\nF: \'x\n  y\'\n',
      // multi-line flow collections, comments inside
      'A: [a, b,\n  c] # after\nB: {\n    k: v, # c\n    l: [1, 2]\n  }\nC: !GetAZs ""\nD: !Select [0, !GetAZs ""]\n',
      // keys that the core schema types, and strings that look typed
      'A:\n  1: a\n  "2": b\n  true: c\n  "false": d\n  0x10: e\n  NULL: f\nB: 2012-10-17\nC: "2012-10-17"\nD: 1_000\nE: +12\nF: -0.5\nG: 012\nH: 0o12\nI: .5\n',
      // trailing spaces, URLs, colons and hashes inside plain scalars
      'A: arn:aws:s3:::b/* \nB: http://x#y\nC: a #c\nD: a:b\nE: [http://x, a:b]\n',
      // a document ending without a line break, in a block scalar
      'A: |-\n  x\n  y',
      'A: >\n  x\n',
      'A: x',
    ];
    for (const text of cases) {
      assert.equal(scanAccepts(text, 't.yaml'), true, text);
      same(text, 't.yaml');
    }
  });

  test('declines what it leaves to the other paths, with the same result', () => {
    const cases: [string, string][] = [
      ...YAML_BOTH_DECLINE,
      ['one name for two keys (the composer keeps both, a JSON object cannot)', 'A:\n  1: a\n  "1": b\n'],
      ['document end', 'A: 1\n...\n'],
      ['carriage returns', 'A: 1\r\nB: 2\r\n'],
      ['byte-order mark', '\ufeffA: 1\n'],
      ['tag on a key', '- !Ref a: b\n'],
      ['tagged empty value', 'A: !Ref\nB: 1\n'],
      ['keep chomping', 'A: |+\n  x\n\nB: 1\n'],
      ['indentation indicator', 'A: |2\n   x\n'],
      ['under-indented quoted continuation (read leniently by parseYaml)', 'A:\n  B: !Sub \'{\n  "a": 1\n  }\'\n  C: 1\n'],
      ['multi-line plain in a flow collection', 'A: [a\n  b]\n'],
      ['multi-line key', 'A: x\n  y: 1\n'],
      ['compact mapping on a key line', 'A: b: c\n'],
      ['more indented after a value', 'A: 1\n  B: 2\n'],
      ['root sequence', '- a\n- b\n'],
      ['root scalar', 'just text\n'],
      ['nesting deeper than the limit', `${Array.from({ length: 130 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`],
      ['closing bracket at the key indentation', 'A: [\n  a\n]\n'],
    ];
    for (const [name, text] of cases) {
      assert.equal(scanAccepts(text, 't.yaml'), false, name);
      same(text, 't.yaml');
    }
  });
});
