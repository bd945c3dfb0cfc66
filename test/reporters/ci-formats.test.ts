/**
 * Reports for CI systems on the bundled example: SARIF ranks on GitHub as nightlight does and
 * points at files from the repository root; JUnit XML validates against the JUnit schema
 * (test/reporters/junit.xsd, with xmllint); the GitLab SAST report validates against the SAST
 * report schema (test/reporters/gitlab-sast-schema.json); GitHub annotations are well-formed
 * workflow commands.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { analyze } from '../../src/api.js';
import type { RunResult } from '../../src/engine/result.js';
import { severityRank } from '../../src/model/findings.js';
import { RULES } from '../../src/rules/registry.generated.js';
import { SECURITY_SEVERITY, buildSarif, prefixed, type SarifLog } from '../../src/reporters/sarif.js';
import { GITLAB_SAST_VERSION, renderAnnotations, renderGitlabSast, renderJunit, xmlText } from '../../src/reporters/ci.js';
import { repositoryPrefix, runCli } from '../../src/cli/index.js';
import { captureIo, git, tempDir } from '../diff/helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const addFormats = addFormatsModule.default;
const EXAMPLE = 'examples/vulnerable-shop';

let result: RunResult;
before(async () => {
  result = await analyze({ root: EXAMPLE });
});
const tmp = tempDir();
after(() => tmp.cleanup());

function sarifValidate(doc: unknown): string[] {
  const { $schema: _draft, id, ...rest } = JSON.parse(readFileSync(join(here, 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
  addFormats(ajv);
  const validate = ajv.compile({ ...rest, $id: String(id) });
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('SARIF on GitHub', () => {
  it('ranks every alert by its own severity (GitHub reads security-severity from the rule)', () => {
    const log = buildSarif(result, RULES);
    assert.deepEqual(sarifValidate(log), []);
    const run = log.runs[0]!;
    const active = result.findings;
    assert.equal(run.results.length, active.length);
    run.results.forEach((r, i) => {
      const rule = run.tool.driver.rules[r.ruleIndex]!;
      assert.equal(rule.id, r.ruleId, 'ruleIndex resolves to the descriptor');
      assert.equal(rule.properties['security-severity'], SECURITY_SEVERITY[active[i]!.severity], `${r.ruleId}: GitHub's score is the finding's severity`);
      assert.equal(r.properties.rule, active[i]!.ruleId);
    });
    // GitHub's order (score, highest first) is nightlight's order (severity, highest first).
    const score = (i: number) => Number(run.tool.driver.rules[run.results[i]!.ruleIndex]!.properties['security-severity']);
    const githubOrder = run.results.map((_, i) => i).sort((a, b) => score(b) - score(a) || a - b);
    const nightlightOrder = active.map((_, i) => i).sort((a, b) => severityRank(active[b]!.severity) - severityRank(active[a]!.severity) || a - b);
    assert.deepEqual(githubOrder, nightlightOrder);
    // The public SQL injection outranks every finding reachable only from internal sources.
    const sql = run.results.findIndex((r) => r.properties.rule === 'code/no-sql-injection' && r.properties.functions.includes('SearchProductsFunction'));
    assert.ok(sql >= 0);
    for (let i = 0; i < run.results.length; i++) if (/only from internal sources|same-account/.test(run.results[i]!.message.text)) assert.ok(score(sql) > score(i), run.results[i]!.message.text);
  });

  it('keeps the rule id for a finding at its rule\'s own severity and names the sub-rule otherwise', () => {
    const run = buildSarif(result, RULES).runs[0]!;
    const meta = new Map(RULES.map((r) => [r.id, r.meta]));
    for (const r of run.results) {
      const own = meta.get(r.properties.rule)!.severity === r.properties.severity;
      assert.equal(r.ruleId, own ? r.properties.rule : `${r.properties.rule}/${r.properties.severity}`);
    }
    const ids = run.tool.driver.rules.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length, 'descriptor ids are unique');
  });

  it('points at files from the repository root when the scanned folder is inside a repository', async () => {
    const repo = join(tmp.dir, 'mono');
    mkdirSync(join(repo, 'services'), { recursive: true });
    cpSync(EXAMPLE, join(repo, 'services', 'shop'), { recursive: true });
    git(repo, 'init', '-q');
    assert.equal(repositoryPrefix(join(repo, 'services', 'shop')), 'services/shop');
    assert.equal(repositoryPrefix(repo), '');
    const io = captureIo();
    await runCli(['scan', join(repo, 'services', 'shop'), '--format', 'sarif', '--fail-on', 'never'], io);
    const log = JSON.parse(io.out.join('')) as SarifLog;
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.ok(uris.length > 0);
    for (const u of uris) {
      assert.match(u, /^services\/shop\//);
      assert.ok(existsSync(join(repo, decodeURIComponent(u))), `${u} exists from the repository root`);
    }
    assert.equal(prefixed('.github/x', 'a.yaml'), '.github/x/a.yaml');
    assert.equal(prefixed('./', 'a.yaml'), 'a.yaml');
  });
});

describe('JUnit XML', () => {
  it('validates against the JUnit schema and fails exactly what --fail-on fails', async () => {
    const xml = renderJunit(result, { failOn: 'high', pathPrefix: 'services/shop' });
    const check = await validateXML({ xml: [{ fileName: 'nightlight.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: readFileSync(join(here, 'junit.xsd'), 'utf8') }] });
    assert.deepEqual(check.errors.map((e) => e.message), []);
    assert.equal(check.valid, true);
    const failing = result.findings.filter((f) => !f.suppression && severityRank(f.severity) >= severityRank('high')).length;
    assert.match(xml, new RegExp(`<testsuites name="nightlight [^"]+" tests="${result.findings.length}" failures="${failing}" errors="0" skipped="${result.findings.length - failing}"`));
    assert.equal((xml.match(/<failure /g) ?? []).length, failing);
    assert.match(xml, /<testcase classname="code\/no-sql-injection" name="SearchProductsFunction \(services\/shop\/src\/catalog\/searchProducts\.js:\d+:\d+\)" file="services\/shop\/src\/catalog\/searchProducts\.js"/);
    const never = renderJunit(result, { failOn: 'never' });
    assert.doesNotMatch(never, /<failure /);
  });

  it('a clean run is one passing test case; text XML cannot carry is dropped', async () => {
    const xml = renderJunit({ ...result, findings: [] });
    assert.match(xml, /<testcase classname="nightlight" name="no findings"/);
    const check = await validateXML({ xml: [{ fileName: 'clean.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: readFileSync(join(here, 'junit.xsd'), 'utf8') }] });
    assert.equal(check.valid, true);
    assert.equal(xmlText('a\u0000b<c>&"\u001b'), 'ab&lt;c&gt;&amp;&quot;');
  });
});

describe('GitLab SAST report', () => {
  it('validates against the SAST report schema', () => {
    const report = JSON.parse(renderGitlabSast(result, { pathPrefix: 'services/shop', startTime: '2026-01-02T03:04:05', endTime: '2026-01-02T03:04:09', rulesDocsUri: 'https://example.com/docs/rules' })) as {
      version: string;
      vulnerabilities: { id: string; severity: string; location: { file: string }; identifiers: { value: string }[] }[];
    };
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(here, 'gitlab-sast-schema.json'), 'utf8')) as object);
    assert.equal(validate(report), true, JSON.stringify(validate.errors));
    assert.equal(report.version, GITLAB_SAST_VERSION);
    const open = result.findings.filter((f) => !f.suppression);
    assert.equal(report.vulnerabilities.length, open.length);
    assert.equal(new Set(report.vulnerabilities.map((v) => v.id)).size, open.length, 'ids are unique');
    assert.ok(report.vulnerabilities.every((v) => v.location.file.startsWith('services/shop/')));
    assert.equal(report.vulnerabilities[0]!.severity, 'Critical');
    // The schema rejects what GitLab rejects.
    assert.equal(validate({ ...report, version: '2.0' }), false);
    assert.equal(validate({ ...report, scan: { ...(report as unknown as { scan: object }).scan, start_time: '2026-01-02 03:04' } }), false);
  });
});

describe('GitHub annotations', () => {
  it('one workflow command per finding, worst first, escaped', () => {
    const lines = renderAnnotations(result, { pathPrefix: 'services/shop' }).trimEnd().split('\n');
    assert.equal(lines.length, result.findings.filter((f) => !f.suppression).length);
    for (const l of lines) assert.match(l, /^::(error|warning|notice) file=services\/shop\/[^,]+,line=\d+,col=\d+(,endLine=\d+)?,title=(critical|high|medium|low|info)%3A [a-z]+\/[a-z-]+::[^\n]+$/);
    assert.match(lines[0]!, /^::error .*title=critical%3A /);
    const odd = renderAnnotations({ ...result, findings: [{ ...result.findings[0]!, message: 'a\nb 100%', location: { file: 'x,y:z.yaml', line: 3, column: 1 } }] });
    assert.equal(odd, '::error file=x%2Cy%3Az.yaml,line=3,col=1,title=critical%3A ' + result.findings[0]!.ruleId + '::a%0Ab 100%25\n');
  });
});
