/**
 * The terminal report fits the terminal: no line wider than the width, two spaces between table
 * columns (a cut cell never runs into its neighbour), one block per record when a table does not
 * fit; the direct target comes first, the worst finding is shown, and a verdict line closes it.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyze } from '../../src/api.js';
import type { RunResult } from '../../src/engine/result.js';
import { renderTerminal } from '../../src/reporters/terminal.js';
import { table, wrap } from '../../src/reporters/layout.js';

const ROOT = 'examples/vulnerable-shop';
let result: RunResult;
before(async () => {
  result = await analyze({ root: ROOT });
});

/** Columns of a plain-text line (every character here is one column wide). */
const cols = (line: string) => [...line].length;

/** Checks that every row of the table under `header` keeps two spaces before each column start. */
function assertColumnsApart(lines: string[], header: string): void {
  const at = lines.findIndex((l) => l.trimStart().startsWith(header));
  assert.ok(at >= 0, `table ${header} present`);
  const starts = [...lines[at]!.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index!);
  for (let i = at + 1; i < lines.length && lines[i]!.startsWith('  ') && lines[i]!.trim() !== ''; i++) {
    const row = lines[i]!;
    if (cols(row) < starts[1]!) continue;
    for (const s of starts.slice(1)) {
      if (s >= row.length) continue;
      assert.equal(row.slice(s - 2, s), '  ', `row ${JSON.stringify(row)} keeps two spaces before column ${s}`);
    }
  }
}

describe('terminal report', () => {
  for (const width of [80, 120, 200]) {
    it(`has no line over ${width} columns and no cell running into its neighbour`, () => {
      const text = renderTerminal(result, { color: false, width, failOn: 'high' });
      const lines = text.split('\n');
      const over = lines.filter((l) => cols(l) > width);
      assert.deepEqual(over, []);
      assertColumnsApart(lines, 'FUNCTION');
      if (lines.some((l) => l.trimStart().startsWith('WHO '))) assertColumnsApart(lines, 'WHO');
    });
  }

  it('is a table when it fits, one block per entry point when it does not', () => {
    const narrow = renderTerminal(result, { color: false, width: 80 });
    assert.doesNotMatch(narrow, /^ {2}WHO /m);
    assert.match(narrow, /^ {2}public · GET \/search \(ShopApi\)\n {4}auth {5}none\n {4}reaches {2}SearchProductsFunction\n {4}worst {4}critical sql-injection$/m);
    const wide = renderTerminal(result, { color: false, width: 200 });
    assert.match(wide, /^ {2}WHO {2,}AUTH {2,}ENTRY POINT {2,}REACHES {2,}WORST$/m);
    assert.match(wide, /^ {2}public {2,}none {2,}GET \/search \(ShopApi\) {2,}SearchProductsFunction {2,}critical sql-injection$/m);
  });

  it('names the direct target first and counts the cascade after it', () => {
    const text = renderTerminal(result, { color: false, width: 200 });
    const row = text.split('\n').find((l) => l.includes('POST /orders (ShopApi)'))!;
    assert.match(row, / CreateOrderFunction \+\d+ via cascade /);
  });

  it('says a worst capability is unknown when the reached functions\' permissions could not be read', () => {
    const surface = result.analyses.surface!;
    const search = Object.keys(surface.blastRadius).find((id) => id.includes('GET /search'))!;
    const unread = {
      ...result,
      findings: [],
      analyses: { ...result.analyses, surface: { ...surface, blastRadius: { ...surface.blastRadius, [search]: { services: {}, worst: null, unknown: ['SearchProductsFunction: role Imported is not defined in the scanned templates'], risks: [] } } } },
    };
    const row = renderTerminal(unread, { color: false, width: 200 }).split('\n').find((l) => l.includes('GET /search (ShopApi)'))!;
    assert.match(row, / {2}permissions unknown \(SearchProductsFunction\)$/);
  });

  it('closes with a verdict against --fail-on', () => {
    const active = result.findings.filter((f) => !f.suppression);
    const failing = active.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
    assert.ok(failing > 0);
    const fail = renderTerminal(result, { color: false, width: 200, failOn: 'high' }).trimEnd().split('\n').at(-1)!;
    assert.match(fail, new RegExp(`^FAIL: ${failing} finding\\(s\\) at or above high \\(\\d+ critical, \\d+ high\\)`));
    const pass = renderTerminal({ ...result, findings: active.filter((f) => f.severity === 'info') }, { color: false, width: 200, failOn: 'high' }).trimEnd().split('\n').at(-1)!;
    assert.match(pass, /^PASS: no finding at or above high/);
  });

  it('--quiet leaves out the surface, cost and function tables', () => {
    const text = renderTerminal(result, { color: false, width: 100, quiet: true });
    assert.doesNotMatch(text, /Attack surface|Functions|Worst-case cost/);
    assert.match(text, /Findings \(\d+\)/);
  });
});

describe('layout', () => {
  it('wraps at spaces and cuts a word longer than the line', () => {
    assert.deepEqual(wrap('aaa bbb ccc', 9, '  '), ['  aaa bbb', '  ccc']);
    assert.deepEqual(wrap('x'.repeat(20), 12, '', ''), ['x'.repeat(12), 'x'.repeat(8)]);
  });

  it('cuts only columns that may be cut, and gives up when nothing fits', () => {
    const rows = [['alpha', 'a long description here']];
    assert.deepEqual(table([{ header: 'NAME' }, { header: 'TEXT', min: 6 }], rows, 20, ''), ['NAME   TEXT', 'alpha  a long descr…']);
    assert.equal(table([{ header: 'NAME' }, { header: 'TEXT' }], rows, 20, ''), null);
  });
});

describe('the CLI in a pipe', () => {
  it('exits cleanly when the reader closes early (| head, | true)', () => {
    // `true` is gone before the report is written, so the write meets a closed pipe (EPIPE).
    const closed = spawnSync('bash', ['-c', `node --import tsx bin/nightlight.ts scan ${ROOT} --fail-on never | true; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    assert.equal(closed.stderr, '');
    assert.equal(closed.status, 0, 'the scan\'s own exit code, not a crash');
    const head = spawnSync('bash', ['-c', `node --import tsx bin/nightlight.ts scan ${ROOT} | head -n 1; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    assert.match(head.stdout, /^nightlight \S+ — /);
    assert.equal(head.stderr, '');
    assert.equal(head.status, 1);
  });
});

describe('progress line', () => {
  it('only on a terminal stderr, after a second, erased at the end', async () => {
    const { startProgress } = await import('../../src/cli/index.js');
    const { mock } = await import('node:test');
    const written: string[] = [];
    const io = { stdout: () => {}, stderr: (s: string) => void written.push(s), isTty: false, env: {} };
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      startProgress(io, 'app').stop();
      const piped = startProgress(io, 'app');
      mock.timers.tick(3000);
      piped.stop();
      assert.deepEqual(written, [], 'nothing when stderr is not a terminal');
      const quick = startProgress({ ...io, stderrIsTty: true }, 'app');
      mock.timers.tick(500);
      quick.stop();
      assert.deepEqual(written, [], 'nothing for a scan under a second');
      const slow = startProgress({ ...io, stderrIsTty: true }, 'app');
      mock.timers.tick(2000);
      slow.stop();
      assert.equal(written.length, 3);
      assert.match(written[0]!, /^\r\u001b\[Knightlight: scanning app … \d+ s$/);
      assert.equal(written[2], '\r\u001b[K');
    } finally {
      mock.timers.reset();
    }
  });

  it('names each stage of a scan as it starts, the analyses one by one', async () => {
    const messages: string[] = [];
    await analyze({ root: ROOT, workers: 0, progress: (m) => messages.push(m) });
    const stages = [/^building the model of \d+ stacks$/, /^analysing \d+ functions of \d+ stacks$/, /^IAM: the permissions and risks of \d+ roles$/, /^code: \d+ handlers$/, /^attack surface$/, /^least privilege$/, /^cost$/, /^IAM: roles no function runs with$/, /^configuration secrets$/, /^running the rules$/];
    let at = -1;
    for (const stage of stages) {
      const next = messages.findIndex((m, i) => i > at && stage.test(m));
      assert.ok(next > at, `${stage} after the stage before it: ${messages.join(' | ')}`);
      at = next;
    }
  });
});
