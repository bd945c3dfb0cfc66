/**
 * The generic rule harness. Every fixture under test/rules/<area>/<rule>/ is scanned on its own;
 * `# expect: <rule-id>` (or `// expect:`, `<!-- expect:`) marks the line above where a finding must start.
 * Exact matching: each expectation hit once, no extra findings of the rule, no loader errors.
 * `valid-*` fixtures expect nothing. A `valid-<format>.ref` file names, relative to test/rules, a
 * hardened twin several rules share (`posture/shared/hardened-api-tf`): the fixture is that folder.
 *
 * Then each rule's folder is scanned whole, as a repository holding all its fixtures would be:
 * every fixture is a stack of its own, so each must get exactly the findings it got alone (rule,
 * line, severity, message), unless a cross-stack link the model records joins it to another
 * fixture, or it carries a `.nightlight/` folder (advisories, configuration: a scan root's own).
 * Stack names (`<stack>-Queue` default names) and the template file that qualifies an id two
 * stacks share (`invalid-sam.yaml#Fn`) depend on the scan and are compared without. A difference
 * is a leak between stacks (an attachment, a name or a reach resolved in the wrong stack) that a
 * scan of one file cannot show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../src/api.js';
import type { Finding } from '../../src/model/findings.js';
import { stackNames } from '../../src/model/build.js';
import { RULES } from '../../src/rules/registry.generated.js';

const here = new URL('.', import.meta.url).pathname;

function filesUnder(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p).sort().flatMap((n) => filesUnder(join(p, n)));
}

function expectations(fixture: string, ruleId: string): string[] {
  const base = statSync(fixture).isDirectory() ? fixture : join(fixture, '..');
  const out: string[] = [];
  for (const f of filesUnder(fixture)) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((l, i) => {
      const m = /(?:#|\/\/|<!--)\s*expect:\s*([\w/-]+)/.exec(l);
      if (m && m[1] === ruleId) out.push(`${relative(base, f).split('\\').join('/')}:${i + 2}`);
    });
  }
  return out.sort();
}

/**
 * A finding as the folder comparison sees it; `prefix` places a solo scan's file inside the folder,
 * `stacks` are the stack names of the run.
 */
function comparable(f: Finding, prefix: string, stacks: readonly string[]): string {
  // an id shared by two stacks of the folder is qualified with its stack's file (`invalid-sam.yaml#Fn`)
  let message = f.message.replace(/(?:valid|invalid)-[\w.-]+(?:\/[\w./-]*)?#/g, '');
  for (const s of [...stacks].sort((a, b) => b.length - a.length)) message = message.replace(new RegExp(`(?<![\\w-])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-`, 'g'), '<stack>-');
  return `${prefix}${f.location.file}:${f.location.line} ${f.severity} ${message}`;
}

function stacksOf(inputs: readonly { file: string }[]): string[] {
  return stackNames(inputs.map((i) => i.file));
}

for (const rule of RULES) {
  const dir = join(here, rule.id);
  /** Fixture name → its findings scanned alone, as the folder scan would place them. */
  const alone = new Map<string, string[]>();
  let fixtures: string[] = [];
  try {
    fixtures = readdirSync(dir).filter((n) => /^(valid|invalid)-/.test(n)).sort();
  } catch {
    fixtures = [];
  }
  for (const name of fixtures) {
    test(`${rule.id} › ${name}`, async () => {
      const fixture = name.endsWith('.ref') ? join(here, readFileSync(join(dir, name), 'utf8').trim()) : join(dir, name);
      if (name.endsWith('.ref')) assert.ok(name.startsWith('valid-') && statSync(fixture).isDirectory(), `${name} names a shared valid fixture folder`);
      // Posture rules run under the hardening profiles; `all` keeps their info findings too.
      const result = await analyze({ root: fixture, rules: [rule], engine: { profile: 'all' } });
      const errors = result.diagnostics.filter((d) => d.level === 'error');
      assert.deepEqual(errors, [], 'fixture loads without errors');
      assert.ok(result.inputs.length > 0, 'fixture was recognised as an input');
      const mine = result.findings.filter((f) => f.ruleId === rule.id);
      if (!name.endsWith('.ref')) alone.set(name, mine.map((f) => comparable(f, statSync(fixture).isDirectory() ? `${name}/` : '', stacksOf(result.inputs))).sort());
      const got = mine.map((f) => `${f.location.file}:${f.location.line}`).sort();
      const want = name.startsWith('valid-') ? [] : expectations(fixture, rule.id);
      if (name.startsWith('invalid-')) assert.ok(want.length > 0, `${name} has no "expect:" comment`);
      assert.deepEqual(got, want);
    });
  }
  const own = fixtures.filter((n) => !n.endsWith('.ref') && !existsSync(join(dir, n, '.nightlight')));
  if (own.length < 2) continue;
  test(`${rule.id} › the folder of its fixtures scanned whole`, async () => {
    const result = await analyze({ root: dir, rules: [rule], engine: { profile: 'all' } });
    const fixtureOf = (file: string) => file.split('/')[0]!;
    const joined = new Set<string>();
    for (const l of result.model.crossStackLinks ?? []) for (const s of [l.from, l.to]) joined.add(fixtureOf(s));
    const together = new Map<string, string[]>();
    for (const f of result.findings.filter((x) => x.ruleId === rule.id)) {
      const name = fixtureOf(f.location.file);
      together.set(name, [...(together.get(name) ?? []), comparable(f, '', stacksOf(result.inputs))]);
    }
    for (const name of own) {
      if (joined.has(name) || !alone.has(name)) continue;
      assert.deepEqual((together.get(name) ?? []).sort(), alone.get(name), `${name}: the same findings in the folder as alone`);
    }
  });
}
