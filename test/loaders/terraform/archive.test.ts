// Code packaged as Terraform users write it: archive_file with source_file zips one file at the
// archive's root, so the handler is found beside that file (not under a folder named like it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../../src/api.js';

const FIX = join(import.meta.dirname, 'fixtures');

test('archive_file source_file: the handler beside the file is analysed', async () => {
  const r = await analyze({ root: join(FIX, 'archive-source-file'), cache: false });
  const injection = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(injection, `findings: ${r.findings.map((f) => f.ruleId).join(', ')}`);
  assert.equal(injection.location.file, 'src/index.js');
  assert.ok(!r.diagnostics.some((d) => d.code === 'handler-not-found'), JSON.stringify(r.diagnostics));
});

test('archive_file source { content = templatefile(...) }: the template is the code, at its own lines, interpolations unknown', async () => {
  const r = await analyze({ root: join(FIX, 'archive-templatefile'), cache: false });
  const injection = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(injection, `findings: ${r.findings.map((f) => f.ruleId).join(', ')}`);
  // `return execSync(event.body)…` is line 12 of the template file, after two directive lines.
  assert.deepEqual([injection.location.file, injection.location.line], ['templates/index.js.tpl', 12]);
  // `TableName: TABLE` where TABLE = "${table}": unknown, never the literal text "${table}".
  const put = r.findings.find((f) => f.ruleId === 'iam/require-granted-permission');
  assert.ok(put, `findings: ${r.findings.map((f) => f.ruleId).join(', ')}`);
  assert.equal(put.location.line, 11);
  assert.doesNotMatch(put.message, /\$\{|table\}/);
  assert.match(put.message, /built at run time/);
  assert.ok(!r.diagnostics.some((d) => /handler|code-/.test(d.code) && d.level !== 'info'), JSON.stringify(r.diagnostics));
});

test('archive_file source_content heredoc: the code is read from the .tf file, located at its lines', async () => {
  const r = await analyze({ root: join(FIX, 'archive-content'), cache: false });
  const injection = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(injection, `findings: ${r.findings.map((f) => f.ruleId).join(', ')}`);
  assert.deepEqual([injection.location.file, injection.location.line], ['main.tf', 13]);
});

test('a prebuilt zip with its sources beside it: the sources are analysed (the same helper as SAM CodeUri)', async () => {
  const r = await analyze({ root: join(FIX, 'prebuilt-zip'), cache: false });
  const injection = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(injection, `findings: ${r.findings.map((f) => f.ruleId).join(', ')}`);
  assert.equal(injection.location.file, 'lambda/main.js');
  assert.ok(r.diagnostics.some((d) => d.code === 'handler-source-of-package'), JSON.stringify(r.diagnostics));
});

test('a prebuilt zip with no sources beside it says so, once (not "handler not found under .")', async () => {
  const r = await analyze({ root: join(FIX, 'prebuilt-zip-bare'), cache: false });
  const mine = r.diagnostics.filter((d) => d.level !== 'info');
  assert.deepEqual(mine.map((d) => d.code), ['handler-packaged']);
  assert.match(mine[0]!.message, /bare\.zip/);
});
