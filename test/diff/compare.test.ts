/**
 * compareReports on hand-written reports: auth and principal rankings, permission coverage, cost,
 * findings by fingerprint, the headline; identities ignore locations; the renderers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareReports, headline, introducesAtOrAbove } from '../../src/diff/compare.js';
import { readReport } from '../../src/diff/report.js';
import { entryPointFingerprint, entryPointKey, permissionFingerprint, costFingerprint } from '../../src/diff/identity.js';
import { renderDiffMarkdown, renderDiffSarif, renderDiffTerminal, DIFF_COMMENT_MARKER } from '../../src/diff/render.js';
import type { DiffResult } from '../../src/diff/types.js';

type Json = Record<string, unknown>;

function ep(id: string, label: string, principal: string, auth: string, line = 1, extra: Json = {}): Json {
  const [method, path] = label.split(' ');
  return { id, kind: 'http-api-route', label, source: 'Api', method, path, principal, auth, targets: ['Fn'], location: { file: 't.yaml', line, column: 1 }, ...extra };
}

function finding(fp: string, severity: string, extra: Json = {}): Json {
  return { ruleId: `surface/rule-${fp}`, category: 'public-unauthenticated-entry', severity, message: `finding ${fp}`, resource: 'Fn', functions: ['Fn'], location: { file: 't.yaml', line: 3, column: 1 }, fingerprint: fp, ...extra };
}

function report(parts: { entryPoints?: Json[]; functions?: Json[]; findings?: Json[]; cost?: Json[]; diagnostics?: Json[] }): Json {
  return { schemaVersion: 1, tool: { name: 'nightlight', version: '0.1.0' }, inputs: [], summary: {}, entryPoints: parts.entryPoints ?? [], functions: parts.functions ?? [], findings: parts.findings ?? [], cost: parts.cost ?? [], diagnostics: parts.diagnostics ?? [] };
}

function diff(base: Json, head: Json): DiffResult {
  return compareReports(readReport(base), readReport(head), { base: { kind: 'report', ref: 'a.json' }, head: { kind: 'report', ref: 'b.json' }, toolVersion: '0.1.0' });
}

describe('identities', () => {
  it('ignore locations and target order', () => {
    const a = { kind: 'rest-api-method', source: 'Api', label: 'GET /x', method: 'GET', path: '/x', targets: ['B', 'A'] };
    const b = { ...a, targets: ['A', 'B'], location: { file: 'other.json', line: 99, column: 4 } };
    assert.equal(entryPointKey(a), 'rest-api-method|Api|GET /x|A,B');
    assert.equal(entryPointFingerprint(a), entryPointFingerprint(b));
    assert.notEqual(entryPointFingerprint(a), entryPointFingerprint({ ...a, method: 'POST' }));
    assert.notEqual(permissionFingerprint('Fn', 's3:*', '*'), permissionFingerprint('Fn', 's3:*', 'arn:aws:s3:::b/*'));
    assert.equal(costFingerprint({ entryPoint: 'e', function: 'f' }), costFingerprint({ entryPoint: 'e', function: 'f' }));
  });
});

describe('compareReports', () => {
  it('ranks authentication and principals: weakened, strengthened, widened, narrowed', () => {
    const base = report({ entryPoints: [ep('a', 'GET /a', 'authenticated-users', 'cognito'), ep('b', 'GET /b', 'public', 'none'), ep('c', 'GET /c', 'same-account', 'iam')] });
    const head = report({ entryPoints: [ep('a', 'GET /a', 'public', 'api-key', 40), ep('b', 'GET /b', 'authenticated-users', 'jwt', 41), ep('c', 'GET /c', 'same-account', 'iam', 42)] });
    const d = diff(base, head);
    assert.deepEqual(d.auth.weakened.map((x) => [x.label, x.from, x.to]), [['GET /a', 'cognito', 'api-key']]);
    assert.deepEqual(d.auth.strengthened.map((x) => [x.label, x.from, x.to]), [['GET /b', 'none', 'jwt']]);
    assert.deepEqual(d.principals.widened.map((x) => [x.label, x.from, x.to]), [['GET /a', 'authenticated-users', 'public']]);
    assert.deepEqual(d.principals.narrowed.map((x) => [x.label, x.from, x.to]), [['GET /b', 'public', 'authenticated-users']]);
    assert.deepEqual(d.entryPoints, { added: [], removed: [] });
    assert.match(d.headline, /weakens authentication on 1 entry point, widens who can call 1 entry point/);
  });

  it('counts a permission as broadened only when no base grant covers it', () => {
    const fn = (permissions: Json[]) => [{ id: 'Fn', permissions }];
    const base = report({
      functions: fn([
        { action: 's3:*', accessLevel: 'all', resources: ['arn:aws:s3:::bucket/*'] },
        { action: 'sqs:SendMessage', accessLevel: 'Write', resources: ['*'], conditional: true },
        { action: 'dynamodb:GetItem', accessLevel: 'Read', resources: ['arn:aws:dynamodb:us-east-1:1:table/T'] },
      ]),
    });
    const head = report({
      functions: fn([
        { action: 's3:GetObject', accessLevel: 'Read', resources: ['arn:aws:s3:::bucket/uploads/*'] }, // covered by s3:* on bucket/*
        { action: 's3:PutObject', accessLevel: 'Write', resources: ['*'] }, // wider resource
        { action: 'sqs:SendMessage', accessLevel: 'Write', resources: ['*'] }, // the condition is gone
      ]),
    });
    const d = diff(base, head);
    assert.deepEqual(d.permissions.broadened.map((p) => `${p.action} ${p.resource}`), ['s3:PutObject *', 'sqs:SendMessage *']);
    assert.deepEqual(d.permissions.narrowed.map((p) => `${p.action} ${p.resource}`), ['dynamodb:GetItem arn:aws:dynamodb:us-east-1:1:table/T', 's3:* arn:aws:s3:::bucket/*']);
  });

  it('treats a new function\'s permissions as broadened and says so', () => {
    const d = diff(report({ functions: [] }), report({ functions: [{ id: 'New', permissions: [{ action: 'logs:PutLogEvents', accessLevel: 'Write', resources: ['*'] }] }] }));
    assert.deepEqual(d.permissions.broadened.map((p) => [p.function, p.action, p.functionChange]), [['New', 'logs:PutLogEvents', 'added']]);
  });

  it('does not compare permissions that a report does not carry', () => {
    const d = diff(report({ functions: [{ id: 'Fn' }] }), report({ functions: [{ id: 'Fn', permissions: [{ action: '*', accessLevel: 'all', resources: ['*'] }] }] }));
    assert.deepEqual(d.permissions.broadened, []);
    assert.equal(d.diagnostics[0]?.code, 'diff-permissions-unknown');
  });

  it('compares cost ceilings by entry point, to the cent', () => {
    const c = (entryPoint: string, usd: number, extra: Json = {}) => ({ entryPoint, function: 'Fn', worstCaseUsdPerDay: usd, worstCaseUsdPerHour: usd / 24, ...extra });
    const d = diff(report({ cost: [c('a', 10), c('b', 50), c('c', 7.001), c('gone', 1)] }), report({ cost: [c('a', 25), c('b', 40), c('c', 7.004), c('new', 3, { unbounded: true })] }));
    assert.deepEqual(d.cost.up.map((x) => [x.entryPoint, x.fromUsdPerDay, x.toUsdPerDay, x.deltaUsdPerDay]), [['a', 10, 25, 15], ['new', null, 3, 3]]);
    assert.deepEqual(d.cost.down.map((x) => [x.entryPoint, x.fromUsdPerDay, x.toUsdPerDay]), [['b', 50, 40], ['gone', 1, null]]);
    assert.equal(d.summary.costUpUsdPerDay, 18);
  });

  it('sorts findings into new, fixed and unchanged by fingerprint, not by line', () => {
    const base = report({ findings: [finding('keep', 'high'), finding('gone', 'medium')] });
    const head = report({
      findings: [
        finding('keep', 'high', { location: { file: 'moved.json', line: 200, column: 9 } }),
        finding('new1', 'high'),
        finding('new2', 'critical', { category: 'privilege-escalation' }),
        finding('new3', 'low', { suppression: { reason: 'test fixture', source: 'inline' } }),
      ],
    });
    const d = diff(base, head);
    assert.deepEqual(d.findings.new.map((f) => f.fingerprint), ['new1', 'new2', 'new3']);
    assert.deepEqual(d.findings.fixed.map((f) => f.fingerprint), ['gone']);
    assert.equal(d.findings.unchanged, 1);
    assert.deepEqual(d.capabilities.added.map((f) => f.fingerprint), ['new2']);
    assert.equal(d.headline, 'This change adds 1 dangerous capability, adds 2 findings (1 critical, 1 high, 1 suppressed), fixes 1 finding.');
    assert.equal(introducesAtOrAbove(d, 'critical'), true);
    assert.equal(introducesAtOrAbove(d, 'never'), false);
    const onlyLow = diff(base, report({ findings: [finding('keep', 'high'), finding('gone', 'medium'), finding('new3', 'low', { suppression: { reason: 'ok', source: 'config' } })] }));
    assert.equal(introducesAtOrAbove(onlyLow, 'low'), false, 'a suppressed new finding does not fail the build');
  });

  it('reports new error diagnostics of the head only', () => {
    const err = { level: 'error', code: 'yaml-syntax', message: 'template.yaml:3:1: invalid YAML' };
    assert.deepEqual(diff(report({ diagnostics: [err] }), report({ diagnostics: [err] })).diagnostics, []);
    assert.deepEqual(diff(report({}), report({ diagnostics: [err] })).diagnostics.map((x) => x.code), ['yaml-syntax']);
  });

  it('writes the headline the lead asked for', () => {
    const s = diff(report({}), report({})).summary;
    assert.equal(headline({ ...s, entryPointsAdded: 1, publicEntryPointsAdded: 1, permissionsBroadened: 2, findingsNew: 3, newBySeverity: { critical: 0, high: 1, medium: 2, low: 0, info: 0 } }), 'This change adds 1 public entry point, broadens 2 permissions, adds 3 findings (1 high).');
    assert.equal(headline({ ...s, entryPointsAdded: 3, publicEntryPointsAdded: 1 }), 'This change adds 3 entry points (1 public).');
  });
});

describe('diff renderers', () => {
  const d = diff(
    report({ findings: [finding('gone', 'medium')], entryPoints: [ep('old', 'GET /old', 'public', 'none')] }),
    report({ entryPoints: [ep('n', 'POST /pipe|d', 'public', 'none')], findings: [finding('new1', 'high', { message: 'uses `eval` | badly' })], cost: [{ entryPoint: 'n', function: 'Fn', worstCaseUsdPerDay: 1234.5 }] }),
  );

  it('markdown: marker, headline, tables that survive pipes and backticks', () => {
    const md = renderDiffMarkdown(d);
    assert.ok(md.startsWith(`${DIFF_COMMENT_MARKER}\n### nightlight: change impact\n\n**This change adds 1 public entry point, removes 1 entry point`));
    assert.ok(md.includes('| **public** | none | POST /pipe\\|d (`Api`) | `Fn` | `t.yaml:1` |'), md);
    assert.ok(md.includes('uses \\`eval\\` \\| badly'));
    assert.ok(md.includes('| POST /pipe\\|d | — | **$1,235** | +$1,235 |'));
    assert.ok(md.includes('<summary>Improvements (2)</summary>'));
  });

  it('terminal: no colour codes unless asked', () => {
    const text = renderDiffTerminal(d, { color: false });
    assert.ok(!text.includes('\u001b['));
    assert.ok(text.includes('New findings (1)'));
  });

  it('SARIF: only the new findings', () => {
    const sarif = JSON.parse(renderDiffSarif(d)) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0]!.results.map((r) => r.ruleId), ['surface/rule-new1']);
  });
});
