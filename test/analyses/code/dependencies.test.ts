import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advisorySeverity, affects, analyzeDependencies, compareGem, compareMaven, compareNuGet, comparePep440, compareSemver, cvss3BaseScore } from '../../../src/analyses/code/dependencies.js';
import { parseCsproj, parseGemfileLock, parseGoMod, parsePackageLock, parsePoetryLock, parsePom, parseRequirements, parseOsv } from '../../../src/loaders/dependencies.js';

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
  assert.deepEqual(req.unpinned.map((d) => d.name), []);
  assert.deepEqual(req.ranged?.map((d) => `${d.name} ${d.spec}`), ['Bar >=2']);
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

test('RubyGems and NuGet ordering', () => {
  assert.equal(compareGem('1.10.0', '1.9.9'), 1);
  assert.equal(compareGem('1.0', '1.0.0'), 0);
  assert.equal(compareGem('1.0.0.rc1', '1.0.0'), -1);
  assert.equal(compareGem('1.0.0.beta', '1.0.0.rc1'), -1);
  assert.equal(compareGem('2.0.0.pre', '1.9'), 1);
  assert.equal(compareNuGet('13.0.1', '13.0.1.0'), 0);
  assert.equal(compareNuGet('4.7.2.1', '4.7.3'), -1);
  assert.equal(compareNuGet('6.0.0-preview.1', '6.0.0'), -1);
});

test('manifests of Ruby, Go and .NET functions', () => {
  const gems = parseGemfileLock('Gemfile.lock', 'GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.15.4-x86_64-linux)\n      racc (~> 1.4)\n    racc (1.7.1)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  nokogiri (= 1.15.4)\n');
  assert.deepEqual(gems.dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`), ['nokogiri@1.15.4:4', 'racc@1.7.1:6']);
  const mod = parseGoMod('go.mod', 'module example.com/app\n\ngo 1.22\n\nrequire github.com/aws/aws-lambda-go v1.47.0\n\nrequire (\n\tgolang.org/x/net v0.17.0 // indirect\n\tgithub.com/aws/aws-sdk-go-v2 v1.30.3\n)\n');
  assert.deepEqual(mod.dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`), ['github.com/aws/aws-lambda-go@1.47.0:5', 'golang.org/x/net@0.17.0:8', 'github.com/aws/aws-sdk-go-v2@1.30.3:9']);
  const proj = parseCsproj('App.csproj', '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />\n    <PackageReference Include="Amazon.Lambda.Core">\n      <Version>2.2.0</Version>\n    </PackageReference>\n    <PackageReference Include="Serilog" Version="[2.0,3.0)" />\n  </ItemGroup>\n</Project>\n');
  assert.deepEqual(proj.dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`), ['Newtonsoft.Json@12.0.1:3', 'Amazon.Lambda.Core@2.2.0:4']);
  assert.deepEqual(proj.ranged?.map((d) => `${d.name} ${d.spec}`), ['Serilog [2.0,3.0)']);
});

test('a Go module, a gem and a NuGet package against OSV records of their ecosystems', () => {
  const rec = (id: string, ecosystem: string, name: string, fixed: string) => {
    const r = parseOsv({ id, affected: [{ package: { ecosystem, name }, ranges: [{ type: ecosystem === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }] }, `${id}.json`);
    assert.ok(typeof r !== 'string');
    return r;
  };
  const fns = [
    { functionId: 'Go', manifests: [parseGoMod('go.mod', 'module m\nrequire golang.org/x/net v0.17.0\n')] },
    { functionId: 'Rb', manifests: [parseGemfileLock('Gemfile.lock', 'GEM\n  specs:\n    nokogiri (1.15.4)\n    rack (3.1.8)\n')] },
    { functionId: 'Cs', manifests: [parseCsproj('a.csproj', '<PackageReference Include="newtonsoft.json" Version="12.0.1" />')] },
  ];
  const r = analyzeDependencies(fns, { dir: 'x', advisories: [rec('GO-1', 'Go', 'golang.org/x/net', '0.23.0'), rec('RB-1', 'RubyGems', 'nokogiri', '1.16.5'), rec('RB-2', 'RubyGems', 'rack', '3.1.5'), rec('NU-1', 'NuGet', 'Newtonsoft.Json', '13.0.1')] });
  assert.deepEqual(r.matches.map((m) => `${m.functions.join(',')} ${m.fixed}`).sort(), ['Cs 13.0.1', 'Go 0.23.0', 'Rb 1.16.5']);
});

test('Maven version order (POM reference: "Version Order Specification")', () => {
  // each list in ascending order
  const ascending = [
    ['1.0-alpha1', '1.0-alpha2', '1.0-beta1', '1.0-milestone1', '1.0-rc1', '1.0-SNAPSHOT', '1.0', '1.0-sp1', '1.0.1', '1.1', '1.10', '2'],
    ['1-foo2', '1-foo10'],
    ['1-1', '1.1'],
    ['1-sp-1', '1-1'],
    ['2.9.10', '2.9.10.1', '2.9.10.8', '2.10.0', '2.12.7.1', '2.13.0-rc1', '2.13.0'],
    ['1.0-rc1', '1.0-unknown'],
    ['9.99999999999999999999', '10'],
  ];
  for (const list of ascending) {
    for (let i = 0; i + 1 < list.length; i++) {
      assert.equal(compareMaven(list[i]!, list[i + 1]!), -1, `${list[i]} < ${list[i + 1]}`);
      assert.equal(compareMaven(list[i + 1]!, list[i]!), 1, `${list[i + 1]} > ${list[i]}`);
    }
  }
  for (const [a, b] of [['1', '1.0'], ['1.ga', '1'], ['1-ga', '1.0.0'], ['1-0', '1'], ['1.0.0-FINAL', '1'], ['1-a1', '1-alpha-1'], ['1-cr1', '1-rc1'], ['1.0-b2', '1.0-beta-2'], ['1.0.RELEASE', '1.0']]) {
    assert.equal(compareMaven(a!, b!), 0, `${a} = ${b}`);
  }
});

test('pom.xml: the packaged dependencies with their versions, properties resolved, build tools and test scope left out', () => {
  const pom = [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>9</version></parent>',
    '  <groupId>com.shop</groupId>',
    '  <artifactId>orders</artifactId>',
    '  <version>1.4.0</version>',
    '  <properties>',
    '    <jackson.version>2.9.10</jackson.version>',
    '  </properties>',
    '  <dependencyManagement>',
    '    <dependencies>',
    '      <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>1.33</version></dependency>',
    '    </dependencies>',
    '  </dependencyManagement>',
    '  <dependencies>',
    '    <dependency>',
    '      <groupId>com.fasterxml.jackson.core</groupId>',
    '      <artifactId>jackson-databind</artifactId>',
    '      <version>${jackson.version}</version>',
    '    </dependency>',
    '    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>',
    '    <dependency><groupId>com.shop</groupId><artifactId>common</artifactId><version>${project.version}</version></dependency>',
    '    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.12</version><scope>test</scope></dependency>',
    '    <dependency><groupId>com.amazonaws</groupId><artifactId>aws-lambda-java-core</artifactId><version>1.2.3</version><scope>provided</scope></dependency>',
    '    <!-- <dependency><groupId>commented</groupId><artifactId>out</artifactId><version>1.0</version></dependency> -->',
    '    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>[1.7,2.0)</version></dependency>',
    '    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>s3</artifactId></dependency>',
    '    <dependency><groupId>org.apache</groupId><artifactId>x</artifactId><version>${undefined.prop}</version></dependency>',
    '  </dependencies>',
    '  <build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><version>3.5.0</version>',
    '    <dependencies><dependency><groupId>org.ow2.asm</groupId><artifactId>asm</artifactId><version>5.0</version></dependency></dependencies>',
    '  </plugin></plugins></build>',
    '</project>',
  ].join('\n');
  const m = parsePom('pom.xml', pom);
  assert.equal(m.ecosystem, 'Maven');
  assert.deepEqual(m.dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`), [
    'com.fasterxml.jackson.core:jackson-databind@2.9.10:19',
    'org.yaml:snakeyaml@1.33:21',
    'com.shop:common@1.4.0:22',
  ]);
  assert.deepEqual(m.ranged?.map((d) => `${d.name} ${d.spec}`), ['org.slf4j:slf4j-api [1.7,2.0)']);
  assert.deepEqual(m.unpinned.map((d) => `${d.name} ${d.spec}`), [
    'software.amazon.awssdk:s3 (no version: from a parent POM or an imported BOM)',
    'org.apache:x ${undefined.prop}',
  ]);
});

test('a Maven package against an OSV record of the Maven ecosystem', () => {
  const r = parseOsv({ id: 'MV-1', affected: [{ package: { ecosystem: 'Maven', name: 'com.fasterxml.jackson.core:jackson-databind' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.9.0' }, { fixed: '2.9.10.8' }] }] }] }, 'MV-1.json');
  assert.ok(typeof r !== 'string');
  const pom = (v: string) => parsePom('pom.xml', `<project><dependencies><dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${v}</version></dependency></dependencies></project>`);
  const hit = analyzeDependencies([{ functionId: 'Java', manifests: [pom('2.9.10')] }], { dir: 'x', advisories: [r] });
  assert.deepEqual(hit.matches.map((m) => `${m.dependency.name}@${m.dependency.version} ${m.fixed}`), ['com.fasterxml.jackson.core:jackson-databind@2.9.10 2.9.10.8']);
  assert.deepEqual(analyzeDependencies([{ functionId: 'Java', manifests: [pom('2.9.10.8')] }], { dir: 'x', advisories: [r] }).matches, []);
  assert.deepEqual(analyzeDependencies([{ functionId: 'Java', manifests: [pom('2.10.0')] }], { dir: 'x', advisories: [r] }).matches, []);
});
