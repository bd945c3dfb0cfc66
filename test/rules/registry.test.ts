/** Every rule has fixtures in two formats and a docs page; every docs page has a rule; the registry is fresh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/rules/registry.generated.js';
import { ruleFiles, registrySource } from '../../scripts/build-docs.js';
import { VERSION } from '../../src/version.js';
import { CATEGORIES, isPostureFinding } from '../../src/model/findings.js';

const root = new URL('../../', import.meta.url).pathname;
const KNOWN_CATEGORIES: ReadonlySet<string> = new Set(CATEGORIES);

test('the generated registry matches the rule files', () => {
  assert.equal(readFileSync(join(root, 'src/rules/registry.generated.ts'), 'utf8'), registrySource(ruleFiles()));
  assert.deepEqual(RULES.map((r) => r.id), ruleFiles());
});

test('posture rules are the posture/ area: they, and only they, run under the hardening profiles', () => {
  for (const r of RULES) assert.equal(r.meta.profile === 'hardening', isPostureFinding({ ruleId: r.id }), r.id);
});

test('every rule is a declaration of a kind (src/rules/kinds.ts): no rule file calls defineRule itself', () => {
  const direct = ruleFiles().filter((id) => /\bdefineRule\s*\(/.test(readFileSync(join(root, 'src/rules', `${id}.ts`), 'utf8')));
  assert.deepEqual(direct, [], 'a rule of its own logic is a findingsRule (CONTRIBUTING.md, "Adding a rule")');
});

test('package.json and src/version.ts agree', () => {
  assert.equal(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version, VERSION);
});

for (const rule of RULES) {
  test(`${rule.id} has metadata, docs and fixtures in two formats`, () => {
    assert.ok(KNOWN_CATEGORIES.has(rule.meta.category), `category ${rule.meta.category} is in DESIGN.md's list`);
    assert.ok(rule.meta.description.length > 10);
    assert.ok(existsSync(join(root, 'docs/rules', `${rule.id}.md`)), `docs/rules/${rule.id}.md exists`);
    // issue #20: each rule says which clouds it covers, and why not the others
    assert.match(readFileSync(join(root, 'docs/rules', `${rule.id}.md`), 'utf8'), /^## Clouds\n\n\*\*Clouds:\*\* (AWS, Google Cloud and Azure|AWS only|AWS \(tested\))/m, `docs/rules/${rule.id}.md says which clouds it covers`);
    // The docs header states the rule's metadata: category, profile and CWE as the rule declares them.
    const header = readFileSync(join(root, 'docs/rules', `${rule.id}.md`), 'utf8').split('\n').find((l) => l.startsWith('**Category:**')) ?? '';
    assert.equal(/\*\*Category:\*\* ([^ ·]+)/.exec(header)?.[1], rule.meta.category, `docs/rules/${rule.id}.md: the header's category is the rule's`);
    assert.equal(/\*\*Profile:\*\* (\w+)/.exec(header)?.[1], rule.meta.profile, `docs/rules/${rule.id}.md: the header's profile is the rule's`);
    assert.equal(/\*\*CWE:\*\* ([0-9, ]+)/.exec(header)?.[1]?.trim() ?? '', (rule.meta.cwe ?? []).join(', '), `docs/rules/${rule.id}.md: the header's CWE list is the rule's`);
    const dir = join(root, 'test/rules', rule.id);
    assert.ok(existsSync(dir) && statSync(dir).isDirectory(), `test/rules/${rule.id}/ exists`);
    const names = readdirSync(dir);
    assert.ok(names.some((n) => n.startsWith('invalid-')), 'has an invalid-* fixture');
    assert.ok(names.some((n) => n.startsWith('valid-')), 'has a valid-* fixture');
    const formats = new Set(names.map((n) => (/sam/.test(n) ? 'sam' : /cfn|cloudformation/.test(n) ? 'cfn' : /sls|serverless/.test(n) ? 'sls' : /tf|terraform/.test(n) ? 'tf' : 'other')));
    assert.ok(formats.size >= 2, `fixtures in at least two formats (found ${[...formats].join(', ')})`);
  });
}

test('every docs page has a rule', () => {
  const ids = new Set(RULES.map((r) => r.id));
  for (const area of readdirSync(join(root, 'docs/rules'))) {
    const dir = join(root, 'docs/rules', area);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) assert.ok(ids.has(`${area}/${f.replace(/\.md$/, '')}`), `docs/rules/${area}/${f} has a rule`);
  }
});
