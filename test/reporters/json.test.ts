/**
 * The JSON report is a contract (DESIGN.md, docs/json-report.md): its top-level keys, the fields of
 * entry points, functions, findings, cost and diagnostics, POSIX relative locations, deterministic
 * output, and the CLI's exit codes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/api.js';
import { jsonTextPieces, renderJson, renderJsonPieces } from '../../src/reporters/json.js';
import { runCli } from '../../src/cli/index.js';
import type { CliIo } from '../../src/cli/io.js';

const ROOT = 'examples/vulnerable-shop';

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), isTty: false, env: {} };
}

describe('JSON report', () => {
  it('follows the contract', async () => {
    const report = JSON.parse(renderJson(await analyze({ root: ROOT }))) as Record<string, unknown>;
    for (const k of ['schemaVersion', 'tool', 'inputs', 'entryPoints', 'functions', 'findings', 'cost', 'diagnostics']) assert.ok(k in report, `has ${k}`);
    assert.equal(report['schemaVersion'], 1);
    assert.deepEqual(report['tool'], { name: 'nightlight', version: '0.1.0' });
    assert.deepEqual(report['inputs'], [{ file: 'template.yaml', format: 'sam' }]);
    const eps = report['entryPoints'] as Record<string, unknown>[];
    for (const ep of eps) for (const k of ['id', 'kind', 'principal', 'auth', 'targets', 'location']) assert.ok(k in ep, `entry point has ${k}`);
    assert.ok(eps.some((e) => e['principal'] === 'public' && e['auth'] === 'none'));
    const fns = report['functions'] as Record<string, unknown>[];
    for (const fn of fns) for (const k of ['id', 'runtime', 'memoryMb', 'timeoutSeconds', 'reservedConcurrency', 'role', 'handler']) assert.ok(k in fn, `function has ${k}`);
    const handler = fns.find((f) => f['id'] === 'SearchProductsFunction')!['handler'] as Record<string, unknown>;
    assert.match(String(handler['file']), /\.(m?js|ts|py)$/);
    assert.equal(handler['export'], 'handler');
    const findings = report['findings'] as Record<string, unknown>[];
    for (const f of findings) {
      for (const k of ['ruleId', 'category', 'severity', 'message', 'resource', 'functions', 'location', 'fingerprint']) assert.ok(k in f, `finding has ${k}`);
      const loc = f['location'] as { file: string; line: number; column: number };
      assert.ok(!loc.file.startsWith('/') && !loc.file.includes('\\'), 'relative POSIX path');
      assert.ok(loc.line >= 1 && loc.column >= 1, '1-based');
      assert.match(String(f['fingerprint']), /^[0-9a-f]{32}$/);
    }
    const cost = report['cost'] as Record<string, unknown>[];
    assert.ok(cost.length > 0);
    for (const c of cost) for (const k of ['entryPoint', 'function', 'worstCaseUsdPerHour', 'assumptions']) assert.ok(k in c, `cost has ${k}`);
  });

  it('is byte-identical run to run', async () => {
    assert.equal(renderJson(await analyze({ root: ROOT })), renderJson(await analyze({ root: ROOT })));
  });
});

describe('exit codes', () => {
  it('1 for findings at or above --fail-on, 0 below, 2 for a usage error or a missing path', async () => {
    assert.equal(await runCli(['scan', ROOT, '--format', 'json', '--fail-on', 'high'], io()), 1);
    assert.equal(await runCli(['scan', ROOT, '--format', 'json', '--fail-on', 'never'], io()), 0);
    assert.equal(await runCli(['scan', 'examples/clean-shop', '--format', 'json', '--fail-on', 'high'], io()), 0);
    const missing = io();
    assert.equal(await runCli(['scan', 'no/such/dir'], missing), 2);
    assert.match(missing.err.join(''), /no\/such\/dir: no such file or directory/);
    assert.equal(await runCli(['scan', ROOT, '--fail-on', 'sometimes'], io()), 2);
  });

  it('is written in pieces that join to exactly the whole text', async () => {
    const result = await analyze({ root: ROOT });
    const whole = renderJson(result);
    const pieces = [...renderJsonPieces(result, 4096)];
    assert.ok(pieces.length > 1, 'several pieces');
    assert.equal(pieces.join(''), whole);
    assert.equal([...renderJsonPieces(result)].join(''), whole);
    const odd: unknown[] = [
      {},
      { a: [] },
      { a: {}, b: [1, { c: [2, 'x\ny'], d: undefined }], e: undefined, f: () => 1, g: null },
      { list: [undefined, () => 1, Symbol('s'), { nested: { deep: [[], [[]], {}] } }], date: new Date(0), text: 'line\nbreak "quoted"' },
      { only: [[1, 2], [3]] },
      { many: Array.from({ length: 450 }, (_, i) => ({ i, s: 'x'.repeat(i % 7), nested: [i, { k: i }, []] })), after: [{}], __proto__x: 1 },
      { list: [1], when: new Date(0), empty: [], tail: {} },
      [1, 2],
      'text',
      null,
    ];
    for (const v of odd) assert.equal([...jsonTextPieces(v)].join(''), JSON.stringify(v, null, 2), JSON.stringify(v));
  });

  it('writes the report in pieces to -o exactly as to standard output', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'nightlight-json-'));
    try {
      const a = io();
      await runCli(['scan', ROOT, '--format', 'json', '--fail-on', 'never', '--no-cache'], a);
      const b = io();
      await runCli(['scan', ROOT, '--format', 'json', '--fail-on', 'never', '--no-cache', '-o', join(dir, 'r.json')], b);
      assert.equal(readFileSync(join(dir, 'r.json'), 'utf8'), a.out.join(''));
      assert.equal(a.out.join(''), renderJson(await analyze({ root: ROOT, cache: false })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
