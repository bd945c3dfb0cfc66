/**
 * One app, four ways of writing it (SAM, plain CloudFormation, Serverless Framework, Terraform):
 * the same entry points, the same effective permissions and the same findings, each pointing at
 * the file the user wrote. Its handlers are JavaScript, Java (a Maven project; a jar in the
 * Serverless and Terraform twins) and Go (a main package; a built zip in the Serverless and
 * Terraform twins).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import type { AnalyzedRun } from '../../src/engine/result.js';

const here = new URL('.', import.meta.url).pathname;
const FORMATS = { sam: 'template.yaml', cfn: 'template.yaml', serverless: 'serverless.yml', terraform: 'main.tf' } as const;

/** `OrdersFunction`, `orders`, `aws_lambda_function.orders` → `orders`. */
function norm(id: string): string {
  return id
    .replace(/^aws_lambda_function\./, '')
    .replace(/(LambdaFunction|Function)$/, '')
    .toLowerCase();
}

function shape(r: AnalyzedRun) {
  const iam = r.analyses.iam;
  const entryPoints = r.model.entryPoints.map((e) => `${e.kind} ${e.method ?? ''} ${e.path ?? ''} ${e.principal.kind} ${e.auth.kind} → ${e.targets.map(norm).join(',')}`).sort();
  const permissions: Record<string, string[]> = {};
  for (const fn of r.model.functions) {
    const p = iam.permissionsOf(fn.id);
    // Log delivery differs by tool (managed policy vs. generated statements) and is not what this compares;
    // a grant on `*` subsumes narrower grants of the same action.
    permissions[norm(fn.id)] = (p?.services ?? []).filter((s) => s.service !== 'logs').flatMap((s) => s.actions.map((a) => `${a.action} ${a.resources.includes('*') ? '*' : a.resources.join(',')}`)).sort();
  }
  const findings = r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.functions.map(norm).join(',')}`).sort();
  const functions = r.model.functions.map((f) => `${norm(f.id)} ${String(f.memoryMb)}MB ${String(f.timeoutSeconds)}s rc=${String(f.reservedConcurrency)}`).sort();
  return { entryPoints, permissions, findings, functions };
}

test('SAM, CloudFormation, Serverless and Terraform twins give the same model and findings', async () => {
  const results = new Map<string, AnalyzedRun>();
  for (const f of Object.keys(FORMATS)) results.set(f, await analyze({ root: join(here, 'equivalence', f) }));
  const sam = shape(results.get('sam')!);
  assert.equal(sam.entryPoints.length, 6);
  assert.ok(sam.findings.includes('code/no-sql-injection critical inventory'), 'the Java handler is analysed');
  assert.ok(sam.findings.includes('code/no-command-injection critical pricing'), 'the Go handler is analysed');
  assert.ok(sam.findings.some((f) => f.startsWith('surface/require-function-url-auth')));
  assert.ok(sam.findings.some((f) => f.startsWith('surface/no-public-lambda-permission')));
  for (const [format, file] of Object.entries(FORMATS)) {
    const r = results.get(format)!;
    assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), [], `${format}: no diagnostics`);
    const s = shape(r);
    assert.deepEqual(s.functions, sam.functions, `${format}: functions`);
    assert.deepEqual(s.entryPoints, sam.entryPoints, `${format}: entry points`);
    assert.deepEqual(s.permissions, sam.permissions, `${format}: permissions`);
    assert.deepEqual(s.findings.filter((x) => !x.startsWith('iam/no-unused-permission') && !x.startsWith('iam/least-privilege')), sam.findings.filter((x) => !x.startsWith('iam/no-unused-permission') && !x.startsWith('iam/least-privilege')), `${format}: findings`);
    for (const f of r.findings) assert.equal(f.location.file.split('/').pop(), /\.(js|java|go)$/.test(f.location.file) ? f.location.file.split('/').pop() : file, `${format}: ${f.ruleId} points at ${file}`);
  }
});
