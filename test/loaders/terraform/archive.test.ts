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
