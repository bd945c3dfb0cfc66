/**
 * The generic rule harness. Every fixture under test/rules/<area>/<rule>/ is scanned on its own;
 * `# expect: <rule-id>` (or `// expect:`, `<!-- expect:`) marks the line above where a finding must start.
 * Exact matching: each expectation hit once, no extra findings of the rule, no loader errors.
 * `valid-*` fixtures expect nothing. A `valid-<format>.ref` file names, relative to test/rules, a
 * hardened twin several rules share (`posture/shared/hardened-api-tf`): the fixture is that folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../src/api.js';
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

for (const rule of RULES) {
  const dir = join(here, rule.id);
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
      const got = result.findings.filter((f) => f.ruleId === rule.id).map((f) => `${f.location.file}:${f.location.line}`).sort();
      const want = name.startsWith('valid-') ? [] : expectations(fixture, rule.id);
      if (name.startsWith('invalid-')) assert.ok(want.length > 0, `${name} has no "expect:" comment`);
      assert.deepEqual(got, want);
    });
  }
}
