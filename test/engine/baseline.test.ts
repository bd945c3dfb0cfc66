/**
 * Baselines: --write-baseline accepts today's findings, --baseline fails only on new ones, stale
 * entries are reported, --prune-baseline removes them. Matching is by fingerprint only.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyBaseline, createBaseline, parseBaseline, renderBaseline, type Baseline } from '../../src/engine/baseline.js';
import type { Finding } from '../../src/model/findings.js';
import { runCli } from '../../src/cli/index.js';
import { captureIo, tempDir, writeFiles } from '../diff/helpers.js';
import { BASE_TEMPLATE, CHANGED_TEMPLATE, HANDLER } from '../diff/sam-app.js';

function f(fp: string, ruleId: string, resource: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId, category: 'public-unauthenticated-entry', severity: 'high', message: `${ruleId} on ${resource}`, resource, functions: [], location: { file: 't.yaml', line: 1, column: 1 }, fingerprint: fp, ...extra };
}

describe('baseline file', () => {
  it('is sorted, has no timestamp, and skips findings suppressed otherwise', () => {
    const b = createBaseline([f('2', 'z/rule', 'A'), f('1', 'a/rule', 'B'), f('3', 'a/rule', 'A'), f('4', 'a/rule', 'C', { suppression: { reason: 'r', source: 'inline' } })], '9.9.9');
    assert.equal(
      renderBaseline(b),
      `${JSON.stringify(
        {
          version: 1,
          tool: { name: 'nightlight', version: '9.9.9' },
          entries: [
            { fingerprint: '3', ruleId: 'a/rule', resource: 'A', message: 'a/rule on A' },
            { fingerprint: '1', ruleId: 'a/rule', resource: 'B', message: 'a/rule on B' },
            { fingerprint: '2', ruleId: 'z/rule', resource: 'A', message: 'z/rule on A' },
          ],
        },
        null,
        2,
      )}\n`,
    );
    assert.deepEqual(parseBaseline(renderBaseline(b), 'b.json').baseline, b);
  });

  it('accepts by fingerprint only: the same rule on another resource is new', () => {
    const b: Baseline = createBaseline([f('fp-a', 'r/x', 'aws_s3_bucket.this')], '0.1.0');
    const findings = [f('fp-a', 'r/x', 'aws_s3_bucket.this'), f('fp-b', 'r/x', 'aws_s3_bucket.this', { location: { file: 'other/main.tf', line: 1, column: 1 } })];
    const diagnostics: { message: string }[] = [];
    const outcome = applyBaseline(findings, b, 'b.json', diagnostics as never);
    assert.equal(findings[0]!.suppression?.source, 'baseline');
    assert.equal(findings[1]!.suppression, undefined);
    assert.equal(outcome.accepted, 1);
    assert.deepEqual(outcome.stale, []);
  });

  it('rejects what is not a baseline, naming the file', () => {
    assert.match(parseBaseline('{', 'b.json').diagnostics[0]!.message, /^b\.json: not a nightlight baseline: invalid JSON/);
    assert.match(parseBaseline('{"version":2,"entries":[]}', 'b.json').diagnostics[0]!.message, /^b\.json: unsupported baseline version 2/);
  });
});

describe('scan --write-baseline / --baseline / --prune-baseline', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const app = join(tmp.dir, 'app');
  const file = join(tmp.dir, 'nightlight-baseline.json');

  it('fails only on findings the baseline does not hold, and reports stale entries', async () => {
    writeFiles(app, { 'template.yaml': CHANGED_TEMPLATE, 'src/index.js': HANDLER });
    assert.equal(await runCli(['scan', app], captureIo()), 1, 'the app has high findings');

    const w = captureIo();
    assert.equal(await runCli(['scan', app, '--write-baseline', file], w), 0);
    const written = parseBaseline(readFileSync(file, 'utf8'), file).baseline!;
    assert.ok(written.entries.some((e) => e.ruleId === 'surface/no-unauthenticated-api-route'));
    assert.match(w.err.join(''), new RegExp(`wrote ${written.entries.length} finding\\(s\\) to the baseline`));

    // Same findings, reformatted elsewhere: accepted.
    const same = captureIo();
    assert.equal(await runCli(['scan', app, '--baseline', file, '--format', 'json'], same), 0, same.err.join(''));
    const report = JSON.parse(same.out.join('')) as { findings: { suppression?: { source: string } }[]; diagnostics: { code: string }[] };
    assert.ok(report.findings.every((x) => x.suppression?.source === 'baseline'));
    assert.deepEqual(report.diagnostics.filter((d) => d.code === 'baseline-stale'), []);

    // A new public route: only it fails the build.
    writeFiles(app, { 'template.yaml': CHANGED_TEMPLATE + `        DeleteOrder:\n          Type: Api\n          Properties:\n            Path: /orders/{id}\n            Method: delete\n` });
    const grown = captureIo();
    assert.equal(await runCli(['scan', app, '--baseline', file, '--format', 'json'], grown), 1);
    const open = (JSON.parse(grown.out.join('')) as { findings: { message: string; suppression?: unknown }[] }).findings.filter((x) => !x.suppression);
    assert.ok(open.length > 0);
    for (const x of open) assert.match(x.message, /DELETE \/orders\/\{id\}|OrdersFunction|ServerlessRestApi/);

    // The route is made private again: its entries are stale.
    writeFiles(app, { 'template.yaml': BASE_TEMPLATE });
    const shrunk = captureIo();
    assert.equal(await runCli(['scan', app, '--baseline', file, '--format', 'json'], shrunk), 0);
    const shrunkReport = JSON.parse(shrunk.out.join('')) as { findings: { fingerprint: string; suppression?: { source: string } }[]; diagnostics: { level: string; code: string; message: string }[] };
    const kept = shrunkReport.findings.filter((x) => x.suppression?.source === 'baseline').map((x) => x.fingerprint).sort();
    const stale = shrunkReport.diagnostics.filter((d) => d.code === 'baseline-stale');
    assert.ok(stale.length > 0);
    assert.equal(stale.length + kept.length, written.entries.length);
    assert.ok(stale.every((d) => d.level === 'warning' && d.message.includes('--prune-baseline')));
    assert.ok(stale.some((d) => d.message.includes('surface/no-unauthenticated-api-route on rest-api-method:ServerlessRestApi:POST /orders→OrdersFunction')));

    const prune = captureIo();
    assert.equal(await runCli(['scan', app, '--baseline', file, '--prune-baseline'], prune), 0);
    assert.match(prune.err.join(''), new RegExp(`pruned ${stale.length} stale entr(y|ies)`));
    assert.deepEqual(parseBaseline(readFileSync(file, 'utf8'), file).baseline!.entries.map((e) => e.fingerprint).sort(), kept);
  });

  it('usage errors: missing file, --prune-baseline without --baseline, a broken file', async () => {
    const a = captureIo();
    assert.equal(await runCli(['scan', app, '--baseline', join(tmp.dir, 'nope.json')], a), 2);
    assert.match(a.err.join(''), /nope\.json: baseline file not found/);
    const b = captureIo();
    assert.equal(await runCli(['scan', app, '--prune-baseline'], b), 2);
    assert.match(b.err.join(''), /--prune-baseline rewrites the file given with --baseline/);
    const broken = join(tmp.dir, 'broken.json');
    writeFileSync(broken, '[]');
    const c = captureIo();
    assert.equal(await runCli(['scan', app, '--baseline', broken], c), 2);
    assert.match(c.err.join(''), /broken\.json: not a nightlight baseline/);
  });
});
