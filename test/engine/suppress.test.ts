/**
 * Suppressions: inline comments (YAML, JSON, handler code), resource Metadata (nightlight, cfn_nag,
 * cdk-nag) and config entries; a mandatory reason; unused ones reported; suppressed findings kept
 * in JSON and SARIF and left out of the exit code.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { Finding } from '../../src/model/findings.js';
import type { RunResult } from '../../src/engine/result.js';
import { applySuppressions, peerRuleIds } from '../../src/engine/suppress.js';
import { findIgnoreComments, parseIgnoreText } from '../../src/loaders/comments.js';
import { RULES } from '../../src/rules/registry.generated.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderSarif } from '../../src/reporters/sarif.js';
import { renderTerminal } from '../../src/reporters/terminal.js';
import { runCli } from '../../src/cli/index.js';
import { captureIo, tempDir, writeFiles } from '../diff/helpers.js';
import { CHANGED_TEMPLATE, HANDLER, JSON_TEMPLATE } from '../diff/sam-app.js';

const ROUTE = 'surface/no-unauthenticated-api-route';
const ROUTE_SUBJECT = 'rest-api-method:ServerlessRestApi:POST /orders→OrdersFunction';

const tmp = tempDir();
after(() => tmp.cleanup());
let n = 0;

/** Scans the changed orders app with `edit` applied to its template. */
async function scan(edit: (t: string) => string, extra: Record<string, string> = {}): Promise<{ result: RunResult; dir: string }> {
  const dir = join(tmp.dir, `app${n++}`);
  writeFiles(dir, { 'template.yaml': edit(CHANGED_TEMPLATE), 'src/index.js': HANDLER, ...extra });
  return { result: await analyze({ root: dir }), dir };
}

function routeFinding(r: RunResult): Finding {
  const f = r.findings.find((x) => x.ruleId === ROUTE && x.resource === ROUTE_SUBJECT);
  assert.ok(f, 'the route finding is reported');
  return f;
}

const aboveCreate = (comment: string) => (t: string) => t.replace('        CreateOrder:\n', `        ${comment}\n        CreateOrder:\n`);
const metadata = (yaml: string) => (t: string) => t.replace('  OrdersFunction:\n    Type: AWS::Serverless::Function\n', `  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Metadata:\n${yaml}`);

describe('inline suppression comments', () => {
  it('parse rule ids, keys and the reason', () => {
    assert.deepEqual(parseIgnoreText(' a/b, c/d[Action::s3:*] -- legacy, see ADR 7'), { rules: [{ rule: 'a/b' }, { rule: 'c/d', key: 'Action::s3:*' }], reason: 'legacy, see ADR 7' });
    assert.deepEqual(parseIgnoreText(' a/b[GET /x→Fn]'), { rules: [{ rule: 'a/b', key: 'GET /x→Fn' }], reason: null });
    assert.deepEqual(parseIgnoreText(' a/b --   '), { rules: [{ rule: 'a/b' }], reason: null });
    const found = findIgnoreComments('x.yaml', 'a: 1\n# nightlight-ignore r/one -- why\n\n# another comment\nb: 2  # nightlight-ignore r/two -- same line\nurl: "http://x//nightlight-ignore"\n');
    assert.deepEqual(found.map((c) => [c.line, c.appliesToLine, c.rules[0]!.rule, c.reason]), [[2, 5, 'r/one', 'why'], [5, 5, 'r/two', 'same line']]);
  });

  it('suppress the finding on the next line, keep it in the result with its justification', async () => {
    const { result } = await scan(aboveCreate(`# nightlight-ignore ${ROUTE} -- internal tool behind the corporate proxy`));
    const f = routeFinding(result);
    assert.deepEqual(f.suppression, { reason: 'internal tool behind the corporate proxy', source: 'inline', location: { file: 'template.yaml', line: 36, column: 9 } });
    // Another rule on the same line is not suppressed.
    assert.ok(result.findings.some((x) => x.ruleId === 'cost/no-denial-of-wallet' && !x.suppression));
    assert.deepEqual(result.diagnostics.filter((d) => d.code.startsWith('suppression')), []);
    const json = JSON.parse(renderJson(result)) as { findings: { fingerprint: string; suppression?: unknown }[]; summary: { suppressed: number } };
    assert.deepEqual(json.findings.find((x) => x.fingerprint === f.fingerprint)?.suppression, f.suppression);
    assert.equal(json.summary.suppressed, 1);
    const sarif = JSON.parse(renderSarif(result, RULES)) as { runs: { results: { partialFingerprints: Record<string, string>; suppressions?: { kind: string; justification?: string }[] }[] }[] };
    const r = sarif.runs[0]!.results.find((x) => x.partialFingerprints['nightlight/v1'] === f.fingerprint)!;
    assert.equal(r.suppressions?.[0]?.kind, 'inSource');
    assert.equal(r.suppressions?.[0]?.justification, 'internal tool behind the corporate proxy');
    assert.match(renderTerminal(result, { color: false }), /1 suppressed finding\(s\)/);
  });

  it('honour a key and report a key that matches nothing as unused', async () => {
    const ok = await scan(aboveCreate(`# nightlight-ignore ${ROUTE}[auth] -- reviewed`));
    assert.equal(routeFinding(ok.result).suppression?.source, 'inline');
    const other = await scan(aboveCreate(`# nightlight-ignore ${ROUTE}[cors] -- reviewed`));
    assert.equal(routeFinding(other.result).suppression, undefined);
    assert.deepEqual(
      other.result.diagnostics.filter((d) => d.code === 'suppression-unused').map((d) => [d.level, d.message]),
      [['warning', `template.yaml:36: inline suppression of ${ROUTE}[cors] matches no finding; remove it`]],
    );
  });

  it('without a reason: an error naming file and line, and nothing suppressed', async () => {
    const { result } = await scan(aboveCreate(`# nightlight-ignore ${ROUTE}`));
    assert.equal(routeFinding(result).suppression, undefined);
    const errors = result.diagnostics.filter((d) => d.code === 'suppression-missing-reason');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.level, 'error');
    assert.match(errors[0]!.message, /^template\.yaml:36: suppression of surface\/no-unauthenticated-api-route has no reason/);
    assert.deepEqual(errors[0]!.location, { file: 'template.yaml', line: 36, column: 9 });
  });

  it('work in JSON templates (// comments) and handler code', async () => {
    const dir = join(tmp.dir, `json${n++}`);
    const json = JSON_TEMPLATE.replace('"CreateOrder": {', `// nightlight-ignore ${ROUTE} -- JSON with comments\n"CreateOrder": {`);
    writeFiles(dir, { 'template.json': json, 'src/index.js': HANDLER });
    const result = await analyze({ root: dir });
    assert.equal(routeFinding(result).suppression?.reason, 'JSON with comments');

    // Handler code: a finding located in src/index.js, matched by the engine like any other.
    const code = `const db = require('db');\nexports.handler = async (event) => {\n  // nightlight-ignore code/no-sql-injection -- the id is validated by the authorizer\n  return db.query('SELECT * FROM t WHERE id = ' + event.id);\n};\n`;
    const finding: Finding = { ruleId: 'code/no-sql-injection', category: 'sql-injection', severity: 'high', message: 'SQL built from the event', resource: 'Fn', functions: ['Fn'], location: { file: 'src/index.js', line: 4, column: 10 }, fingerprint: 'f1' };
    const diagnostics: RunResult['diagnostics'] = [];
    applySuppressions([finding], { comments: findIgnoreComments('src/index.js', code) }, diagnostics);
    assert.equal(finding.suppression?.reason, 'the id is validated by the authorizer');
    assert.deepEqual(diagnostics, []);
  });
});

describe('Metadata suppressions', () => {
  it('nightlight: ignore on the function covers findings on its entry points', async () => {
    const { result } = await scan(metadata(`      nightlight:\n        ignore:\n          - id: ${ROUTE}\n            reason: public by design (webhook receiver)\n`));
    const f = routeFinding(result);
    assert.equal(f.suppression?.source, 'metadata');
    assert.equal(f.suppression?.reason, 'public by design (webhook receiver)');
    assert.equal(f.suppression?.location?.file, 'template.yaml');
    assert.deepEqual(result.model.suppressions?.map((s) => [s.resource, s.tool, s.id]), [['OrdersFunction', 'nightlight', ROUTE]]);
  });

  it('maps cfn_nag and cdk-nag suppressions to nightlight rules', async () => {
    assert.deepEqual(peerRuleIds('cfn_nag', 'W59', RULES), [ROUTE]);
    assert.deepEqual(peerRuleIds('cdk_nag', 'AwsSolutions-APIG4', RULES), [ROUTE]);
    assert.deepEqual(peerRuleIds('cfn_nag', 'W1', RULES), []);
    const cfn = await scan(metadata(`      cfn_nag:\n        rules_to_suppress:\n          - id: W59\n            reason: migrated from cfn_nag\n          - id: W89\n            reason: VPC not needed\n`));
    assert.equal(routeFinding(cfn.result).suppression?.reason, 'migrated from cfn_nag (cfn_nag W59)');
    const cdk = await scan(metadata(`      cdk_nag:\n        rules_to_suppress:\n          - id: AwsSolutions-APIG4\n            reason: migrated from cdk-nag\n`));
    assert.equal(routeFinding(cdk.result).suppression?.reason, 'migrated from cdk-nag (cdk_nag AwsSolutions-APIG4)');
    // Peer ids without a nightlight counterpart are neither errors nor "unused".
    assert.deepEqual(cfn.result.diagnostics.filter((d) => d.code.startsWith('suppression')), []);
  });

  it('without a reason: an error naming file and line, and nothing suppressed', async () => {
    const { result } = await scan(metadata(`      nightlight:\n        ignore:\n          - id: ${ROUTE}\n`));
    assert.equal(routeFinding(result).suppression, undefined);
    const err = result.diagnostics.find((d) => d.code === 'suppression-missing-reason');
    assert.ok(err);
    assert.match(err.message, /^template\.yaml:\d+: suppression of surface\/no-unauthenticated-api-route has no reason/);
    assert.equal(err.location?.file, 'template.yaml');
  });

  it('unused nightlight metadata suppressions are reported', async () => {
    const { result } = await scan((t) => metadata(`      nightlight:\n        ignore:\n          - id: ${ROUTE}\n            reason: was public once\n`)(t.replace(/\n        CreateOrder:[\s\S]*$/, '\n')));
    assert.deepEqual(
      result.diagnostics.filter((d) => d.code === 'suppression-unused').map((d) => d.message.replace(/^template\.yaml:\d+: /, '')),
      [`metadata suppression of ${ROUTE} on OrdersFunction matches no finding; remove it`],
    );
  });
});

describe('suppressions and the exit code', () => {
  it('suppressed findings do not fail the build', async () => {
    // Without the app's wildcard statement (which brings high IAM findings of its own), the public
    // route to the orders table is the only high finding.
    const noWildcard = (t: string) => t.replace("        - Statement:\n            - Effect: Allow\n              Action: 's3:*'\n              Resource: '*'\n", '');
    const { dir } = await scan((t) => aboveCreate(`# nightlight-ignore ${ROUTE}, cost/no-denial-of-wallet -- accepted for the demo stage`)(noWildcard(t)));
    const io = captureIo();
    assert.equal(await runCli(['scan', dir, '--fail-on', 'high'], io), 0, io.out.join(''));
    assert.match(io.out.join(''), /2 suppressed finding\(s\)/);
    const plain = await scan(noWildcard);
    assert.equal(await runCli(['scan', plain.dir, '--fail-on', 'high'], captureIo()), 1);
  });
});
