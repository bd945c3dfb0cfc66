import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bracketRange, npmRange, parsePackageJson, parsePnpmLock, parseYarnLock, pep440Spec } from '../../src/loaders/lockfiles.js';
import { parseCsproj, parsePackageLock, parsePom, parseRequirements } from '../../src/loaders/dependencies.js';
import { rangeAffected } from '../../src/analyses/code/dependencies.js';
import type { Diagnostic } from '../../src/model/types.js';
import type { OsvAffected, RangedDependency } from '../../src/model/dependencies.js';

const show = (r: ReturnType<typeof npmRange>) => r?.map((set) => set.map((c) => `${c.op}${c.version}`).join(' ')).join(' || ') ?? null;

test('npm ranges as comparators', () => {
  assert.equal(show(npmRange('^4.17.0')), '>=4.17.0 <5.0.0');
  assert.equal(show(npmRange('^0.2.3')), '>=0.2.3 <0.3.0');
  assert.equal(show(npmRange('^0.0.3')), '>=0.0.3 <0.0.4');
  assert.equal(show(npmRange('~1.2')), '>=1.2.0 <1.3.0');
  assert.equal(show(npmRange('1.x || >=2.5.0 <3')), '>=1.0.0 <2.0.0 || >=2.5.0 <3.0.0');
  assert.equal(show(npmRange('1.2.3 - 2.3')), '>=1.2.3 <2.4.0');
  assert.equal(show(npmRange('>= 1.2.3')), '>=1.2.3');
  assert.equal(show(npmRange('4.17.20')), '=4.17.20');
  assert.equal(show(npmRange('*')), '');
  assert.equal(npmRange('latest'), null);
  assert.equal(npmRange('not a range'), null);
});

test('PEP 440 and bracket ranges', () => {
  assert.equal(show(pep440Spec('>=2.20,<3')), '>=2.20 <3');
  assert.equal(show(pep440Spec('~=1.4.2')), '>=1.4.2 <1.5');
  assert.equal(show(pep440Spec('==1.2.*')), '>=1.2 <1.3');
  assert.equal(show(pep440Spec('!=1.3,>=1.0')), '>=1.0');
  assert.equal(show(pep440Spec('')), '');
  assert.equal(pep440Spec('>=1.0 or so'), null);
  assert.equal(show(bracketRange('[1.0,2.0)')), '>=1.0 <2.0');
  assert.equal(show(bracketRange('(,1.0]')), '<=1.0');
  assert.equal(show(bracketRange('[1.2]')), '=1.2');
  assert.equal(show(bracketRange('[1,2),[3,4)')), '>=1 <2 || >=3 <4');
  assert.equal(show(bracketRange('13.*')), '>=13 <14');
  assert.equal(bracketRange('1.0'), null);
  assert.equal(bracketRange('[1.0'), null);
});

// Real record shapes (GHSA-xvch-5gv4-984h, minimist; GHSA-j8r2-6x86-q33q, requests), trimmed.
const minimist: OsvAffected = { ecosystem: 'npm', name: 'minimist', versions: [], ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0.2.4' }, { introduced: '1.0.0' }, { fixed: '1.2.6' }] }] };
const requests: OsvAffected = { ecosystem: 'PyPI', name: 'requests', versions: [], ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.3.0' }, { fixed: '2.31.0' }] }] };
const npmDep = (spec: string): RangedDependency => ({ name: 'minimist', spec, ecosystem: 'npm', ranges: npmRange(spec)!, location: { file: 'package.json', line: 1, column: 1 } });
const pyDep = (spec: string): RangedDependency => ({ name: 'requests', spec, ecosystem: 'PyPI', ranges: pep440Spec(spec)!, location: { file: 'requirements.txt', line: 1, column: 1 } });

test('a range without a lockfile: every, lowest, may, or clear', () => {
  assert.deepEqual(rangeAffected(npmDep('>=1.2.0 <1.2.6'), [minimist]), { resolution: 'every', lowest: '1.2.0', fixed: '1.2.6' });
  assert.deepEqual(rangeAffected(npmDep('^1.2.0'), [minimist]), { resolution: 'lowest', lowest: '1.2.0', fixed: '1.2.6' });
  assert.equal(rangeAffected(npmDep('^1.2.6'), [minimist]), null);
  assert.equal(rangeAffected(npmDep('^0.2.4'), [minimist]), null);
  // bounded, lowest clear, an affected version inside: "may resolve to"
  assert.deepEqual(rangeAffected(pyDep('>=2.0,<2.32'), [requests]), { resolution: 'may', lowest: '2.0', fixed: null });
  // unbounded above and lowest clear: resolves to the newest release, not reported
  assert.equal(rangeAffected(pyDep('>=2.0'), [requests]), null);
  assert.deepEqual(rangeAffected(pyDep('>=2.25'), [requests])?.resolution, 'lowest');
  assert.equal(rangeAffected(pyDep('>=2.31.0'), [requests]), null);
  // no bound at all: only an advisory with no fix (every version) matters
  const malicious: OsvAffected = { ecosystem: 'npm', name: 'minimist', versions: [], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] };
  assert.equal(rangeAffected(npmDep('*'), [malicious])?.resolution, 'every');
  assert.equal(rangeAffected(npmDep('*'), [minimist]), null);
  // a union: every alternative affected
  assert.equal(rangeAffected(npmDep('0.1.x || 1.1.x'), [minimist])?.resolution, 'every');
});

test('package.json: ranges, exact pins, aliases, unpinned specs; dev dependencies not read', () => {
  const d: Diagnostic[] = [];
  const m = parsePackageJson('package.json', '{\n  "dependencies": {\n    "lodash": "^4.17.0",\n    "minimist": "1.2.5",\n    "mm": "npm:minimist@^1.2.0",\n    "x": "github:a/b",\n    "y": "latest"\n  },\n  "devDependencies": { "jest": "29.0.0" }\n}\n', d)!;
  assert.deepEqual(m.dependencies.map((x) => `${x.name}@${x.version}:${x.location.line}`), ['minimist@1.2.5:4']);
  assert.deepEqual(m.ranged!.map((x) => `${x.name} ${x.spec}:${x.location.line}`), ['lodash ^4.17.0:3', 'minimist npm:minimist@^1.2.0:5']);
  assert.deepEqual(m.unpinned.map((x) => x.name), ['x', 'y']);
  assert.equal(m.lock, false);
  assert.deepEqual(d, []);
});

test('yarn v1 and berry, pnpm v5/v6/v9, npm lockfile v1', () => {
  const d: Diagnostic[] = [];
  const v1 = parseYarnLock('yarn.lock', '# yarn lockfile v1\n\n"@babel/core@^7.0.0", "@babel/core@^7.1.0":\n  version "7.2.0"\n\nalias@npm:lodash@^4:\n  version "4.17.20"\n\n"w@file:../w":\n  version "1.0.0"\n', d);
  assert.deepEqual(v1.dependencies.map((x) => `${x.name}@${x.version}:${x.location.line}`), ['@babel/core@7.2.0:3', 'lodash@4.17.20:6']);
  const berry = parseYarnLock('yarn.lock', '__metadata:\n  version: 6\n\n"lodash@npm:^4.17.0, lodash@npm:^4.17.15":\n  version: 4.17.20\n  resolution: "lodash@npm:4.17.20"\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  linkType: soft\n', d);
  assert.deepEqual(berry.dependencies.map((x) => `${x.name}@${x.version}:${x.location.line}`), ['lodash@4.17.20:4']);
  const pnpm5 = parsePnpmLock('pnpm-lock.yaml', 'lockfileVersion: 5.4\npackages:\n  /@babel/core/7.2.0_supports-color@5.5.0:\n    dev: false\n  /jest/29.0.0:\n    dev: true\n', d);
  assert.deepEqual(pnpm5.dependencies.map((x) => `${x.name}@${x.version}`), ['@babel/core@7.2.0']);
  const pnpm9 = parsePnpmLock('pnpm-lock.yaml', "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {}\npackages:\n  '@babel/core@7.2.0':\n    resolution: {integrity: x}\n  lodash@4.17.20(peer@1.0.0):\n    resolution: {integrity: x}\nsnapshots:\n  lodash@4.17.20: {}\n", d);
  assert.deepEqual(pnpm9.dependencies.map((x) => `${x.name}@${x.version}:${x.location.line}`), ['@babel/core@7.2.0:6', 'lodash@4.17.20:8']);
  const lockV1 = parsePackageLock('package-lock.json', '{\n "lockfileVersion": 1,\n "dependencies": {\n  "a": {\n   "version": "1.0.0",\n   "requires": { "b": "^2.0.0" },\n   "dependencies": {\n    "b": { "version": "2.0.1" }\n   }\n  },\n  "b": { "version": "3.0.0" },\n  "c": { "version": "1.0.0", "dev": true }\n }\n}\n', d)!;
  assert.deepEqual(lockV1.dependencies.map((x) => `${x.name}@${x.version}:${x.location.line}`), ['a@1.0.0:4', 'b@2.0.1:8', 'b@3.0.0:11']);
  assert.deepEqual(d, []);
});

test('requirements, csproj and pom: ranges next to pins', () => {
  const req = parseRequirements('r.txt', 'a==1.0\nb>=1.0,<2 ; python_version > "3"\nc\nd @ https://example.com/d.whl\n-e .\n');
  assert.deepEqual(req.dependencies.map((x) => x.name), ['a']);
  assert.deepEqual(req.ranged!.map((x) => `${x.name} ${x.spec}`), ['b >=1.0,<2', 'c (any version)']);
  assert.deepEqual(req.unpinned.map((x) => x.name), ['d']);
  const cs = parseCsproj('a.csproj', '<Project>\n  <PackageReference Include="A" Version="[1.0,2.0)" />\n  <PackageReference Include="B" Version="[1.2]" />\n  <PackageReference Include="C" />\n</Project>\n');
  assert.deepEqual(cs.ranged!.map((x) => `${x.name} ${x.spec}`), ['A [1.0,2.0)']);
  assert.deepEqual(cs.dependencies.map((x) => `${x.name}@${x.version}`), ['B@1.2']);
  const pom = parsePom('pom.xml', '<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>[1.0,2.0)</version></dependency></dependencies></project>');
  assert.deepEqual(pom.ranged!.map((x) => `${x.name} ${x.spec}`), ['g:a [1.0,2.0)']);
});

test('hostile manifests: a clear message with file and line, no throw', () => {
  const d: Diagnostic[] = [];
  assert.equal(parsePackageJson('src/package.json', '{\n  "dependencies": {\n    "a": "1.0.0",,\n  }\n}\n', d), null);
  assert.equal(d[0]!.code, 'manifest-invalid');
  assert.equal(d[0]!.location!.file, 'src/package.json');
  assert.equal(d[0]!.location!.line, 3);
  assert.match(d[0]!.message, /^src\/package\.json:3: not valid JSON/);
  parseYarnLock('yarn.lock', '\u0000\u0001 garbage that is not a lockfile', d);
  assert.equal(d[1]!.code, 'lockfile-invalid');
  parsePnpmLock('pnpm-lock.yaml', 'packages:\n  - not: a lock\n', d);
  assert.equal(d[2]!.code, 'lockfile-invalid');
  // a very long line and deep nesting stay linear and bounded
  const long = `x@^1:\n  version "${'9'.repeat(200_000)}"\n`;
  assert.equal(parseYarnLock('yarn.lock', long, []).dependencies.length, 1);
  const deep = `{"dependencies": ${'{"a": {"version": "1.0.0", "dependencies": '.repeat(200)}{}${'}}'.repeat(200)}}`;
  assert.ok(parsePackageLock('package-lock.json', deep, [])!.dependencies.length <= 65);
  assert.equal(npmRange(`${'1 '.repeat(50_000)}`)?.length, 1);
});
