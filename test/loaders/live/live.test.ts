/**
 * The live account reader and drift, end to end: the real AWS SDK clients talk to a loopback
 * server (server.ts) that answers with recorded responses in each service's own protocol, for an
 * account holding examples/vulnerable-shop as deployed (stack vulnerable-shop-dev, eu-west-1),
 * optionally with three console edits (fixtures written by scripts/live-fixtures.ts).
 *
 * - `scan --live` of the deployed example gives the example's own findings;
 * - `drift` of the example against the edited account reports exactly the three edits, and nothing
 *   against the unedited one;
 * - a denied call becomes a diagnostic and the rest of the account is still reported.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../src/api.js';
import type { Finding } from '../../../src/model/findings.js';
import type { RunResult } from '../../../src/engine/result.js';
import { loadLive, type LiveOptions } from '../../../src/loaders/live/index.js';
import { runDrift } from '../../../src/diff/drift.js';
import type { DiffResult } from '../../../src/diff/types.js';
import { runCli } from '../../../src/cli/index.js';
import type { CliIo } from '../../../src/cli/io.js';
import { readFixture, startFakeAws, type FakeAws } from './server.js';

// The SDK warns that future versions need Node 22; not this test's concern.
process.removeAllListeners('warning');

const EXAMPLE = 'examples/vulnerable-shop';
const fixture = readFixture();
const credentials = { accessKeyId: 'AKIDLOOPBACKTEST', secretAccessKey: 'loopback-test-secret' };

function access(aws: FakeAws, extra: Partial<LiveOptions> = {}): LiveOptions {
  return { regions: [fixture.region], endpoint: aws.endpoint, credentials, maxAttempts: 4, ...extra };
}

async function liveScan(aws: FakeAws, withCode: boolean): Promise<RunResult> {
  const live = await loadLive(access(aws, { withCode }));
  try {
    return await analyze({ root: live.codeRoot, region: fixture.region, accountId: live.accountId, loaded: { templates: live.templates, diagnostics: live.diagnostics } });
  } finally {
    live.cleanup();
  }
}

/** A finding's identity; the code package folder of a deployed function is not the repository's. */
function ids(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.ruleId} ${f.resource} ${(f.key ?? '').replace(/code\/[^/]+\/[^/]+\//, '').replace('src/loyalty/app.py', 'app.py')}`).sort();
}

const READ_OPS = /^(Get|List|Describe|GET )/;

describe('scan --live of the deployed example', () => {
  let aws: FakeAws;
  let declared: RunResult;
  let live: RunResult;
  before(async () => {
    aws = await startFakeAws(fixture.exchanges);
    declared = await analyze({ root: EXAMPLE, region: fixture.region, accountId: fixture.account });
    live = await liveScan(aws, true);
  });
  after(() => aws.close());

  it('gives the findings of the example itself', () => {
    assert.ok(declared.findings.length > 40);
    assert.deepEqual(ids(live.findings), ids(declared.findings));
  });

  it('sees the same entry points, functions and permissions', () => {
    assert.deepEqual(live.model.entryPoints.map((e) => `${e.id} ${e.principal.kind} ${e.auth.kind}`).sort(), declared.model.entryPoints.map((e) => `${e.id} ${e.principal.kind} ${e.auth.kind}`).sort());
    assert.deepEqual(live.model.functions.map((f) => `${f.id} ${String(f.reservedConcurrency)} ${String(f.memoryMb)}`).sort(), declared.model.functions.map((f) => `${f.id} ${String(f.reservedConcurrency)} ${String(f.memoryMb)}`).sort());
  });

  it('only reads, pages, and retries a throttled call', () => {
    assert.deepEqual(aws.unmatched, []);
    for (const r of aws.seen) assert.match(r.op, r.service === 's3' && r.op === 'GetObject' ? /GetObject/ : READ_OPS, `${r.service} ${r.op} is not a read`);
    assert.ok(aws.seen.every((r) => r.method === 'GET' || r.method === 'POST'));
    // ListFunctions: one throttled answer, then two pages.
    assert.equal(aws.seen.filter((r) => r.service === 'lambda' && r.op === 'GET /2015-03-31/functions').length, 3);
    assert.equal(aws.seen.filter((r) => r.service === 'cloudformation' && r.op === 'ListStackResources').length, 2);
  });

  it('reports no problem reading the account', () => {
    assert.deepEqual(live.diagnostics.filter((d) => d.code.startsWith('live-')), []);
  });

  it('points findings at the lines of the template it read', () => {
    const url = live.findings.find((f) => f.ruleId === 'surface/require-function-url-auth')!;
    assert.match(url.location.file, /^live\/eu-west-1\/vulnerable-shop-dev\.json$/);
    assert.ok(url.location.line > 1);
  });

  it('without --with-code reads no package and says so', async () => {
    const before = aws.seen.length;
    const noCode = await liveScan(aws, false);
    assert.equal(aws.seen.slice(before).filter((r) => r.op === 'GetObject' || /functions\/[^/]+$/.test(r.op)).length, 0);
    assert.ok(noCode.diagnostics.some((d) => d.code === 'live-code-not-read'));
    // Recursion loops follow the calls the code makes when it was read (docs/severity.md): without
    // the code the same loop is reported as possible, two steps lower.
    const nonCode = (fs: readonly Finding[]) => ids(fs.filter((f) => !f.ruleId.startsWith('code/') && !['iam/no-unused-permission', 'iam/least-privilege-suggestion', 'surface/no-recursive-loop'].includes(f.ruleId)));
    assert.deepEqual(nonCode(noCode.findings), nonCode(declared.findings));
    const loop = (fs: readonly Finding[]) => fs.filter((f) => f.ruleId === 'surface/no-recursive-loop').map((f) => `${f.severity} ${f.resource}`);
    assert.deepEqual(loop(declared.findings), ['high ThumbnailFunction+UploadBucket']);
    assert.deepEqual(loop(noCode.findings), ['low ThumbnailFunction+UploadBucket']);
  });
});

describe('a denied call', () => {
  let aws: FakeAws;
  let live: RunResult;
  let declared: RunResult;
  before(async () => {
    aws = await startFakeAws(fixture.exchanges, fixture.denied);
    declared = await analyze({ root: EXAMPLE, region: fixture.region, accountId: fixture.account });
    live = await liveScan(aws, true);
  });
  after(() => aws.close());

  it('becomes a diagnostic naming the action and the resource', () => {
    const d = live.diagnostics.filter((x) => x.code === 'live-access-denied');
    assert.equal(d.length, 1);
    assert.match(d[0]!.message, /^sqs:GetQueueAttributes on vulnerable-shop-dev-LoyaltyQueue-\w+ was denied \(AccessDenied/);
    assert.ok(live.diagnostics.some((x) => x.code === 'live-partial' && /1 of \d+ calls were denied/.test(x.message)));
  });

  it('leaves what it could not read unknown, not safe', () => {
    const ep = live.model.entryPoints.find((e) => e.kind === 'sqs-queue' && e.source === 'LoyaltyQueue')!;
    assert.equal(ep.principal.kind, 'unresolved');
    assert.match(ep.principal.detail ?? '', /sqs:GetQueueAttributes/);
  });

  it('still reports the rest of the account', () => {
    const aboutLoyalty = (f: Finding) => f.resource.includes('LoyaltyQueue') || f.functions.includes('LoyaltyPointsFunction');
    const missing = ids(declared.findings.filter((f) => !aboutLoyalty(f))).filter((x) => !ids(live.findings).includes(x));
    assert.deepEqual(missing, []);
  });
});

describe('a REST API made by hand', () => {
  let aws: FakeAws;
  let live: RunResult;
  before(async () => {
    aws = await startFakeAws(fixture.exchanges, fixture.restApi);
    live = await liveScan(aws, false);
  });
  after(() => aws.close());

  it('gives its methods with their auth, the stage throttle and the usage plan', () => {
    assert.deepEqual(aws.unmatched, []);
    const methods = live.model.entryPoints.filter((e) => e.kind === 'rest-api-method').map((e) => `${e.label} ${e.auth.kind}${e.auth.apiKeyRequired ? '+key' : ''} ${e.principal.kind} ${e.targets.join(',')}`);
    assert.deepEqual(methods.sort(), ['GET /orders cognito authenticated-users GetOrderFunction', 'GET /report api-key+key public AdminReportFunction']);
    const api = live.model.resources.find((r) => r.kind === 'rest-api')!;
    assert.equal(api.stack, 'live/eu-west-1/not-in-a-stack.json');
    assert.deepEqual(api.attributes.throttle && [api.attributes.throttle.rateLimit, api.attributes.throttle.burstLimit], [10, 20]);
    assert.deepEqual(api.attributes.usagePlans?.map((u) => [u.throttle?.rateLimit, u.quotaLimit, u.period]), [[5, 1000, 'DAY']]);
    assert.equal(api.attributes.endpointType, 'REGIONAL');
  });

  it('is checked by the same rules', () => {
    assert.ok(live.findings.some((f) => f.ruleId === 'surface/no-api-key-only-auth' && f.functions.includes('AdminReportFunction')), live.findings.map((f) => f.ruleId).join(' '));
  });
});

describe('an alias with a policy of its own', () => {
  it('is a way in of its own', async () => {
    const aws = await startFakeAws(fixture.exchanges, fixture.alias);
    try {
      const live = await liveScan(aws, false);
      assert.deepEqual(aws.unmatched, []);
      const ep = live.model.entryPoints.find((e) => e.kind === 'lambda-permission' && e.targets.includes('SearchProductsFunction'));
      assert.ok(ep, live.model.entryPoints.map((e) => e.id).join('\n'));
      assert.equal(ep.principal.kind, 'public');
      assert.ok(live.findings.some((f) => f.ruleId === 'surface/no-public-lambda-permission' && f.functions.includes('SearchProductsFunction')), live.findings.map((f) => `${f.ruleId} ${f.resource}`).join('\n'));
    } finally {
      await aws.close();
    }
  });
});

describe('a Kinesis stream outside the stack', () => {
  it('is a source of the account, not an unknown one', async () => {
    const aws = await startFakeAws(fixture.exchanges, fixture.kinesis);
    try {
      const live = await liveScan(aws, false);
      assert.deepEqual(aws.unmatched, []);
      const ep = live.model.entryPoints.find((e) => e.kind === 'kinesis-stream')!;
      assert.deepEqual([ep.source, ep.principal.kind, ep.targets], ['stockupdates', 'same-account', ['UpdateInventoryFunction']]);
    } finally {
      await aws.close();
    }
  });
});

describe('drift between the example and the account', () => {
  let aws: FakeAws;
  let edited: DiffResult;
  let editedNoCode: DiffResult;
  let unedited: DiffResult;
  before(async () => {
    aws = await startFakeAws(fixture.exchanges, fixture.edits);
    edited = await runDrift({ root: EXAMPLE, live: access(aws, { withCode: true }) });
    editedNoCode = await runDrift({ root: EXAMPLE, live: access(aws) });
    await aws.close();
    aws = await startFakeAws(fixture.exchanges);
    unedited = await runDrift({ root: EXAMPLE, live: access(aws, { withCode: true }) });
  });
  after(() => aws.close());

  it('finds nothing when the account holds what the repository declares', () => {
    assert.equal(unedited.summary.changed, false, JSON.stringify(unedited.summary));
    assert.equal(unedited.headline, 'What is deployed matches the declaration: same attack surface, permissions, cost ceilings and findings.');
    assert.ok(unedited.diagnostics.some((d) => d.code === 'drift-stack' && /vulnerable-shop-dev \(eu-west-1, 100%/.test(d.message)));
  });

  for (const [name, get] of [['with the code', () => edited], ['without the code', () => editedNoCode]] as const) {
    it(`reports exactly the three console edits (${name})`, () => {
      const d = get();
      assert.equal(d.head.kind, 'live');
      // 1. the public URL added to AdminReportFunction
      assert.deepEqual(d.entryPoints.added.map((e) => `${e.kind} ${e.principal} ${e.auth} ${e.targets.join(',')}`), ['function-url public none AdminReportFunction']);
      assert.deepEqual(d.entryPoints.removed, []);
      // 2. GetOrderFunction's policy widened from the table to every table
      assert.ok(d.permissions.broadened.length > 0);
      assert.deepEqual([...new Set(d.permissions.broadened.map((p) => `${p.function} ${p.resource}`))], ['GetOrderFunction *']);
      assert.ok(d.permissions.broadened.some((p) => p.action === 'dynamodb:Scan'));
      assert.deepEqual(d.permissions.narrowed, []);
      // 3. RolloutFunction's throttle removed: its rule's ceiling rises from its one-at-a-time cap
      const up = d.cost.up.map((c) => `${c.entryPoint}`);
      assert.deepEqual(up.sort(), ['eventbridge-rule:RolloutFunctionRolloutRequested:rule RolloutFunctionRolloutRequested→RolloutFunction', 'function-url:-:URL of AdminReportFunction→AdminReportFunction']);
      const rollout = d.cost.up.find((c) => c.function === 'RolloutFunction')!;
      assert.ok(rollout.fromUsdPerDay! < 1 && rollout.toUsdPerDay! > 100, JSON.stringify(rollout));
      assert.deepEqual(d.cost.down, []);
      // Nothing else: no auth or principal change, and every new finding is about an edit.
      assert.deepEqual(d.auth, { weakened: [], strengthened: [] });
      assert.deepEqual(d.principals, { widened: [], narrowed: [] });
      assert.deepEqual(d.findings.fixed, []);
      const subjects = new Set(d.findings.new.map((f) => (f.resource.includes('AdminReportFunction') || f.functions.includes('AdminReportFunction') ? 'url' : f.functions.includes('GetOrderFunction') ? 'policy' : `other: ${f.ruleId} ${f.resource}`)));
      assert.deepEqual([...subjects].sort(), ['policy', 'url']);
      assert.ok(d.findings.new.some((f) => f.ruleId === 'surface/require-function-url-auth'));
      assert.ok(d.findings.new.some((f) => f.ruleId === 'iam/no-data-exfiltration' && f.resource === 'GetOrderFunction'));
      assert.equal(d.diagnostics.filter((x) => x.level !== 'info').length, 0, JSON.stringify(d.diagnostics));
    });
  }

  it('compares the deployed code with the repository\'s', () => {
    assert.ok(edited.findings.unchanged > editedNoCode.findings.unchanged);
    assert.ok(editedNoCode.diagnostics.some((d) => d.code === 'drift-code-not-compared'));
  });
});

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTty: false, env: {}, stderrIsTty: false };
}

describe('the command line', () => {
  let aws: FakeAws;
  const saved = { ...process.env };
  const tmp = mkdtempSync(join(tmpdir(), 'nightlight-live-cli-'));
  before(async () => {
    aws = await startFakeAws(fixture.exchanges, fixture.edits);
    // The standard credential chain, read from the environment, with the endpoint of the loopback server.
    Object.assign(process.env, { AWS_ENDPOINT_URL: aws.endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none'), AWS_MAX_ATTEMPTS: '4' });
    delete process.env['AWS_PROFILE'];
  });
  after(async () => {
    await aws.close();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('scan --live prints the report, a progress line on stderr, and fails on the findings', async () => {
    const io = captureIo();
    const templates = join(tmp, 'templates');
    const code = await runCli(['scan', '--live', '--region', fixture.region, '--format', 'json', '--save-templates', templates], io);
    assert.equal(code, 1, io.err.join(''));
    const report = JSON.parse(io.out.join('')) as { findings: { ruleId: string; location: { file: string; line: number } }[]; diagnostics: { code: string; message: string }[] };
    assert.ok(report.findings.some((f) => f.ruleId === 'surface/require-function-url-auth'));
    // Every call reached the loopback server (none went to a host of its own, such as a queue URL's).
    assert.deepEqual(report.diagnostics.filter((d) => d.code.startsWith('live-') && d.code !== 'live-code-not-read'), []);
    assert.deepEqual(aws.unmatched, []);
    assert.match(io.err.join(''), /reading the account in eu-west-1/);
    const url = report.findings.find((f) => f.ruleId === 'surface/require-function-url-auth')!;
    const saved = readFileSync(join(templates, url.location.file), 'utf8').split('\n');
    assert.match(saved[url.location.line - 1]!, /AuthType|Url|Properties|"/);
  });

  it('drift --live writes JSON, Markdown and SARIF like diff', async () => {
    const io = captureIo();
    const md = join(tmp, 'drift.md');
    const sarif = join(tmp, 'drift.sarif');
    const code = await runCli(['drift', EXAMPLE, '--live', '--region', fixture.region, '--format', 'json', '--markdown-output', md, '--sarif-output', sarif], io);
    assert.equal(code, 1, io.err.join(''));
    const d = JSON.parse(io.out.join('')) as DiffResult;
    assert.equal(d.kind, 'nightlight-diff');
    assert.equal(d.summary.entryPointsAdded, 1);
    assert.match(readFileSync(md, 'utf8'), /### nightlight: drift between declared and deployed/);
    const s = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(s.runs[0]!.results.some((r) => r.ruleId === 'surface/require-function-url-auth'));
  });

  it('drift without --live, or scan --live with a directory, is a usage error', async () => {
    assert.equal(await runCli(['drift', EXAMPLE], captureIo()), 2);
    assert.equal(await runCli(['scan', EXAMPLE, '--live'], captureIo()), 2);
    assert.equal(await runCli(['scan', EXAMPLE, '--with-code'], captureIo()), 2);
  });
});
