/**
 * End-to-end checks of one app of handlers in one language: before it, a scan without a function
 * of that language does not load its grammar; after it, only that grammar is loaded; each function
 * resolves to the handler its build layout runs, its SDK calls name template resources, and its
 * suggested policy is strictly narrower than its role and covers every call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../src/api.js';
import type { CodeAnalysis } from '../../../src/analyses/code/program.js';
import type { CodeLanguage } from '../../../src/model/code-ir.js';
import { loadedGrammars } from '../../../src/loaders/code/index.js';
import type { RunResult } from '../../../src/engine/result.js';
import { assertCoversEveryCall, assertStrictlyNarrower } from '../../helpers/least-privilege.js';

export interface Layout {
  layout: string;
  file: string;
  export: string;
  /** `service:Operation TemplateResource`, sorted. */
  calls: string[];
}

const jsOnly = fileURLToPath(new URL('./fixtures/cross/sqs', import.meta.url));

export async function testApp(dir: string, language: CodeLanguage, layouts: Record<string, Layout>): Promise<{ result: RunResult; code: CodeAnalysis }> {
  test(`a scan without a ${language} function does not load the ${language} grammar`, async () => {
    await analyze({ root: jsOnly, rules: [] });
    assert.deepEqual(loadedGrammars(), []);
  });
  const result = await analyze({ root: fileURLToPath(new URL(`./fixtures/apps/${dir}`, import.meta.url)) });
  const code = result.analyses.code;
  test(`scanning ${language} functions loads the ${language} grammar only`, () => {
    assert.deepEqual(loadedGrammars(), [language]);
  });
  for (const [id, exp] of Object.entries(layouts)) {
    test(`${id} (${exp.layout}): handler resolved and its SDK calls name template resources`, () => {
      const fc = code.functions[id]!;
      assert.equal(fc.skipped, null, fc.skipped ?? '');
      assert.deepEqual(fc.handler, { file: exp.file, export: exp.export });
      assert.equal(fc.language, language);
      assert.ok(fc.resolved);
      const calls = fc.calls.map((c) => `${c.service}:${c.operation} ${c.targets.map((t) => t.node ?? `?${t.unknown}`).join(',')}`).sort();
      assert.deepEqual(calls, exp.calls);
      assert.ok(fc.calls.every((c) => c.reachable));
    });
    test(`${id}: the suggested policy is strictly narrower than the granted one`, () => assertStrictlyNarrower(result, id));
    test(`${id}: the suggested policy covers every call of the code`, () => assert.ok(assertCoversEveryCall(result, id) > 0));
  }
  test(`no warnings for the ${language} app`, () => {
    assert.deepEqual(result.diagnostics.filter((d) => d.level !== 'info'), []);
  });
  return { result, code };
}
