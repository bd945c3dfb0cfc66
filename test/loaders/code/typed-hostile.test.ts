/**
 * Hostile handler code in Java, Go and C#: an expression nested far deeper than the lowering's
 * recursion is skipped as one statement with a warning at its line; the rest of the handler is
 * still analysed (the command injection beside it is found); nothing throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeHandler } from '../../../src/analyses/code/index.js';
import type { CodeLanguage } from '../../../src/model/code-ir.js';
import { parseModule, prepareLanguage } from '../../../src/loaders/code/index.js';

const DEPTH = 60_000;
const deep = (open: string, close: string, leaf: string) => open.repeat(DEPTH) + leaf + close.repeat(DEPTH);

const CASES: { language: CodeLanguage; file: string; exportName: string; text: string }[] = [
  {
    language: 'java',
    file: 'Handler.java',
    exportName: 'Handler::handleRequest',
    text: `class Handler {\n  public String handleRequest(java.util.Map<String, String> event, Object ctx) {\n    int x = ${deep('(', ')', '1')};\n    Runtime.getRuntime().exec("sh -c " + event.get("cmd"));\n    return "ok";\n  }\n}\n`,
  },
  {
    language: 'go',
    file: 'main.go',
    exportName: 'handler',
    text: `package main\n\nimport (\n\t"os/exec"\n\t"github.com/aws/aws-lambda-go/lambda"\n)\n\nfunc handle(event map[string]string) error {\n\tx := ${deep('(', ')', '1')}\n\t_ = x\n\treturn exec.Command("sh", "-c", event["cmd"]).Run()\n}\n\nfunc main() {\n\tlambda.Start(handle)\n}\n`,
  },
  {
    language: 'csharp',
    file: 'Function.cs',
    exportName: 'Function::FunctionHandler',
    text: `using System.Diagnostics;\nusing System.Collections.Generic;\npublic class Function {\n  public string FunctionHandler(Dictionary<string, string> evnt, object context) {\n    var x = ${deep('(', ')', '1')};\n    Process.Start("/bin/sh", "-c " + evnt["cmd"]);\n    return "ok";\n  }\n}\n`,
  },
];

for (const c of CASES) {
  test(`${c.language}: a statement nested ${DEPTH} deep is skipped with a warning, the rest analysed`, async () => {
    await prepareLanguage(c.language);
    const mod = parseModule(c.file, c.text, c.language);
    assert.ok(mod.syntaxErrors.some((e) => /nested too deeply/.test(e.message) && e.pos.line > 1), JSON.stringify(mod.syntaxErrors.slice(0, 3)));
    const r = analyzeHandler({ functionId: 'F', language: c.language, entry: c.file, exportName: c.exportName, modules: { [c.file]: mod }, dependencies: {}, inline: false }, { entryKinds: ['lambda-permission'] });
    assert.ok(r.resolved);
    assert.deepEqual(r.taint.map((t) => t.category), ['command-injection']);
  });
}
