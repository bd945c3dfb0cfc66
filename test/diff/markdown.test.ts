/**
 * The Markdown scan report (`--format markdown`): summary, attack-surface table, findings by
 * severity, suppressed findings folded away. Lives beside the diff tests, which share its helpers.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { mdCode, mdText, renderMarkdown } from '../../src/reporters/markdown.js';
import { runCli } from '../../src/cli/index.js';
import { captureIo, tempDir, writeFiles } from './helpers.js';
import { CHANGED_TEMPLATE, HANDLER } from './sam-app.js';

describe('markdown report', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('escapes table cells', () => {
    assert.equal(mdText('a | b `c` <script>'), 'a \\| b \\`c\\` \\<script\\>');
    assert.equal(mdCode('x|y'), '`x\\|y`');
    assert.equal(mdCode('a`b'), '`` a`b ``');
  });

  it('summarises, tables the attack surface and lists findings by severity', async () => {
    const dir = join(tmp.dir, 'app');
    writeFiles(dir, { 'template.yaml': CHANGED_TEMPLATE.replace('        CreateOrder:\n', '        # nightlight-ignore surface/no-unauthenticated-api-route -- signed webhook\n        CreateOrder:\n'), 'src/index.js': HANDLER });
    const result = await analyze({ root: dir });
    const md = renderMarkdown(result);
    assert.ok(md.startsWith('<!-- nightlight-scan -->\n## nightlight: '));
    assert.match(md, /1 input file \(sam\) · 1 function · 2 entry points \(1 public\)/);
    assert.ok(md.includes('### Attack surface\n\n| Who can call | Auth | Entry point | Invokes | Where |\n| --- | --- | --- | --- | --- |\n| **public** | none | POST /orders (`ServerlessRestApi`) | `OrdersFunction` | `template.yaml:'), md);
    assert.ok(md.indexOf('**High (') > 0 && md.indexOf('**High (') < md.indexOf('**Medium ('), md);
    assert.ok(md.includes('### Worst-case cost (denial of wallet)'));
    assert.ok(md.includes('<summary>1 suppressed finding</summary>'));
    assert.ok(md.includes('| inline: signed webhook |'));
    assert.equal(renderMarkdown(result), md, 'deterministic');
    const io = captureIo();
    await runCli(['scan', dir, '--format', 'markdown'], io);
    assert.equal(io.out.join(''), md);
  });
});
