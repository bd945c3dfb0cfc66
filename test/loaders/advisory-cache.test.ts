/**
 * `nightlight advisories update` against a loopback HTTP server (no real network): the OSV
 * exports are downloaded, read defensively (ZIP64, hostile names, invalid records), compiled into
 * the cache, swapped in only when every ecosystem arrived, and read by scans with the snapshot date.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAdvisoryCache, shardOf, SNAPSHOT_FILE, updateAdvisories } from '../../src/loaders/advisory-cache.js';
import { analyze } from '../../src/api.js';
import { runCli } from '../../src/cli/index.js';
import { captureIo } from '../diff/helpers.js';
import { writeZip } from './live/zip-writer.js';

const here = join(import.meta.dirname, '..', 'rules', 'code', 'no-vulnerable-dependency', 'invalid-ranges-sam', '.nightlight', 'advisories');
const record = (id: string) => readFileSync(join(here, `${id}.json`), 'utf8');

const npmZip = writeZip(
  [
    { name: 'GHSA-35jh-r3h4-6jhm.json', data: record('GHSA-35jh-r3h4-6jhm'), deflate: true },
    { name: 'GHSA-xvch-5gv4-984h.json', data: record('GHSA-xvch-5gv4-984h') },
    { name: '../escape.json', data: record('GHSA-xvch-5gv4-984h') },
    { name: 'broken.json', data: '{ not json' },
    { name: 'link.json', data: 'GHSA-35jh-r3h4-6jhm.json', mode: 0o120777 },
    { name: 'MAL-0000-withdrawn.json', data: JSON.stringify({ id: 'MAL-0000-withdrawn', withdrawn: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] }) },
  ],
  { zip64: true },
);
const pypiZip = writeZip([{ name: 'GHSA-8q59-q68h-6hv4.json', data: record('GHSA-8q59-q68h-6hv4'), deflate: true }]);

describe('advisories update from a loopback server', () => {
  let server: Server;
  let base = '';
  let requests: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'nightlight-advisories-'));
  const cache = join(work, 'cache');
  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const body = req.url === '/npm/all.zip' ? npmZip : req.url === '/PyPI/all.zip' ? pypiZip : null;
      if (!body) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(body.length) }).end(body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  after(() => {
    server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('downloads, compiles and records the date; hostile entries are skipped with one line', async () => {
    const r = await updateAdvisories({ dir: cache, ecosystems: ['npm', 'PyPI'], baseUrl: base, now: () => new Date('2026-12-07T10:00:00Z') });
    assert.deepEqual(requests, ['/npm/all.zip', '/PyPI/all.zip']);
    assert.deepEqual(r.ecosystems.map((e) => `${e.name} ${e.records} ${e.skipped}`), ['npm 2 2', 'PyPI 1 0']);
    assert.ok(r.diagnostics.some((d) => /link\.json is a symbolic link/.test(d.message)));
    assert.ok(r.diagnostics.some((d) => /npm\/all\.zip: 2 entries skipped \("\.\.\/escape\.json" is not a record name; broken\.json is not valid JSON\)/.test(d.message)));
    const meta = JSON.parse(readFileSync(join(cache, SNAPSHOT_FILE), 'utf8'));
    assert.equal(meta.ecosystems.npm.date, '2026-12-07T10:00:00.000Z');
    assert.equal(meta.ecosystems.PyPI.records, 1);
    const shard = readFileSync(join(cache, 'npm', `${shardOf('lodash')}.tsv`), 'utf8');
    assert.match(shard, /^lodash\t\{"id":"GHSA-35jh-r3h4-6jhm"/m);
    assert.doesNotMatch(shard, /MAL-0000/);
    // nothing was written outside the cache, no staging folder is left
    assert.deepEqual(readdirSync(work), ['cache']);
    assert.deepEqual(readdirSync(cache).sort(), ['PyPI', SNAPSHOT_FILE, 'npm']);
  });

  it('a failed download replaces nothing', async () => {
    const before = readFileSync(join(cache, SNAPSHOT_FILE), 'utf8');
    await assert.rejects(updateAdvisories({ dir: cache, ecosystems: ['npm', 'Go'], baseUrl: base, now: () => new Date('2026-12-08T10:00:00Z') }), /Go\/all\.zip: HTTP 404/);
    assert.equal(readFileSync(join(cache, SNAPSHOT_FILE), 'utf8'), before);
    assert.deepEqual(readdirSync(cache).sort(), ['PyPI', SNAPSHOT_FILE, 'npm']);
  });

  it('scans read the cache offline and print its date', async () => {
    const app = join(work, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(join(app, 'template.yaml'), "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.handler\n      Runtime: python3.12\n");
    writeFileSync(join(app, 'src', 'app.py'), 'def handler(event, context):\n    return 1\n');
    writeFileSync(join(app, 'src', 'requirements.txt'), 'pyyaml==5.3.1\nrequests==2.31.0\n');
    const run = await analyze({ root: app, advisoryCache: cache });
    const found = run.findings.filter((f) => f.ruleId === 'code/no-vulnerable-dependency');
    assert.deepEqual(found.map((f) => `${f.location.file}:${f.location.line} ${f.message.split(':')[1]?.trim()}`), ['src/requirements.txt:1 pyyaml 5.3.1 is affected by GHSA-8q59-q68h-6hv4 / CVE-2020-14343, PYSEC-2021-142 (Improper Input Validation in PyYAML); upgrade to 5.4 or later.']);
    const line = run.diagnostics.find((d) => d.code === 'advisories-snapshot');
    assert.match(line?.message ?? '', /^advisories: OSV snapshot of 2026-12-07 \(.*cache\); 1 manifest checked$/);
    // without a snapshot: one line, not an error
    const none = await analyze({ root: app, advisoryCache: join(work, 'missing') });
    assert.deepEqual(none.diagnostics.filter((d) => /^advisor/.test(d.code)).map((d) => `${d.level} ${d.code}`), ['info advisories-absent']);
  });

  it('the CLI command: the cache from the environment, bad ecosystem names refused', async () => {
    const io = { ...captureIo(), env: { NIGHTLIGHT_ADVISORIES_DIR: join(work, 'env-cache') } };
    assert.equal(await runCli(['advisories', 'update', '--ecosystems', 'pypi', '--url', base], io), 0);
    assert.match(io.out.join(''), /^advisory snapshot of \d{4}-\d\d-\d\d in .*env-cache: PyPI 1 records\n$/);
    assert.equal(await runCli(['advisories', 'update', '--ecosystems', 'cargo', '--url', base], io), 2);
    const failing = { ...captureIo(), env: io.env };
    assert.equal(await runCli(['advisories', 'update', '--ecosystems', 'Go', '--url', base], failing), 1);
    assert.match(failing.err.join(''), /unchanged: .*HTTP 404/);
  });

  it('where the cache lives', () => {
    assert.equal(defaultAdvisoryCache({ NIGHTLIGHT_ADVISORIES_DIR: '/x/y' }, '/home/u'), '/x/y');
    assert.equal(defaultAdvisoryCache({ XDG_CACHE_HOME: '/c' }, '/home/u'), '/c/nightlight/advisories');
    assert.equal(defaultAdvisoryCache({}, '/home/u'), '/home/u/.cache/nightlight/advisories');
  });
});
