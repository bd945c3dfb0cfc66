/**
 * What was not analysed, said before the findings (issue 12), and incomplete results (issue 18):
 * a scan with a refused file, an unparsable template, functions whose code is not analysed and a
 * definition nightlight does not read. The terminal block is short at 80 columns and comes before
 * the findings; the JSON summary, SARIF and Markdown say the results are incomplete; with
 * --fail-on-incomplete (or `failOnIncomplete: true`) the exit code is 3.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { renderTerminal } from '../../src/reporters/terminal.js';
import { toJsonReport } from '../../src/reporters/json.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { runCli } from '../../src/cli/index.js';

let dir = '';
let whole = '';
const fn = (id: string, handler: string, runtime = 'nodejs20.x') =>
  `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: ${handler}\n      Runtime: ${runtime}\n      CodeUri: src/\n      FunctionUrlConfig: {AuthType: NONE}\n`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nightlight-coverage-'));
  let t = 'Transform: AWS::Serverless-2016-10-31\nResources:\n';
  for (let i = 0; i < 6; i++) t += fn(`Missing${i}`, `nowhere${i}.handler`);
  t += fn('Packaged', 'index.handler').replace('CodeUri: src/', 'CodeUri: s3://bucket/app.zip');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'template.yaml'), t);
  writeFileSync(join(dir, 'broken.template.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources: [unclosed\n");
  writeFileSync(join(dir, 'zappa_settings.toml'), '[dev]\napp_function = "app.app"\ns3_bucket = "b"\n');
  whole = mkdtempSync(join(tmpdir(), 'nightlight-coverage-whole-'));
  writeFileSync(join(whole, 'template.yaml'), 'Transform: AWS::Serverless-2016-10-31\nResources:\n' + fn('Fn', 'index.handler'));
  mkdirSync(join(whole, 'src'));
  writeFileSync(join(whole, 'src', 'index.js'), 'exports.handler = async () => 1;\n');
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(whole, { recursive: true, force: true });
});

test('the terminal says what was not analysed before the findings, in a few lines at 80 columns', async () => {
  const r = await analyze({ root: dir });
  const text = renderTerminal(r, { color: false, width: 80 });
  const lines = text.split('\n');
  const block = lines.indexOf('Not analysed');
  const findings = lines.findIndex((l) => l.startsWith('Findings ('));
  assert.ok(block >= 0 && findings > block, text);
  const body = lines.slice(block + 1, lines.indexOf('', block));
  assert.ok(body.length <= 8, body.join('\n'));
  assert.ok(body.every((l) => l.length <= 80), body.join('\n'));
  const joined = body.map((l) => l.trim()).join(' ');
  assert.match(joined, /Incomplete results: 1 definition dropped/);
  assert.match(joined, /code of 7 function\(s\) not analysed/);
  assert.match(joined, /handler not found \(6\): Missing0, Missing1, Missing2 and 3 more/);
  assert.match(joined, /code is a package or in S3 \(1\): Packaged/);
  assert.match(joined, /zappa_settings\.toml/);
});

test('a whole scan has no block and is not incomplete', async () => {
  const r = await analyze({ root: whole });
  assert.doesNotMatch(renderTerminal(r, { color: false, width: 80 }), /Not analysed/);
  assert.equal(toJsonReport(r).summary['incomplete'], 0);
  const io = { out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), isTty: false, env: {} };
  assert.equal(await runCli(['scan', whole, '--format', 'json', '--fail-on', 'never', '--fail-on-incomplete'], io as never), 0);
});

test('JSON, Markdown and SARIF say the results are incomplete; --fail-on-incomplete exits 3', async () => {
  const r = await analyze({ root: dir });
  const json = toJsonReport(r) as unknown as { summary: Record<string, number>; coverage: { incomplete: boolean; lost: Record<string, number>; lostInputs: { kind: string; location?: { file: string } }[] } };
  assert.equal(json.summary['incomplete'], 1);
  assert.equal(json.coverage.incomplete, true);
  assert.equal(json.coverage.lost['definition'], 1);
  assert.equal(json.coverage.lostInputs[0]!.location?.file, 'broken.template.yaml');
  assert.match(renderMarkdown(r), /\*\*Incomplete results: 1 definition dropped/);
  const run = async (args: string[]) => {
    const io = { out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), isTty: false, env: {} };
    const code = await runCli(['scan', dir, '--fail-on', 'never', ...args], io as never);
    return { code, io };
  };
  assert.equal((await run(['--format', 'json'])).code, 0);
  const failing = await run(['--format', 'sarif', '--fail-on-incomplete']);
  assert.equal(failing.code, 3);
  assert.match(failing.io.err, /Incomplete results/);
  assert.equal(JSON.parse(failing.io.out).runs[0].invocations[0].executionSuccessful, false);
  writeFileSync(join(dir, 'nightlight.config.yaml'), 'failOnIncomplete: true\n');
  try {
    assert.equal((await run(['--format', 'json'])).code, 3);
  } finally {
    rmSync(join(dir, 'nightlight.config.yaml'));
  }
});
