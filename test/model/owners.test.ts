/**
 * CODEOWNERS parsing and matching (src/model/owners.ts): the GitHub, GitLab and Bitbucket syntax
 * and the gitignore-like patterns, last match wins, and patterns that would make a backtracking
 * matcher take exponential time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeownersMatch, disjointOwners, ownersOfPath, parseCodeowners } from '../../src/model/owners.js';

const owners = (text: string, path: string) => ownersOfPath(parseCodeowners(text, 'CODEOWNERS').rules, path)?.owners ?? null;

test('patterns: anchoring, folders, direct children, ** and escapes', () => {
  const cases: [string, string, boolean][] = [
    ['*', 'a/b/c.js', true],
    ['*.js', 'src/deep/app.js', true],
    ['*.js', 'src/deep/app.ts', false],
    ['/build/logs/', 'build/logs/x/y.log', true],
    ['/build/logs/', 'src/build/logs/y.log', false],
    ['/build/logs/', 'build/logs', false],
    ['apps/', 'x/apps/web/index.js', true],
    ['docs/*', 'docs/intro.md', true],
    ['docs/*', 'docs/guide/intro.md', false],
    ['/docs/', 'docs/guide/intro.md', true],
    ['**/logs', 'deeply/nested/logs/today.log', true],
    ['**/logs', 'logs', true],
    ['src/**/handler.js', 'src/handler.js', true],
    ['src/**/handler.js', 'src/a/b/handler.js', true],
    ['src/**/handler.js', 'lib/src/a/handler.js', false],
    ['/orders', 'orders/src/create.js', true],
    ['orders/template.yaml', 'orders/template.yaml', true],
    ['orders/template.yaml', 'x/orders/template.yaml', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['\\*.md', '*.md', true],
    ['\\*.md', 'README.md', false],
  ];
  for (const [p, path, want] of cases) assert.equal(codeownersMatch(p, path), want, `${p} vs ${path}`);
});

test('the last matching rule wins; a rule without owners leaves the path unowned', () => {
  const text = ['# default', '*       @org/platform', '/orders/ @org/orders @alice', '/orders/vendor/', ''].join('\n');
  assert.deepEqual(owners(text, 'billing/x.yaml'), ['@org/platform']);
  assert.deepEqual(owners(text, 'orders/src/a.js'), ['@org/orders', '@alice']);
  assert.deepEqual(owners(text, 'orders/vendor/lib.js'), []);
});

test('GitLab sections: default owners, optional sections, approvals, owners of every section', () => {
  const text = ['[Backend] @org/backend', 'services/', 'services/billing/ @org/billing', '^[Security][2] @org/security', '*.tf', '[backend]', 'services/legacy/ @bob'].join('\n');
  assert.deepEqual(owners(text, 'services/orders/template.yaml'), ['@org/backend']);
  assert.deepEqual(owners(text, 'services/billing/main.tf'), ['@org/billing', '@org/security']);
  // Sections with the same name (case-insensitive) are one: its last match wins.
  assert.deepEqual(owners(text, 'services/legacy/a.js'), ['@bob']);
});

test('Bitbucket: inline comments, quoted paths and names, @@@ groups', () => {
  const text = ['@@@Payments @carol @dave', '"pay ments/*" @@Payments # the payments team', 'ci/* @devops', 'path\\ with\\ spaces/ @erin'].join('\n');
  assert.deepEqual(owners(text, 'pay ments/a.js'), ['@carol', '@dave']);
  assert.deepEqual(owners(text, 'ci/build.yml'), ['@devops']);
  assert.equal(owners(text, 'ci/jobs/prod.yml'), null);
  assert.deepEqual(owners(text, 'path with spaces/x'), ['@erin']);
});

test('negated patterns are diagnosed with their line and ignored', () => {
  const { rules, diagnostics } = parseCodeowners('* @a\n!vendor/ @b\n', '.github/CODEOWNERS');
  assert.equal(rules.length, 1);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /^\.github\/CODEOWNERS:2: negated pattern/);
  assert.equal(diagnostics[0]!.location?.line, 2);
});

test('hostile patterns finish: stars and ** against long paths do not backtrack', () => {
  const pattern = `${'*a'.repeat(200)}*b`;
  const value = 'a'.repeat(3000);
  assert.equal(codeownersMatch(pattern, value), false);
  const deep = `${'**/'.repeat(300)}x`;
  const path = `${'d/'.repeat(2000)}y`;
  assert.equal(codeownersMatch(deep, path), false);
  assert.equal(codeownersMatch(`${'**/a*/'.repeat(100)}z`, `${'aa/'.repeat(500)}q`), false);
});

test('owners are compared case-insensitively; sharing one owner is no boundary', () => {
  assert.equal(disjointOwners(['@Org/A'], ['@org/a']), false);
  assert.equal(disjointOwners(['@org/a', '@alice'], ['@org/b', '@alice']), false);
  assert.equal(disjointOwners(['@org/a'], ['@org/b']), true);
});
