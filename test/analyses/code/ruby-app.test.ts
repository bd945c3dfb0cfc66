/**
 * Ruby handlers end to end, one function per layout: `file.method` with a module required by
 * `require_relative`, `file.Module::Class.method` (a singleton method in `class << self`, the
 * resource interface of aws-sdk-ruby), a Gemfile project whose handler is under `src/` and
 * requires from `lib/` (gems under `vendor/bundle` not read), a handler under `src/` that puts its
 * own `src/lib` on `$LOAD_PATH`, and a prebuilt zip with its sources beside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGemfileLock } from '../../../src/loaders/dependencies.js';
import { testApp } from './app-harness.js';

const rubyApp = testApp('rb', 'ruby', {
  OrdersFunction: { layout: 'file.method, require_relative', file: 'orders/app.rb', export: 'handler', calls: ['dynamodb:PutItem OrdersTable', 'sqs:SendMessage OrdersQueue'] },
  ReportsFunction: { layout: 'file.Module::Class.method, resource interface', file: 'reports/function.rb', export: 'Reports::Handler.process', calls: ['s3:GetObject ReportsBucket', 'sns:Publish ReportsTopic'] },
  CatalogFunction: { layout: 'Gemfile project, src/ handler, lib/ on $LOAD_PATH', file: 'catalog/src/handler.rb', export: 'main', calls: ['dynamodb:GetItem OrdersTable', 's3:PutObject ReportsBucket'] },
  SearchFunction: { layout: 'src/ handler, its own src/lib put on $LOAD_PATH', file: 'search/src/handler.rb', export: 'main', calls: ['dynamodb:Query OrdersTable'] },
  WorkerFunction: { layout: 'prebuilt zip, sources beside it', file: 'worker/worker.rb', export: 'Worker.run', calls: ['dynamodb:UpdateItem OrdersTable'] },
});
const { code } = await rubyApp;

test('OrdersFunction: the request body it forwards is a tainted send', () => {
  const sends = code.functions['OrdersFunction']!.sends.filter((s) => s.payloadTainted).map((s) => s.action).sort();
  assert.deepEqual(sends, ['dynamodb:PutItem', 'sqs:SendMessage']);
});

test('every call is an aws-sdk-ruby call', () => {
  for (const id of ['OrdersFunction', 'ReportsFunction', 'CatalogFunction', 'WorkerFunction']) assert.ok(code.functions[id]!.calls.every((c) => c.sdk === 'ruby'), id);
});

test('Gemfile.lock: the resolved gems and their versions, not the requirements', () => {
  const lock = readFileSync(fileURLToPath(new URL('./fixtures/apps/rb/orders/Gemfile.lock', import.meta.url)), 'utf8');
  const deps = parseGemfileLock('Gemfile.lock', lock).dependencies.map((d) => `${d.name}@${d.version}:${d.location.line}`);
  assert.deepEqual(deps, ['aws-eventstream@1.3.0:4', 'aws-partitions@1.992.0:5', 'aws-sdk-core@3.211.0:6', 'aws-sdk-dynamodb@1.126.0:9', 'aws-sdk-sqs@1.86.0:11']);
});

test('the Ruby functions\' Gemfile.lock is a manifest of the dependency check (no snapshot: unchecked, said so)', async () => {
  const { result } = await rubyApp;
  const deps = result.analyses.dependencies;
  assert.ok(deps, 'the dependency analysis ran');
  assert.equal(deps.checked, false);
  assert.equal(deps.manifests, 1);
  assert.ok(result.diagnostics.some((d) => d.code === 'advisories-absent'));
});

test('$LOAD_PATH additions a require can be resolved through: from the file, from the task root, or none', async () => {
  const { parseModule, prepareLanguage } = await import('../../../src/loaders/code/index.js');
  await prepareLanguage('ruby');
  const src = [
    "$LOAD_PATH.unshift(File.expand_path('lib', __dir__))",
    "$LOAD_PATH.unshift(File.expand_path('../shared', __FILE__))",
    "$: << File.join(File.dirname(__FILE__), '..', 'vendor')",
    '$LOAD_PATH.push("#{__dir__}/models")',
    "$LOAD_PATH << 'app'",
    "$LOAD_PATH.unshift('/var/task/gems')",
    "$LOAD_PATH.unshift('/opt/ruby/lib')",
    '$LOAD_PATH.unshift(ENV["EXTRA"])',
    "$LOAD_PATH.unshift(File.expand_path('x', __FILE__))",
  ].join('\n');
  const mod = parseModule('src/app.rb', src, 'ruby');
  assert.deepEqual(mod.loadPath, ['./lib', './shared', '../vendor', './models', 'app', 'gems']);
});
