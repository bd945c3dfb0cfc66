/**
 * Generic fixture harness: every file under fixtures/taint/<lang>/ is one handler module.
 * `// expect: <category>` / `# expect: <category>` on the line above a finding; `valid-*` files
 * expect nothing. Header comments: `entry: <kind>[, <kind>]` (default http-api-route),
 * `deps: name@version`. Asserts exact matching of (line, category) for taint and secret findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeHandler, type HandlerSource } from '../../../src/analyses/code/index.js';
import { languageOf, parseModule, prepareLanguage } from '../../../src/loaders/code/index.js';
import type { EntryPointKind } from '../../../src/model/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, 'fixtures', 'taint');

function expectations(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /(?:\/\/|#)\s*expect:\s*([a-z-]+)/.exec(line);
    if (m) out.push(`${i + 2}:${m[1]}`);
  });
  return out.sort();
}

function header(text: string, key: string): string | null {
  const m = new RegExp(`^\\s*(?://|#)\\s*${key}:\\s*(.+)$`, 'm').exec(text);
  return m ? m[1]!.trim() : null;
}

for (const lang of ['python', 'java', 'go', 'csharp', 'ruby'] as const) await prepareLanguage(lang);

for (const lang of readdirSync(root).sort()) {
  for (const name of readdirSync(join(root, lang)).sort()) {
    test(`taint fixture ${lang}/${name}`, () => {
      const text = readFileSync(join(root, lang, name), 'utf8');
      const language = languageOf(null, name)!;
      const file = `${lang}/${name}`;
      const mod = parseModule(file, text, language);
      assert.deepEqual(mod.syntaxErrors, [], 'fixture parses cleanly');
      const deps: Record<string, string> = {};
      for (const d of (header(text, 'deps') ?? '').split(',').filter(Boolean)) {
        const [n, v] = d.trim().split('@');
        deps[n!] = v ?? '';
      }
      const source: HandlerSource = { functionId: 'Fn', language, entry: file, exportName: header(text, 'handler') ?? (language === 'java' ? 'Handler::handleRequest' : language === 'csharp' ? 'Function::FunctionHandler' : 'handler'), modules: { [file]: mod }, dependencies: deps, inline: false };
      const entryKinds = (header(text, 'entry') ?? 'http-api-route').split(',').map((s) => s.trim()) as EntryPointKind[];
      const r = analyzeHandler(source, { entryKinds });
      assert.ok(r.resolved, 'handler resolved');
      const actual = [...r.taint.map((f) => `${f.location.line}:${f.category}`), ...r.secrets.map((s) => `${s.location.line}:hardcoded-secret`)].sort();
      const expected = expectations(text);
      if (name.startsWith('valid-')) assert.equal(expected.length, 0, 'valid-* fixtures carry no expectations');
      assert.deepEqual(actual, expected, JSON.stringify(r.taint.map((f) => ({ line: f.location.line, cat: f.category, sink: f.sink, src: f.sourceLabel })), null, 1));
      for (const f of r.taint) {
        assert.ok(f.path.length >= 2, 'a path has at least the source and the sink');
        assert.deepEqual(f.path[0]!.location, f.source);
        assert.deepEqual(f.path[f.path.length - 1]!.location, f.location);
      }
    });
  }
}
