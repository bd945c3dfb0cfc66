/**
 * Report filters on the command line and in the config's `report:` section, one configuration for
 * scan / cost / policy, and the usage errors for unknown regions, categories, rule patterns, a
 * `--stage` on an app without Serverless input, and a folder with no application definition.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/index.js';
import { severityRank, type Severity } from '../../src/model/findings.js';
import { keepFinding, mergeFilters } from '../../src/engine/filter.js';
import { captureIo, tempDir } from '../diff/helpers.js';

const EXAMPLE = 'examples/vulnerable-shop';
interface JsonFinding {
  ruleId: string;
  category: string;
  severity: Severity;
  location: { file: string };
}

async function scanJson(args: string[]): Promise<{ code: number; findings: JsonFinding[]; err: string }> {
  const io = captureIo();
  const code = await runCli(['scan', ...args, '--format', 'json'], io);
  const out = io.out.join('');
  return { code, findings: out ? (JSON.parse(out) as { findings: JsonFinding[] }).findings : [], err: io.err.join('') };
}

const tmp = tempDir();
after(() => tmp.cleanup());
let all: JsonFinding[] = [];
before(async () => {
  all = (await scanJson([EXAMPLE, '--fail-on', 'never'])).findings;
  assert.ok(all.length > 20);
});

describe('filters', () => {
  it('--min-severity keeps findings at or above it, and the exit code follows what is reported', async () => {
    const r = await scanJson([EXAMPLE, '--min-severity', 'high', '--fail-on', 'never']);
    assert.ok(r.findings.length > 0);
    assert.ok(r.findings.every((f) => severityRank(f.severity) >= severityRank('high')));
    assert.equal(r.findings.length, all.filter((f) => severityRank(f.severity) >= severityRank('high')).length);
  });

  it('--rule and --skip-rule take globs', async () => {
    const code = await scanJson([EXAMPLE, '--rule', 'code/*', '--fail-on', 'never']);
    assert.ok(code.findings.length > 0 && code.findings.every((f) => f.ruleId.startsWith('code/')));
    const skip = await scanJson([EXAMPLE, '--skip-rule', 'cost/*', '--skip-rule', 'iam/no-unused-permission', '--fail-on', 'never']);
    assert.ok(skip.findings.every((f) => !f.ruleId.startsWith('cost/') && f.ruleId !== 'iam/no-unused-permission'));
    assert.equal(skip.findings.length, all.filter((f) => !f.ruleId.startsWith('cost/') && f.ruleId !== 'iam/no-unused-permission').length);
  });

  it('--category keeps one category; filtered-out findings fail nothing', async () => {
    const sql = await scanJson([EXAMPLE, '--category', 'sql-injection']);
    assert.deepEqual([...new Set(sql.findings.map((f) => f.category))], ['sql-injection']);
    assert.equal(sql.code, 1, 'the public SQL injection is critical');
    // A category whose findings are all below high: nothing fails the run.
    const mild = [...new Set(all.map((f) => f.category))].find((c) => all.filter((f) => f.category === c).every((f) => severityRank(f.severity) < severityRank('high')))!;
    assert.ok(mild);
    const low = await scanJson([EXAMPLE, '--category', mild, '--fail-on', 'high']);
    assert.ok(low.findings.length > 0 && low.findings.every((f) => f.category === mild));
    assert.equal(low.code, 0);
  });

  it('--exclude drops the files under a path glob', async () => {
    assert.ok(all.some((f) => f.location.file.startsWith('src/catalog/')));
    const r = await scanJson([EXAMPLE, '--exclude', 'src/catalog/**', '--fail-on', 'never']);
    assert.ok(r.findings.length > 0);
    assert.ok(r.findings.every((f) => !f.location.file.startsWith('src/catalog/')));
  });

  it('--quiet prints the findings and the verdict only', async () => {
    const io = captureIo();
    assert.equal(await runCli(['scan', EXAMPLE, '--quiet'], io), 1);
    const text = io.out.join('');
    assert.doesNotMatch(text, /Attack surface|Functions\n/);
    assert.match(text, /Findings \(\d+\)/);
    assert.match(text, /^FAIL: /m);
  });

  it('unknown rule patterns and categories are usage errors naming the allowed values', async () => {
    const rule = await scanJson([EXAMPLE, '--rule', 'codee/*']);
    assert.equal(rule.code, 2);
    assert.match(rule.err, /--rule codee\/\* matches no rule/);
    const cat = await scanJson([EXAMPLE, '--category', 'sqli']);
    assert.equal(cat.code, 2);
    assert.match(cat.err, /--category sqli is not a category; expected one of .*sql-injection/);
  });

  it('the config `report:` section filters the same way, and the command line narrows it', async () => {
    const dir = join(tmp.dir, 'report-config');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'nightlight.config.yaml'), 'report:\n  minSeverity: medium\n  skipRules: [cost/*]\n');
    const r = await scanJson([dir, '--fail-on', 'never']);
    assert.ok(r.findings.length > 0);
    assert.ok(r.findings.every((f) => severityRank(f.severity) >= severityRank('medium') && !f.ruleId.startsWith('cost/')));
    const narrowed = await scanJson([dir, '--category', 'sql-injection', '--fail-on', 'never']);
    assert.ok(narrowed.findings.length > 0 && narrowed.findings.every((f) => f.category === 'sql-injection'));
    writeFileSync(join(dir, 'nightlight.config.yaml'), 'report:\n  minSeverity: severe\n  rules: [nope/*]\n');
    const bad = await scanJson([dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /report\.minSeverity must be one of/);
    assert.match(bad.err, /report\.rules: nope\/\* matches no rule/);
  });

  it('merging: the command line narrows the config, skip lists add up', () => {
    const f = mergeFilters({ minSeverity: 'low', skipRules: ['cost/*'], exclude: ['vendor/**'] }, { minSeverity: 'high', skipRules: ['iam/*'] });
    assert.deepEqual(f, { minSeverity: 'high', skipRules: ['cost/*', 'iam/*'], exclude: ['vendor/**'] });
    const finding = { ruleId: 'code/no-sql-injection', category: 'sql-injection', severity: 'critical', location: { file: 'vendor/x.js', line: 1, column: 1 } } as const;
    assert.equal(keepFinding(finding as never, f), false);
    assert.equal(keepFinding({ ...finding, location: { ...finding.location, file: 'src/x.js' } } as never, f), true);
  });
});

describe('one configuration for every command', () => {
  it('scan and cost agree in dollars under the same config (budget, region, concurrency)', async () => {
    const dir = join(tmp.dir, 'cost-config');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'nightlight.config.yaml'), 'region: eu-west-1\ncost:\n  budgetUsdPerDay: 10\n  accountConcurrency: 400\n');
    type Ceiling = { entryPoint: string; worstCaseUsdPerDay: number; attackerDriven: boolean; assumptions: Record<string, unknown> };
    const scanIo = captureIo();
    await runCli(['scan', dir, '--format', 'json', '--fail-on', 'never'], scanIo);
    const scanCost = (JSON.parse(scanIo.out.join('')) as { cost: Ceiling[] }).cost.filter((c) => c.attackerDriven);
    const costIo = captureIo();
    assert.equal(await runCli(['cost', dir, '--format', 'json'], costIo), 0);
    const costCost = (JSON.parse(costIo.out.join('')) as { cost: Ceiling[] }).cost;
    assert.ok(costCost.length > 0);
    assert.deepEqual(costCost.map((c) => [c.entryPoint, c.worstCaseUsdPerDay]), scanCost.map((c) => [c.entryPoint, c.worstCaseUsdPerDay]));
    // The config's numbers are in force: the default (1,000 concurrency) gives a different ceiling.
    const plainIo = captureIo();
    await runCli(['cost', EXAMPLE, '--format', 'json'], plainIo);
    const plain = (JSON.parse(plainIo.out.join('')) as { cost: Ceiling[] }).cost;
    assert.notDeepEqual(plain.map((c) => c.worstCaseUsdPerDay), costCost.map((c) => c.worstCaseUsdPerDay));
    // A flag still wins over the config.
    const flagIo = captureIo();
    await runCli(['cost', dir, '--format', 'json', '--account-concurrency', '1000'], flagIo);
    assert.deepEqual((JSON.parse(flagIo.out.join('')) as { cost: Ceiling[] }).cost.map((c) => c.worstCaseUsdPerDay), plain.map((c) => c.worstCaseUsdPerDay));
  });

  it('policy reads the config (its region names the ARNs)', async () => {
    const dir = join(tmp.dir, 'policy-config');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'nightlight.config.yaml'), 'region: eu-west-1\n');
    const io = captureIo();
    assert.equal(await runCli(['policy', 'SearchProductsFunction', dir, '--format', 'json'], io), 0);
    assert.match(io.out.join(''), /arn:aws:logs:eu-west-1:/);
    assert.doesNotMatch(io.out.join(''), /arn:aws:logs:us-east-1:/);
  });
});

describe('usage errors', () => {
  it('an unknown region names the known ones, for scan, cost, policy and diff', async () => {
    for (const args of [['scan', EXAMPLE], ['cost', EXAMPLE], ['policy', 'SearchProductsFunction', EXAMPLE], ['diff', 'HEAD']]) {
      const io = captureIo();
      assert.equal(await runCli([...args, '--region', 'us-east-9'], io), 2, args[0]);
      assert.match(io.err.join(''), /--region us-east-9 is not an AWS Region; expected one of .*eu-west-1/);
    }
  });

  it('--stage on an app without Serverless input is an error', async () => {
    const io = captureIo();
    assert.equal(await runCli(['scan', EXAMPLE, '--stage', 'prod', '--format', 'json'], io), 2);
    assert.match(io.err.join(''), /--stage applies to Serverless Framework and Zappa apps; .* has sam input\(s\) only/);
  });

  it('a folder with no application definition is exit 2', async () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'README.md'), '# nothing to see\n');
    const io = captureIo();
    assert.equal(await runCli(['scan', empty], io), 2);
    assert.match(io.err.join(''), /no application definition found under .*empty/);
  });

  it('an empty scan says first what was refused, with the file', async () => {
    const dir = join(tmp.dir, 'refused');
    mkdirSync(dir);
    writeFileSync(join(tmp.dir, 'outside.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
    symlinkSync(join(tmp.dir, 'outside.yaml'), join(dir, 'template.yaml'));
    const io = captureIo();
    assert.equal(await runCli(['scan', dir], io), 2);
    const err = io.err.join('');
    assert.match(err, /template\.yaml.*(outside|link)/i);
    assert.ok(err.indexOf('template.yaml') < err.indexOf('no application definition found'), err);
  });
});
