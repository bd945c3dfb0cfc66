/**
 * A bounded mutation fuzz of the loaders and the model builder: templates of every format (the
 * equivalence fixtures and the bundled example) are mutated with a fixed-seed generator — bytes
 * flipped, lines duplicated, deleted and swapped, brackets and intrinsics nested, control
 * characters and `__proto__` keys inserted — and each mutant must load without an exception
 * escaping (bad input is a diagnostic). Bounded by an iteration count, not by time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from '../../src/loaders/index.js';
import { buildModel } from '../../src/model/build.js';
import type { Diagnostic } from '../../src/model/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEEDS = [
  'test/model/equivalence/sam/template.yaml',
  'test/model/equivalence/serverless/serverless.yml',
  'test/model/equivalence/terraform/main.tf',
  'examples/vulnerable-shop/template.yaml',
  // Terraform's JSON syntax: a module and CDK for Terraform's synthesised stack
  'test/loaders/terraform/fixtures/json-twin/json/main.tf.json',
  'test/loaders/terraform/fixtures/cdktf/cdktf.out/stacks/orders/cdk.tf.json',
];
const ITERATIONS = Number(process.env['NIGHTLIGHT_FUZZ_ITERATIONS'] ?? 30);

function generator(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const INSERTS = ['{', '[', '(', '}', ']', ')', '${self:custom.x}', '!Ref ', '!GetAtt A.Arn', '"', "'", '\u0000', '\u001b[2J', '__proto__: 1\n', '&a ', '*a', '<<: *a\n', '${', 'Fn::Join', '\n  ', '\t', '\\', '%{', '${var.x}', 'module "m" { source = "./" }\n', '"__proto__": {}, ', '"${', '\\"', '"dynamic": {"x": {}}, '];

function mutate(text: string, next: (n: number) => number): string {
  let t = text;
  const steps = 1 + next(4);
  for (let k = 0; k < steps; k++) {
    const lines = t.split('\n');
    switch (next(6)) {
      case 0: {
        const i = next(t.length + 1);
        t = t.slice(0, i) + INSERTS[next(INSERTS.length)]! + t.slice(i);
        break;
      }
      case 1: {
        const i = next(Math.max(1, t.length));
        t = t.slice(0, i) + String.fromCharCode(next(256)) + t.slice(i + 1);
        break;
      }
      case 2:
        lines.splice(next(lines.length), 1);
        t = lines.join('\n');
        break;
      case 3: {
        const i = next(lines.length);
        lines.splice(i, 0, ...Array(1 + next(20)).fill(lines[i] ?? ''));
        t = lines.join('\n');
        break;
      }
      case 4: {
        const i = next(lines.length);
        const j = next(lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        t = lines.join('\n');
        break;
      }
      default: {
        const i = next(t.length + 1);
        const n = 50 + next(400);
        t = t.slice(0, i) + '['.repeat(n) + t.slice(i);
      }
    }
  }
  return t;
}

test(`fuzz: ${ITERATIONS} mutants per format load without an exception`, async () => {
  const base = mkdtempSync(join(tmpdir(), 'nightlight-fuzz-'));
  try {
    for (const seedFile of SEEDS) {
      const original = readFileSync(join(ROOT, seedFile), 'utf8');
      const next = generator(seedFile.length * 7919);
      for (let i = 0; i < ITERATIONS; i++) {
        const dir = join(base, `${basename(dirname(seedFile))}-${i}`);
        mkdirSync(dir, { recursive: true });
        const text = mutate(original, next);
        writeFileSync(join(dir, basename(seedFile)), text);
        let diagnostics: Diagnostic[] = [];
        try {
          const loaded = await loadAll({ root: dir });
          diagnostics = loaded.diagnostics;
          buildModel(loaded.templates, { params: {} }, diagnostics);
        } catch (err) {
          assert.fail(`${seedFile} mutant ${i} threw ${(err as Error).stack}\n--- input ---\n${text.slice(0, 3000)}`);
        }
        assert.ok(diagnostics.every((d) => d.code !== 'internal-error'), `${seedFile} mutant ${i}: internal error ${diagnostics.find((d) => d.code === 'internal-error')?.message}`);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
