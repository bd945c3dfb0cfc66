/**
 * Azure Functions declared in code (issue 20): the v4 Node.js model (`app.http('name', {...})` of
 * @azure/functions) and the v2 Python model (decorators on `func.FunctionApp` and `func.Blueprint`).
 * An app with no function resources and no function.json gets one function per declaration, with
 * its trigger, auth level (v4 Node default anonymous; Python: the app's http_auth_level, default
 * FUNCTION), handler and taint root, at the line that declares it. A value that is not a literal is
 * unresolved, never a default; a file that cannot be read whole is said.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';

const here = join(new URL('.', import.meta.url).pathname, 'fixtures', 'azure-code');
const app = 'azurerm_linux_function_app.app';

test('v4 Node.js: each app.http / app.storageQueue / app.timer / app.get is a function with its trigger, auth level and handler', async () => {
  const r = await analyze({ root: join(here, 'node') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), []);
  const ep = (n: string) => r.model.entryPoints.find((e) => e.targets[0] === `${app}/${n}`)!;
  assert.deepEqual(r.model.functions.map((f) => f.id.slice(app.length + 1)).sort(), ['lookup', 'nightly', 'ping', 'purge', 'rotate', 'status', 'work']);
  assert.equal(`${ep('lookup').principal.kind} ${ep('lookup').auth.kind}`, 'public none', 'no authLevel: anonymous, the v4 default');
  assert.deepEqual(ep('lookup').location, { file: 'app/src/functions/orders.js', line: 5, column: 1 }, 'at the registration');
  assert.equal(`${ep('ping').principal.kind} ${ep('ping').auth.kind}`, 'public none');
  assert.equal(`${ep('status').principal.kind} ${ep('status').auth.kind}`, 'public api-key');
  assert.equal(ep('status').location.line, 17, 'at the authLevel written');
  assert.equal(`${ep('rotate').principal.kind} ${ep('rotate').auth.kind}`, 'public api-key', 'admin: the master key');
  assert.equal(`${ep('purge').principal.kind} ${ep('purge').auth.kind}`, 'unresolved unresolved', 'authLevel from a variable');
  assert.equal(ep('work').kind, 'sqs-queue');
  assert.equal(ep('nightly').kind, 'schedule');
  const fn = (n: string) => r.model.functions.find((f) => f.id === `${app}/${n}`)!;
  assert.equal(fn('purge').handler.handler, 'src/functions/admin.purge', 'TypeScript source');
  assert.ok(r.model.functions.every((f) => f.timeoutSeconds === 120 && f.cloud === 'azure'), 'host.json functionTimeout');
  const inj = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(inj && inj.functions[0] === `${app}/lookup` && inj.location.file === 'app/src/functions/orders.js' && inj.location.line === 9, 'the registration handler is the taint root');
  assert.ok(r.findings.some((f) => f.ruleId === 'surface/require-function-url-auth' && f.functions[0] === `${app}/lookup`));
  assert.ok(!r.findings.some((f) => f.ruleId === 'surface/require-function-url-auth' && f.functions[0] === `${app}/status`), 'a function key is not anonymous');
});

test('v2 Python: decorated defs of the FunctionApp and of a registered Blueprint are functions; routes take the app http_auth_level unless they set auth_level', async () => {
  const r = await analyze({ root: join(here, 'python') });
  assert.deepEqual(r.diagnostics.filter((d) => d.level !== 'info'), []);
  const ep = (n: string) => r.model.entryPoints.find((e) => e.targets[0] === `${app}/${n}`)!;
  assert.deepEqual(r.model.functions.map((f) => f.id.slice(app.length + 1)).sort(), ['Health', 'export', 'ingest', 'lookup', 'report', 'tick']);
  assert.equal(`${ep('lookup').principal.kind} ${ep('lookup').auth.kind}`, 'public none', 'http_auth_level=ANONYMOUS');
  assert.equal(`${ep('Health').principal.kind} ${ep('Health').auth.kind}`, 'public api-key', '@app.function_name names it; auth_level FUNCTION');
  assert.deepEqual(ep('Health').location, { file: 'app/function_app.py', line: 21, column: 1 }, 'at auth_level, inside a multi-line decorator');
  assert.equal(`${ep('report').principal.kind} ${ep('report').auth.kind}`, 'unresolved unresolved', 'auth_level from the environment');
  assert.equal(`${ep('export').principal.kind} ${ep('export').auth.kind}`, 'public api-key');
  assert.equal(ep('ingest').kind, 'sqs-queue');
  assert.equal(ep('ingest').principal.kind, 'same-account');
  assert.equal(ep('tick').kind, 'schedule');
  const fn = (n: string) => r.model.functions.find((f) => f.id === `${app}/${n}`)!;
  assert.equal(fn('Health').handler.handler, 'function_app.health_check', 'the decorated def is the handler');
  assert.equal(fn('report').handler.handler, 'blueprints/reports.report');
  const inj = r.findings.find((f) => f.ruleId === 'code/no-command-injection');
  assert.ok(inj && inj.functions[0] === `${app}/lookup` && inj.location.file === 'app/function_app.py' && inj.location.line === 14);
});

test('hostile v4 code: a syntax error and nesting too deep are said, spread options and computed names are unresolved, look-alikes are not functions', async () => {
  const r = await analyze({ root: join(here, 'hostile') });
  const said = r.diagnostics.filter((d) => d.code === 'azure-declared-functions').map((d) => `${d.location?.file}:${d.location?.line}`).sort();
  assert.deepEqual(said, ['app/src/broken.js:4', 'app/src/deep.js:1']);
  const ep = (n: string) => r.model.entryPoints.find((e) => e.targets[0] === `${app}/${n}`);
  assert.equal(ep('spread')?.principal.kind, 'unresolved', '{ ...shared } may carry the auth level');
  assert.equal(ep('spread-line7')?.principal.kind, 'public', 'a computed name: a function all the same, its literal authLevel read');
  assert.ok(r.diagnostics.some((d) => d.code === 'handler-unresolved' && /not a literal/.test(d.message)));
  assert.ok(!r.model.functions.some((f) => /notazure/.test(f.id)), 'an object that is not @azure/functions');
  assert.ok(!r.diagnostics.some((d) => d.code === 'internal-error'));
});

test('hostile v2 Python: an app http_auth_level from a variable leaves its routes unresolved; an unclosed decorator stops the reading, said at its line', async () => {
  const r = await analyze({ root: join(here, 'python-hostile') });
  assert.deepEqual(r.model.entryPoints.map((e) => `${e.targets[0]!.slice(app.length + 1)} ${e.principal.kind}`), ['first unresolved']);
  assert.ok(r.diagnostics.some((d) => d.code === 'azure-declared-functions' && d.location?.file === 'app/function_app.py' && d.location.line === 12));
  assert.ok(!r.diagnostics.some((d) => d.code === 'internal-error'));
});
