/**
 * Change impact end to end: a git repository built in the test, `diff` between its revisions
 * (through git, without touching the working tree), between saved JSON reports, and against the
 * working tree; a reformatting commit (keys reordered, indentation, YAML → JSON) changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDiff } from '../../src/diff/run.js';
import type { DiffResult } from '../../src/diff/types.js';
import { runCli } from '../../src/cli/index.js';
import { captureIo, commit, git, initRepo, tempDir, writeFiles } from './helpers.js';
import { BASE_TEMPLATE, CHANGED_TEMPLATE, HANDLER, JSON_TEMPLATE, REFORMATTED_TEMPLATE } from './sam-app.js';

function perms(list: DiffResult['permissions']['broadened']): string[] {
  return list.map((p) => `${p.function} ${p.action} ${p.resource}`);
}

function assertNoChange(d: DiffResult): void {
  assert.deepEqual(d.entryPoints, { added: [], removed: [] });
  assert.deepEqual(d.auth, { weakened: [], strengthened: [] });
  assert.deepEqual(d.principals, { widened: [], narrowed: [] });
  assert.deepEqual(d.permissions, { broadened: [], narrowed: [] });
  assert.deepEqual(d.capabilities, { added: [] });
  assert.deepEqual(d.cost, { up: [], down: [] });
  assert.deepEqual(d.findings.new, []);
  assert.deepEqual(d.findings.fixed, []);
  assert.deepEqual(d.diagnostics, []);
  assert.equal(d.summary.changed, false);
  assert.equal(d.headline, 'This change does not alter the attack surface, permissions, cost ceilings or findings.');
}

describe('diff between git revisions', () => {
  const tmp = tempDir();
  const repo = join(tmp.dir, 'repo');
  const extract = join(tmp.dir, 'extract');
  const reports = join(tmp.dir, 'reports');
  let change: DiffResult;

  before(async () => {
    mkdirSync(repo);
    mkdirSync(extract);
    mkdirSync(reports);
    initRepo(repo);
    commit(repo, 'orders service', { 'template.yaml': BASE_TEMPLATE, 'src/index.js': HANDLER, 'README.md': '# orders\n' });
    assert.equal(await runCli(['scan', repo, '--format', 'json', '--output', join(reports, 'base.json'), '--fail-on', 'never'], captureIo()), 0);
    commit(repo, 'public create route, s3 wildcard', { 'template.yaml': CHANGED_TEMPLATE });
    assert.equal(await runCli(['scan', repo, '--format', 'json', '--output', join(reports, 'head.json'), '--fail-on', 'never'], captureIo()), 0);
    commit(repo, 'reformat', { 'template.yaml': REFORMATTED_TEMPLATE });
    commit(repo, 'to json', { 'template.yaml': null, 'template.json': JSON_TEMPLATE });
    change = await runDiff({ base: 'HEAD~3', head: 'HEAD~2', root: repo, tempDir: extract });
  });
  after(() => tmp.cleanup());

  it('reports exactly the new route', () => {
    assert.deepEqual(
      change.entryPoints.added.map((e) => [e.kind, e.label, e.source, e.principal, e.auth, e.targets]),
      [['rest-api-method', 'POST /orders', 'ServerlessRestApi', 'public', 'none', ['OrdersFunction']]],
    );
    assert.equal(change.entryPoints.added[0]!.location?.file, 'template.yaml');
    assert.deepEqual(change.entryPoints.removed, []);
    assert.deepEqual(change.auth, { weakened: [], strengthened: [] });
    assert.deepEqual(change.principals, { widened: [], narrowed: [] });
  });

  it('reports exactly the broadened permission', () => {
    assert.deepEqual(perms(change.permissions.broadened), ['OrdersFunction s3:* *']);
    assert.equal(change.permissions.broadened[0]!.accessLevel, 'all');
    assert.deepEqual(change.permissions.narrowed, []);
  });

  it('reports the new findings, all about the new route, and no fixed ones', () => {
    const ids = change.findings.new.map((f) => f.ruleId);
    assert.ok(ids.includes('surface/no-unauthenticated-api-route'), ids.join(', '));
    const route = change.findings.new.find((f) => f.ruleId === 'surface/no-unauthenticated-api-route')!;
    assert.equal(route.resource, 'rest-api-method:ServerlessRestApi:POST /orders→OrdersFunction');
    for (const f of change.findings.new) assert.match(f.message + JSON.stringify(f.related ?? []), /POST \/orders|s3:\*|OrdersFunction/, `${f.ruleId}: ${f.message}`);
    assert.ok(!change.findings.new.some((f) => /GET \/orders/.test(f.message)), 'the unchanged GET route brings no new finding');
    assert.deepEqual(change.findings.fixed, []);
    for (const c of change.capabilities.added) assert.ok(change.findings.new.includes(c));
    // Whatever the base already had is still there, unchanged.
    const baseFindings = (JSON.parse(readFileSync(join(reports, 'base.json'), 'utf8')) as { findings: unknown[] }).findings;
    assert.equal(change.findings.unchanged, baseFindings.length);
  });

  it('reports the cost change of the new route only', () => {
    assert.deepEqual(
      change.cost.up.map((c) => [c.label, c.fromUsdPerDay]),
      [['POST /orders', null]],
    );
    assert.ok(change.cost.up[0]!.toUsdPerDay! > 0);
    assert.deepEqual(change.cost.down, []);
  });

  it('summarises in one headline', () => {
    assert.equal(change.summary.entryPointsAdded, 1);
    assert.equal(change.summary.publicEntryPointsAdded, 1);
    assert.equal(change.summary.permissionsBroadened, 1);
    assert.match(change.headline, /^This change adds 1 public entry point, broadens 1 permission, (adds \d+ dangerous capabilit(y|ies), )?raises 1 cost ceiling \(\+\$[\d,.]+\/day\), adds \d+ findings \(.*\d+ high.*\)\.$/);
    assert.deepEqual(change.diagnostics, []);
    assert.deepEqual([change.base.kind, change.base.ref, change.head.kind, change.head.ref], ['git', 'HEAD~3', 'git', 'HEAD~2']);
    assert.match(change.base.commit ?? '', /^[0-9a-f]{40}$/);
  });

  it('reports no change for reordered keys, new indentation and comments', async () => {
    assertNoChange(await runDiff({ base: 'HEAD~2', head: 'HEAD~1', root: repo, tempDir: extract }));
  });

  it('reports no change for YAML converted to JSON', async () => {
    assertNoChange(await runDiff({ base: 'HEAD~1', head: 'HEAD', root: repo, tempDir: extract }));
    assertNoChange(await runDiff({ base: 'HEAD~2', head: 'HEAD', root: repo, tempDir: extract }));
  });

  it('removes every extracted revision and leaves the working tree alone', () => {
    assert.deepEqual(readdirSync(extract), []);
    assert.equal(git(repo, 'status', '--porcelain'), '');
    assert.ok(existsSync(join(repo, 'template.json')) && !existsSync(join(repo, 'template.yaml')));
  });

  it('gives the same result from two saved JSON reports', async () => {
    const fromReports = await runDiff({ base: join(reports, 'base.json'), head: join(reports, 'head.json') });
    assert.equal(fromReports.base.kind, 'report');
    const strip = (d: DiffResult) => ({ ...d, base: null, head: null });
    assert.deepEqual(strip(fromReports), strip(change));
  });

  it('compares against the working tree when head is omitted', async () => {
    writeFiles(repo, { 'template.json': JSON_TEMPLATE.replace(/,\s*\{\s*"Statement": \[\s*\{[^\]]*\}\s*\]\s*\}/, '') });
    try {
      const d = await runDiff({ base: 'HEAD', root: repo, tempDir: extract });
      assert.equal(d.head.kind, 'worktree');
      assert.deepEqual(perms(d.permissions.narrowed), ['OrdersFunction s3:* *']);
      assert.deepEqual(d.permissions.broadened, []);
      assert.deepEqual(d.entryPoints, { added: [], removed: [] });
    } finally {
      git(repo, 'checkout', '--', 'template.json');
    }
  });

  it('runs from the command line: --fail-on applies to what the change introduced', async () => {
    const io = captureIo();
    const sarifFile = join(tmp.dir, 'new.sarif');
    const mdFile = join(tmp.dir, 'comment.md');
    const code = await runCli(['diff', 'HEAD~3', 'HEAD~2', '-C', repo, '--format', 'json', '--sarif-output', sarifFile, '--markdown-output', mdFile], io);
    assert.equal(code, 1, io.err.join(''));
    const json = JSON.parse(io.out.join('')) as DiffResult;
    assert.equal(json.kind, 'nightlight-diff');
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => r.partialFingerprints['nightlight/v1']).sort(),
      json.findings.new.map((f) => f.fingerprint).sort(),
    );
    const md = readFileSync(mdFile, 'utf8');
    assert.ok(md.startsWith('<!-- nightlight-diff -->\n'));
    assert.ok(md.includes(`**${json.headline}**`));
    assert.equal(await runCli(['diff', 'HEAD~3', 'HEAD~2', '-C', repo, '--fail-on', 'never'], captureIo()), 0);
    // The reformatting commits introduce nothing, whatever the threshold.
    assert.equal(await runCli(['diff', 'HEAD~2', 'HEAD', '-C', repo, '--fail-on', 'low'], captureIo()), 0);
  });

  it('rejects what is neither a revision nor a report', async () => {
    const io = captureIo();
    assert.equal(await runCli(['diff', 'no-such-rev', '-C', repo], io), 2);
    assert.match(io.err.join(''), /"no-such-rev" is neither a JSON report nor a revision/);
    const io2 = captureIo();
    assert.equal(await runCli(['diff', 'missing.json', 'HEAD'], io2), 2);
    assert.match(io2.err.join(''), /missing\.json: no such report file/);
  });
});
