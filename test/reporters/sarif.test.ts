/**
 * SARIF reporter tests. The output is validated against the official SARIF 2.1.0 JSON schema,
 * vendored in test/reporters/sarif-schema-2.1.0.json (there is no network at test time).
 *
 * Schema source: OASIS Static Analysis Results Interchange Format (SARIF) Version 2.1.0 Errata 01,
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
 * (copied unmodified from github.com/oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json at
 * commit 0a8091f7d4057e57b6d8d9b56129e5f918747b34). © OASIS Open; the OASIS copyright notice
 * permits copying and distributing the schema (https://www.oasis-open.org/policies-guidelines/ipr/).
 *
 * The schema declares draft-04 (`id`, `$schema` draft-04); Ajv 8 speaks draft-07, whose
 * vocabulary is the same for every keyword this schema uses (it has no boolean
 * exclusiveMinimum/Maximum), so the test only renames `id` to `$id` before compiling.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { RunResult } from '../../src/engine/result.js';
import { FINGERPRINT_KEY, SARIF_SCHEMA_URI, SECURITY_SEVERITY, buildSarif, fileUri, renderSarif, sarifLevel } from '../../src/reporters/sarif.js';
import type { SarifLog } from '../../src/reporters/sarif.js';
import { RULES, smallRun } from './run-result.fixture.js';

const here = dirname(fileURLToPath(import.meta.url));

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

function sarifValidator(): (doc: unknown) => string[] {
  const raw = JSON.parse(readFileSync(join(here, 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = raw;
  assert.equal(id, SARIF_SCHEMA_URI, 'the vendored schema is the OASIS errata01 schema');
  // strictRequired/strictTypes flag patterns the official schema uses on purpose (anyOf of `required`).
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
  addFormats(ajv);
  const validate = ajv.compile({ ...rest, $id: id });
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

const validate = sarifValidator();

function parse(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}

describe('renderSarif', () => {
  it('is valid against the SARIF 2.1.0 schema', () => {
    const text = renderSarif(smallRun(), RULES);
    assert.deepEqual(validate(JSON.parse(text)), []);
  });

  it('rejects documents the schema forbids (the validator is live)', () => {
    const doc = JSON.parse(renderSarif(smallRun(), RULES)) as { runs: { results: { level: string }[] }[] };
    doc.runs[0]!.results[0]!.level = 'critical';
    assert.notDeepEqual(validate(doc), []);
  });

  it('is deterministic and ends with a newline', () => {
    const a = renderSarif(smallRun(), RULES);
    const b = renderSarif(smallRun(), [...RULES].reverse());
    assert.equal(a, b);
    assert.ok(a.endsWith('}\n'));
    assert.ok(!a.includes('/tmp/does-not-matter'), 'the scan root never leaks into the log');
  });

  it('describes the tool and every rule for code scanning', () => {
    const log = parse(renderSarif(smallRun(), RULES, { informationUri: 'https://example.com/nightlight' }));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, SARIF_SCHEMA_URI);
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, 'nightlight');
    assert.equal(driver.version, '0.1.0');
    assert.equal(driver.informationUri, 'https://example.com/nightlight');
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      RULES.map((r) => r.id).sort(),
    );
    const url = driver.rules.find((r) => r.id === 'surface/require-function-url-auth')!;
    assert.equal(url.name, 'RequireFunctionUrlAuth');
    assert.equal(url.shortDescription.text, 'Function URLs must require IAM authentication.');
    assert.match(url.fullDescription.text, /public-unauthenticated-entry/);
    assert.match(url.help.text, /CKV_AWS_258/);
    assert.match(url.help.markdown ?? '', /\[CWE-306\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/306\.html\)/);
    assert.equal(url.helpUri, 'https://example.com/nightlight/blob/main/docs/rules/surface/require-function-url-auth.md');
    assert.equal(url.defaultConfiguration.level, 'error');
    assert.equal(url.properties.category, 'public-unauthenticated-entry');
    assert.equal(url.properties['security-severity'], '9.5');
    assert.deepEqual(url.properties.tags, ['security', 'surface', 'public-unauthenticated-entry', 'external/cwe/cwe-306']);
    const iam = driver.rules.find((r) => r.id === 'iam/no-wildcard-actions')!;
    assert.deepEqual(iam.properties.cwe, ['CWE-269', 'CWE-732']);
  });

  it('maps severities to levels and GitHub security-severity scores', () => {
    assert.deepEqual(
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => [sarifLevel(s), Number(SECURITY_SEVERITY[s])]),
      [
        ['error', 9.5],
        ['error', 8.0],
        ['warning', 5.5],
        ['note', 3.0],
        ['note', 0.0],
      ],
    );
    const log = parse(renderSarif(smallRun(), RULES));
    assert.deepEqual(
      log.runs[0]!.results.map((r) => [r.ruleId, r.level]),
      [
        ['surface/require-function-url-auth', 'error'],
        ['surface/no-public-cascade', 'error'],
        ['iam/no-wildcard-actions', 'warning'],
        ['cost/require-throttling', 'note'],
        ['config/deprecated-runtime', 'note'],
      ],
    );
  });

  it('writes results with rule index, relative locations and fingerprints', () => {
    const log = parse(renderSarif(smallRun(), RULES));
    const run = log.runs[0]!;
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
    const first = run.results[0]!;
    assert.equal(first.message.text, 'Function URL of PublicUrlFn has AuthType NONE: anyone on the internet can invoke it.');
    assert.deepEqual(first.locations[0], {
      physicalLocation: { artifactLocation: { uri: 'template.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 9 } },
      logicalLocations: [{ name: 'PublicUrlFn', kind: 'resource' }],
    });
    assert.deepEqual(first.partialFingerprints, { [FINGERPRINT_KEY]: 'a1b2c3d4e5f60718' });
    // Duplicated related locations are written once; ids are 1-based and unique.
    assert.deepEqual(
      first.relatedLocations?.map((l) => [l.id, l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine, l.message?.text]),
      [
        [1, 'template.yaml', 5, 'PublicUrlFn is defined here'],
        [2, 'src/PublicUrlFn/index.js', 3, 'handler'],
      ],
    );
    const wildcard = run.results[2]!;
    assert.deepEqual(wildcard.locations[0]!.physicalLocation.region, { startLine: 22, startColumn: 11, endLine: 22, endColumn: 24 });
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { description: { text: 'The scanned directory.' } } });
    assert.equal(run.columnKind, 'utf16CodeUnits');
  });

  it('turns finding flows into codeFlows, skipping empty flows', () => {
    const cascade = parse(renderSarif(smallRun(), RULES)).runs[0]!.results[1]!;
    assert.equal(cascade.codeFlows?.length, 1);
    const steps = cascade.codeFlows![0]!.threadFlows[0]!.locations;
    assert.deepEqual(
      steps.map((s) => [s.executionOrder, s.location.physicalLocation.artifactLocation.uri, s.location.physicalLocation.region.startLine, s.location.message?.text]),
      [
        [1, 'template.yaml', 34, 'POST /ingest (public, no auth)'],
        [2, 'src/IngestFn/index.js', 10, 'IngestFn sends the body to IngestQueue'],
        [3, 'template.yaml', 70, 'IngestQueue'],
        [4, 'template.yaml', 44, 'WorkerFn is triggered by IngestQueue'],
      ],
    );
    assert.deepEqual(cascade.properties.functions, ['IngestFn', 'WorkerFn']);
  });

  it('keeps suppressed findings with their justification', () => {
    const results = parse(renderSarif(smallRun(), RULES)).runs[0]!.results;
    assert.deepEqual(results[2]!.suppressions, [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'read-only table, reviewed by security',
        location: { physicalLocation: { artifactLocation: { uri: 'template.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 21, startColumn: 9 } } },
      },
    ]);
    assert.deepEqual(results[4]!.suppressions, [{ kind: 'external', status: 'accepted', justification: 'in baseline' }]);
    assert.equal(results[0]!.suppressions, undefined);
  });

  it('reports diagnostics as tool execution notifications', () => {
    const inv = parse(renderSarif(smallRun(), RULES)).runs[0]!.invocations[0]!;
    assert.equal(inv.executionSuccessful, true);
    assert.deepEqual(
      inv.toolExecutionNotifications.map((n) => [n.level, n.descriptor.id, n.locations?.[0]?.physicalLocation.region.startLine]),
      [
        ['warning', 'unresolved-import', 57],
        ['note', 'stats', undefined],
      ],
    );
  });

  it('describes a rule a finding names even when it was not passed in', () => {
    const log = buildSarif(smallRun(), RULES.slice(0, 1));
    const run = log.runs[0]!;
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      ['config/deprecated-runtime', 'cost/require-throttling', 'iam/no-wildcard-actions', 'surface/no-public-cascade', 'surface/require-function-url-auth'],
    );
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
    assert.equal(run.tool.driver.rules[3]!.properties['security-severity'], '8.0');
    assert.deepEqual(validate(log), []);
  });

  it('stays valid with odd paths, positions and an empty run', () => {
    const run: RunResult = smallRun();
    run.findings[0]!.location = { file: 'stacks/my app/tëmplate #1.yaml', line: 0, column: 0, endLine: 0 };
    run.findings[1]!.location = { file: 'C:\\repo\\a.yaml', line: 3, column: 2, endLine: 3, endColumn: 2 };
    const log = buildSarif(run, RULES);
    assert.deepEqual(validate(log), []);
    const [a, b] = log.runs[0]!.results;
    assert.equal(a!.locations[0]!.physicalLocation.artifactLocation.uri, 'stacks/my%20app/t%C3%ABmplate%20%231.yaml');
    assert.deepEqual(a!.locations[0]!.physicalLocation.region, { startLine: 1, startColumn: 1 });
    assert.deepEqual(b!.locations[0]!.physicalLocation.region, { startLine: 3, startColumn: 2 });
    assert.equal(fileUri('./x/y.yaml'), 'x/y.yaml');

    const empty: RunResult = { ...smallRun(), findings: [], diagnostics: [] };
    const emptyLog = buildSarif(empty, []);
    assert.deepEqual(emptyLog.runs[0]!.results, []);
    assert.deepEqual(emptyLog.runs[0]!.tool.driver.rules, []);
    assert.deepEqual(validate(emptyLog), []);
  });
});

describe('SARIF of a real scan', () => {
  it('the bundled vulnerable app validates, with code flows and fingerprints on every result', async () => {
    const { analyze } = await import('../../src/api.js');
    const { RULES: ALL_RULES } = await import('../../src/rules/registry.generated.js');
    const result = await analyze({ root: join(here, '../../examples/vulnerable-shop') });
    const log = parse(renderSarif(result, ALL_RULES));
    assert.deepEqual(validate(log), []);
    const results = log.runs[0]!.results;
    assert.equal(results.length, result.findings.length);
    assert.ok(results.every((r) => typeof r.partialFingerprints?.[FINGERPRINT_KEY] === 'string'));
    assert.ok(results.some((r) => (r.codeFlows?.length ?? 0) > 0), 'taint and cascade findings carry code flows');
  });
});
