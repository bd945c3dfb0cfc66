/**
 * Owners and trust boundaries end to end (docs/owners.md): the two-teams example (a CODEOWNERS
 * file and two teams' stacks) in the JSON report and the terminal; owner precedence; hostile
 * CODEOWNERS files; and no change at all without owner information.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { renderJson, toJsonReport } from '../../src/reporters/json.js';
import { renderTerminal } from '../../src/reporters/terminal.js';
import { validateConfig } from '../../src/config/schema.js';

const EXAMPLE = 'examples/two-teams';

test('two teams: boundaries[] and owners[] in the JSON report, with what crosses and whom to ask', async () => {
  const r = await analyze({ root: EXAMPLE });
  const json = toJsonReport(r) as { boundaries?: { id: string; kind: string; owners: { from: string[]; to: string[] }; crosses: { actions: string[]; events: string[] }; ask: string[]; location: { file: string; line: number } }[]; owners?: { id: string; owners: string[]; source: string; code?: { owners: string[] } }[] };
  const byId = new Map((json.boundaries ?? []).map((b) => [b.id, b]));
  assert.deepEqual([...byId.keys()].sort(), ['write:CreateOrderFunction->BillingQueue', 'write:OrdersReportFunction->InvoicesTable']);
  const send = byId.get('write:CreateOrderFunction->BillingQueue')!;
  assert.deepEqual(send.owners, { from: ['@org/orders'], to: ['@org/billing'] });
  assert.deepEqual(send.ask, ['@org/billing']);
  assert.deepEqual(send.crosses.actions, ['sqs:SendMessage']);
  assert.deepEqual(send.crosses.events, ['ChargeFunction: event.Records.*.body → mysql2#query']);
  assert.deepEqual({ file: send.location.file, line: send.location.line }, { file: 'orders/template.yaml', line: 15 });
  const owners = new Map((json.owners ?? []).map((o) => [o.id, o]));
  assert.deepEqual(owners.get('ChargeFunction')?.owners, ['@org/billing']);
  assert.equal(owners.get('ChargeFunction')?.source, 'codeowners');
  // Metadata and tags outrank the file's owner; the handler code's owner is said too.
  assert.equal(owners.get('OrdersCleanupFunction')?.source, 'metadata');
  assert.deepEqual(owners.get('OrdersCleanupFunction')?.code?.owners, ['@org/platform']);
  assert.equal(owners.get('BillingExportFunction')?.source, 'tag');
  assert.deepEqual(owners.get('BillingExportFunction')?.owners, ['@org/billing']);
  // Deterministic.
  assert.equal(renderJson(r), renderJson(await analyze({ root: EXAMPLE })));
});

test('two teams: the terminal prints a trust boundaries table', async () => {
  const r = await analyze({ root: EXAMPLE });
  const text = renderTerminal(r, { color: false, width: 160 });
  const at = text.indexOf('Trust boundaries (2)');
  assert.ok(at > 0, text);
  const section = text.slice(at, text.indexOf('Findings (', at));
  assert.match(section, /EDGE\s+KIND\s+OWNERS\s+WHAT CROSSES/);
  assert.match(section, /CreateOrderFunction → BillingQueue\s+write\s+@org\/orders → @org\/billing\s+sqs:SendMessage; tainted: 1 field\(s\) to a sink/);
  assert.match(section, /OrdersReportFunction → InvoicesTable\s+write\s+@org\/orders → @org\/billing/);
});

test('without owner information nothing changes: no owners analysis, no owners or boundaries keys', async () => {
  for (const root of ['examples/vulnerable-shop', 'examples/clean-shop']) {
    const r = await analyze({ root });
    assert.equal(r.analyses.owners, undefined, root);
    const json = renderJson(r);
    assert.ok(!json.includes('"boundaries"') && !json.includes('"owners"'), root);
    assert.ok(!renderTerminal(r, { color: false }).includes('Trust boundaries'), root);
  }
});

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nightlight-owners-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

test('precedence: the config owners: map outranks CODEOWNERS; metadata and tags outrank both', async () => {
  const dir = copyExample();
  try {
    const { config, diagnostics } = validateConfig({ owners: { 'orders/**': '@org/billing', 'shared/**': ['@org/orders'] } }, 'nightlight.config.yaml', () => ({ file: 'nightlight.config.yaml', line: 1, column: 1 }));
    assert.deepEqual(diagnostics, []);
    const r = await analyze({ root: dir, config });
    const o = r.analyses.owners;
    assert.ok(o, 'the owners analysis ran');
    assert.deepEqual(o.elements['CreateOrderFunction']?.owners, ['@org/billing']);
    assert.equal(o.elements['CreateOrderFunction']?.source, 'config');
    // The orders team's stack now belongs to billing: its write to the billing queue is no boundary.
    assert.ok(!o.boundaries.some((b) => b.from === 'CreateOrderFunction'));
    assert.equal(o.elements['BillingExportFunction']?.source, 'tag');
    assert.deepEqual(o.sources, ['.github/CODEOWNERS', 'nightlight.config.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config owners: wrong shapes are errors naming the key', () => {
  const { diagnostics } = validateConfig({ owners: { 'a/**': 3, '': '@x' } }, 'nightlight.config.yaml', (p) => ({ file: 'nightlight.config.yaml', line: p.length, column: 1 }));
  assert.equal(diagnostics.length, 2);
  assert.ok(diagnostics.every((d) => d.level === 'error' && d.code === 'config-invalid'));
});

test('hostile CODEOWNERS: a link out of the tree or a FIFO is refused with a diagnostic, the scan goes on', async () => {
  for (const kind of ['link', 'fifo'] as const) {
    const dir = copyExample();
    try {
      rmSync(join(dir, '.github'), { recursive: true, force: true });
      if (kind === 'link') {
        const outside = mkdtempSync(join(tmpdir(), 'nightlight-outside-'));
        writeFileSync(join(outside, 'CODEOWNERS'), '* @outsider\n');
        symlinkSync(join(outside, 'CODEOWNERS'), join(dir, 'CODEOWNERS'));
      } else {
        mkdirSync(join(dir, 'docs'));
        execFileSync('mkfifo', [join(dir, 'docs', 'CODEOWNERS')]);
      }
      const r = await analyze({ root: dir });
      assert.ok(r.model.functions.length === 5, kind);
      const d = r.diagnostics.find((x) => x.location?.file === (kind === 'link' ? 'CODEOWNERS' : 'docs/CODEOWNERS'));
      assert.ok(d && d.level === 'warning', `${kind}: ${JSON.stringify(r.diagnostics)}`);
      // Owner metadata and tags still apply; nothing is read from outside.
      const o = r.analyses.owners;
      assert.ok(o, 'the owners analysis ran');
      assert.ok(!JSON.stringify(o).includes('@outsider'));
      assert.equal(o.elements['OrdersCleanupFunction']?.source, 'metadata');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('each trust-boundary rule fires on the two-teams example, once, and a cross-owner shared role is not also a shared role', async () => {
  const r = await analyze({ root: EXAMPLE });
  const of = (rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.resource} ${f.location.file}:${f.location.line}`);
  assert.deepEqual(of('code/no-unvalidated-cross-owner-input'), ['ChargeFunction billing/src/charge.js:8']);
  assert.deepEqual(of('iam/no-cross-owner-overreach'), ['OrdersReportFunction orders/template.yaml:31']);
  assert.deepEqual(of('iam/no-cross-owner-shared-role'), ['JobsRole shared/template.yaml:5']);
  assert.deepEqual(of('iam/no-shared-role'), []);
  // Without owners, the shared role is the ordinary finding again.
  const dir = copyExample();
  try {
    rmSync(join(dir, '.github'), { recursive: true, force: true });
    for (const f of ['shared/template.yaml']) {
      const p = join(dir, f);
      writeFileSync(p, (await import('node:fs')).readFileSync(p, 'utf8').replace(/    Metadata:\n      nightlight:\n        owner: '@org\/orders'\n/, '').replace(/      Tags:\n        team: '@org\/billing'\n/, ''));
    }
    const plain = await analyze({ root: dir });
    assert.equal(plain.analyses.owners, undefined);
    assert.deepEqual(plain.findings.filter((f) => f.ruleId === 'iam/no-shared-role').map((f) => f.resource), ['JobsRole']);
    assert.deepEqual(plain.findings.filter((f) => /cross-owner/.test(f.ruleId)), []);
  } finally {
    rmSync(join(dir), { recursive: true, force: true });
  }
});
