/**
 * The file boundary (src/loaders/boundary.ts): every read of a scan stays under the scanned folder
 * or a path given on the command line, reads regular files only, never blocks, never reads past
 * the size cap. Cases are laid out at test time (links, FIFOs) in a temporary folder.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanRoot, readExplicitFile } from '../../src/loaders/boundary.js';
import { discover } from '../../src/loaders/files.js';
import { discoverCdkOut, loadCdkOut } from '../../src/loaders/cdk/load.js';
import { loadAdvisories } from '../../src/loaders/dependencies.js';
import { loadConfig } from '../../src/config/load.js';
import type { Diagnostic } from '../../src/model/types.js';

let base = '';
let root = '';
let outside = '';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function fifo(path: string): boolean {
  try {
    execFileSync('mkfifo', [path]);
    return true;
  } catch {
    return false;
  }
}

before(() => {
  base = mkdtempSync(join(tmpdir(), 'nightlight-boundary-'));
  root = join(base, 'repo');
  outside = join(base, 'outside');
  write(join(outside, 'secret.yml'), 'secret: TOPSECRET\n');
  write(join(outside, 'cdk.out', 'manifest.json'), '{"version":"36.0.0","artifacts":{"L":{"type":"aws:cloudformation:stack","properties":{"templateFile":"Leak.template.json"}}}}');
  write(join(outside, 'cdk.out', 'Leak.template.json'), '{"Resources":{"TopSecret":{"Type":"AWS::SNS::Topic"}}}');
  write(join(outside, 'adv', 'a.json'), '{"id":"GHSA-outside","affected":[]}');
  write(join(root, 'template.yaml'), 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n');
  write(join(root, 'inner', 'x.yaml'), 'a: 1\n');
  symlinkSync(join(outside, 'secret.yml'), join(root, 'leak.yaml'));
  symlinkSync('/', join(root, 'rootlink'));
  symlinkSync(join(root, 'inner'), join(root, 'innerlink'));
  symlinkSync(root, join(root, 'inner', 'loop'));
  write(join(root, 'big.json'), `{"a":"${'x'.repeat(5000)}"}`);
});

after(() => rmSync(base, { recursive: true, force: true }));

test('a link out of the tree is refused, with a diagnostic that does not print the target', () => {
  const scan = new ScanRoot(root);
  const d: Diagnostic[] = [];
  assert.equal(scan.readText(join(root, 'leak.yaml'), 'leak.yaml', d), null);
  assert.equal(d[0]?.code, 'outside-root');
  assert.deepEqual(d[0]?.location, { file: 'leak.yaml', line: 1, column: 1 });
  assert.ok(!JSON.stringify(d).includes(outside));
  assert.equal(scan.readText(join(root, '..', 'outside', 'secret.yml'), '../outside/secret.yml', []), null);
});

test('a path given explicitly is readable wherever it is', () => {
  const scan = new ScanRoot(root, { explicit: [join(outside, 'adv')] });
  assert.ok(scan.readText(join(outside, 'adv', 'a.json'), 'a.json', []));
  assert.equal(scan.readText(join(outside, 'secret.yml'), 'secret.yml', []), null);
});

test('devices and FIFOs are never opened for reading; size cap', () => {
  const scan = new ScanRoot('/', { maxFileBytes: 1000 });
  const d: Diagnostic[] = [];
  assert.equal(scan.readText('/dev/zero', 'zero', d), null);
  assert.equal(d[0]?.code, 'not-a-regular-file');
  const capped = new ScanRoot(root, { maxFileBytes: 1000 });
  const d2: Diagnostic[] = [];
  assert.equal(capped.readText(join(root, 'big.json'), 'big.json', d2), null);
  assert.equal(d2[0]?.code, 'file-too-large');
  const p = join(root, 'pipe.yaml');
  if (fifo(p)) {
    const d3: Diagnostic[] = [];
    assert.equal(new ScanRoot(root).readText(p, 'pipe.yaml', d3), null, 'a FIFO does not block');
    assert.equal(d3[0]?.code, 'not-a-regular-file');
    assert.ok('error' in readExplicitFile(p), 'nor does one named on the command line');
    rmSync(p);
  }
});

test('invalid UTF-8 in source code is read lossily with a warning, not dropped', () => {
  const p = join(root, 'latin1.py');
  writeFileSync(p, Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nimport os\n')]));
  const d: Diagnostic[] = [];
  const t = new ScanRoot(root).readText(p, 'latin1.py', d, { lossy: true });
  assert.ok(t?.text.includes('import os'));
  assert.equal(d[0]?.level, 'warning');
  assert.equal(new ScanRoot(root).readText(p, 'latin1.py', []), null, 'templates stay strict');
  rmSync(p);
});

test('discovery follows links inside the tree once and never out of it', () => {
  const d: Diagnostic[] = [];
  const files = discover(new ScanRoot(root), d).map((c) => c.file);
  assert.ok(files.includes('template.yaml'));
  assert.ok(!files.includes('leak.yaml'));
  assert.ok(files.includes('inner/x.yaml'));
  assert.ok(files.every((f) => !f.startsWith('rootlink')));
  assert.ok(d.some((x) => x.code === 'symlink-outside-root' && x.location?.file === 'rootlink'));
  assert.ok(d.some((x) => x.code === 'symlink-outside-root' && x.location?.file === 'leak.yaml'));
});

test('cdk.out: discovery does not follow links out; directoryName and templateFile cannot leave the tree', () => {
  const repo = join(base, 'cdkrepo');
  write(join(repo, 'cdk.out', 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: { S: { type: 'cdk:cloud-assembly', properties: { directoryName: '../../outside/cdk.out' } }, T: { type: 'aws:cloudformation:stack', properties: { templateFile: '../../outside/cdk.out/Leak.template.json' } }, Self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } } }));
  symlinkSync(join(outside), join(repo, 'app'));
  const scan = new ScanRoot(repo);
  assert.deepEqual(discoverCdkOut(scan), ['cdk.out']);
  const d: Diagnostic[] = [];
  const templates = loadCdkOut(scan, 'cdk.out', {}, d);
  assert.deepEqual(templates, []);
  const refused = d.filter((x) => x.code === 'outside-root');
  assert.equal(refused.length, 2);
  assert.ok(refused.every((x) => x.location?.file === 'cdk.out/manifest.json' && x.location.line >= 1));
  assert.ok(!JSON.stringify(d).includes('TopSecret'));
});

test('advisories: the config may not point outside the tree; the command line may', () => {
  const d: Diagnostic[] = [];
  assert.equal(loadAdvisories(new ScanRoot(root), d, { dir: join(outside, 'adv') }), null);
  assert.equal(d[0]?.code, 'outside-root');
  assert.ok(!JSON.stringify(d).includes('GHSA-outside'));
  const ok = loadAdvisories(new ScanRoot(root, { explicit: [join(outside, 'adv')] }), [], { dir: join(outside, 'adv') });
  assert.equal(ok?.advisories[0]?.id, 'GHSA-outside');
});

test('a config file linked out of the tree is not read; the scan goes on with the defaults', () => {
  const repo = join(base, 'cfgrepo');
  mkdirSync(repo, { recursive: true });
  write(join(outside, 'cfg.yaml'), 'rules:\n  TOPSECRET_KEY: off\n');
  symlinkSync(join(outside, 'cfg.yaml'), join(repo, 'nightlight.config.yaml'));
  const loaded = loadConfig({ root: repo, ruleIds: [] });
  assert.equal(loaded.config.file, null);
  assert.deepEqual(loaded.diagnostics.map((x) => [x.level, x.code]), [['warning', 'config-refused']]);
  assert.ok(!JSON.stringify(loaded).includes('TOPSECRET'));
});

test('mayExist rules out only names a listed folder inside the tree does not hold', () => {
  const scan = new ScanRoot(root);
  // present, also in another case (a case-insensitive file system would find it)
  assert.equal(scan.mayExist(join(root, 'template.yaml')), true);
  assert.equal(scan.mayExist(join(root, 'TEMPLATE.yaml')), true);
  assert.equal(scan.mayExist(join(root, 'inner', 'x.yaml')), true);
  // a link inside the tree is listed under its own name; its folder is followed
  assert.equal(scan.mayExist(join(root, 'innerlink', 'x.yaml')), true);
  // absent from a listed folder, or under a folder that does not exist
  assert.equal(scan.mayExist(join(root, 'inner', 'y.yaml')), false);
  assert.equal(scan.mayExist(join(root, 'nowhere', 'x.yaml')), false);
  // a folder out of the tree is not listed: the file system is asked (then the boundary refuses)
  assert.equal(scan.mayExist(join(root, 'rootlink', 'etc', 'no-such-file')), true);
  // names that are not printable ASCII are not second-guessed
  assert.equal(scan.mayExist(join(root, 'inner', 'é.yaml')), true);
  // a file created after the folder was listed is not seen: the tree is taken as fixed for a scan
  write(join(root, 'inner', 'later.yaml'), 'b: 2\n');
  assert.equal(scan.mayExist(join(root, 'inner', 'later.yaml')), false);
  assert.equal(new ScanRoot(root).mayExist(join(root, 'inner', 'later.yaml')), true);
  rmSync(join(root, 'inner', 'later.yaml'));
});
