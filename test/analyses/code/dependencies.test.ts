import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisorySeverity, affects, analyzeDependencies, comparePep440, compareSemver, cvss3BaseScore } from '../../../src/analyses/code/dependencies.js';
import { parsePackageLock, parsePoetryLock, parseRequirements, parseOsv } from '../../../src/loaders/dependencies.js';

test('npm semver ordering', () => {
  assert.equal(compareSemver('1.2.3', '1.10.0'), -1);
  assert.equal(compareSemver('1.0.0-beta.2', '1.0.0'), -1);
  assert.equal(compareSemver('1.0.0-alpha', '1.0.0-alpha.1'), -1);
  assert.equal(compareSemver('1.0.0-beta.11', '1.0.0-beta.2'), 1);
  assert.equal(compareSemver('1.0.0+build', '1.0.0'), 0);
});

test('PEP 440 ordering', () => {
  assert.equal(comparePep440('5.4', '5.4.0'), 0);
  assert.equal(comparePep440('5.3.1', '5.4'), -1);
  assert.equal(comparePep440('1.0.dev1', '1.0a1'), -1);
  assert.equal(comparePep440('1.0a1', '1.0rc1'), -1);
  assert.equal(comparePep440('1.0rc1', '1.0'), -1);
  assert.equal(comparePep440('1.0', '1.0.post1'), -1);
  assert.equal(comparePep440('1!0.1', '2.0'), 1);
});

test('OSV ranges: introduced / fixed / last_affected / versions', () => {
  const a = { ecosystem: 'npm', name: 'x', versions: ['3.0.0'], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }, { introduced: '2.0.0' }, { last_affected: '2.1.0' }] }] };
  assert.deepEqual(affects('npm', '1.2.9', a), { affected: true, fixed: '1.3.0' });
  assert.equal(affects('npm', '1.3.0', a).affected, false);
  assert.deepEqual(affects('npm', '2.1.0', a), { affected: true, fixed: null });
  assert.equal(affects('npm', '2.1.1', a).affected, false);
  assert.equal(affects('npm', '3.0.0', a).affected, true);
  assert.equal(affects('npm', '1.0.0', { ...a, versions: [], ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }).affected, false);
});

test('severity: database_specific first, else CVSS v3', () => {
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
  assert.equal(advisorySeverity({ databaseSeverity: 'MODERATE', cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'] }), 'medium');
  assert.equal(advisorySeverity({ databaseSeverity: null, cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'] }), 'critical');
  assert.equal(advisorySeverity({ databaseSeverity: null, cvss: [] }), null);
});

test('manifests: lines of packages, pins and unpinned requirements', () => {
  const lock = parsePackageLock('p.json', '{\n "lockfileVersion": 3,\n "packages": {\n  "": {"name": "a"},\n  "node_modules/b": {"version": "1.0.0"},\n  "node_modules/c": {"version": "2.0.0", "dev": true}\n }\n}\n', []);
  assert.deepEqual(lock?.dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`), ['b@1.0.0:5']);
  const req = parseRequirements('r.txt', '# c\nfoo==1.2 \\\n    --hash=sha256:abc\nBar[x]>=2\n-r other.txt\n');
  assert.deepEqual(req.dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`), ['foo@1.2:2']);
  assert.deepEqual(req.unpinned.map((d) => d.name), ['Bar']);
  const poetry = parsePoetryLock('poetry.lock', '[[package]]\nname = "urllib3"\nversion = "1.26.0"\n\n[package.dependencies]\nx = "*"\n\n[[package]]\nname = "idna"\nversion = "3.4"\n');
  assert.deepEqual(poetry.dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`), ['urllib3@1.26.0:2', 'idna@3.4:9']);
});

test('matching groups functions per manifest; no snapshot means unchecked', () => {
  const osv = parseOsv({ id: 'T-1', affected: [{ package: { ecosystem: 'PyPI', name: 'Foo_Bar' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }] }] }, 't.json');
  assert.ok(typeof osv !== 'string');
  const manifest = parseRequirements('r.txt', 'foo-bar==1.5\n');
  const fns = [{ functionId: 'B', manifests: [manifest] }, { functionId: 'A', manifests: [manifest] }];
  const r = analyzeDependencies(fns, { dir: 'x', advisories: [osv] });
  assert.equal(r.matches.length, 1);
  assert.deepEqual(r.matches[0]!.functions, ['A', 'B']);
  assert.equal(r.matches[0]!.fixed, '2.0');
  assert.equal(analyzeDependencies(fns, null).checked, false);
  assert.equal(typeof parseOsv({ affected: [] }, 'bad.json'), 'string');
});
