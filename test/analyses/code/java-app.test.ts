/**
 * Java handlers end to end: each build layout resolves to the handler the runtime would run, the
 * SDK calls (SDK for Java 2.x builders and consumer lambdas, 1.x positional methods) name their
 * template resources through environment variables, and the suggested policy of every function is
 * strictly narrower than its role and covers every call. The Java grammar is loaded only when a
 * Java function is scanned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../src/api.js';
import type { CodeAnalysis } from '../../../src/analyses/code/program.js';
import { loadedGrammars } from '../../../src/loaders/code/index.js';
import { assertCoversEveryCall, assertStrictlyNarrower } from '../../helpers/least-privilege.js';

const app = fileURLToPath(new URL('./fixtures/apps/java', import.meta.url));
const jsOnly = fileURLToPath(new URL('./fixtures/cross/sqs', import.meta.url));

test('a scan without a Java function does not load the Java grammar', async () => {
  await analyze({ root: jsOnly, rules: [] });
  assert.deepEqual(loadedGrammars(), []);
});

const result = await analyze({ root: app });
const code = result.analyses['code'] as CodeAnalysis;

test('scanning Java functions loads the Java grammar only', () => {
  assert.deepEqual(loadedGrammars(), ['java']);
});

const LAYOUTS: Record<string, { layout: string; file: string; export: string; calls: string[] }> = {
  OrdersFunction: { layout: 'Maven (src/main/java)', file: 'orders/src/main/java/com/shop/orders/App.java', export: 'App::handleRequest', calls: ['dynamodb:GetItem OrdersTable', 'dynamodb:PutItem OrdersTable', 's3:PutObject ReceiptsBucket', 'sqs:SendMessage OrdersQueue'] },
  ReportsFunction: { layout: 'Gradle, CodeUri is the build zip', file: 'reports/src/main/java/com/shop/reports/ReportHandler.java', export: 'ReportHandler::handleRequest', calls: ['s3:GetObject ReceiptsBucket', 'sns:Publish ReportsTopic'] },
  BillingFunction: { layout: 'Maven multi-module', file: 'platform/billing/src/main/java/com/shop/billing/Handler.java', export: 'Handler::handle', calls: ['dynamodb:UpdateItem OrdersTable'] },
  GreeterFunction: { layout: 'Spring Cloud Function bean', file: 'spring-fn/src/main/java/com/shop/fn/FunctionConfig.java', export: 'FunctionConfig::greet()', calls: ['secretsmanager:GetSecretValue ApiKeySecret'] },
  PingFunction: { layout: 'plain source folder', file: 'plain/com/shop/Ping.java', export: 'Ping::handle', calls: ['dynamodb:DescribeTable OrdersTable'] },
};

for (const [id, exp] of Object.entries(LAYOUTS)) {
  test(`${id} (${exp.layout}): handler resolved and its SDK calls name template resources`, () => {
    const fc = code.functions[id]!;
    assert.equal(fc.skipped, null, fc.skipped ?? '');
    assert.deepEqual(fc.handler, { file: exp.file, export: exp.export });
    assert.equal(fc.language, 'java');
    assert.ok(fc.resolved);
    const calls = fc.calls.map((c) => `${c.service}:${c.operation} ${c.targets.map((t) => t.node ?? `?${t.unknown}`).join(',')}`).sort();
    assert.deepEqual(calls, exp.calls);
    assert.ok(fc.calls.every((c) => c.reachable));
  });
  test(`${id}: the suggested policy is strictly narrower than the granted one`, () => assertStrictlyNarrower(result, id));
  test(`${id}: the suggested policy covers every call of the code`, () => assert.ok(assertCoversEveryCall(result, id) > 0));
}

test('OrdersFunction: the request body it forwards is a tainted send', () => {
  const sends = code.functions['OrdersFunction']!.sends.filter((s) => s.payloadTainted).map((s) => s.action).sort();
  assert.deepEqual(sends, ['dynamodb:PutItem', 's3:PutObject', 'sqs:SendMessage']);
});

test('no warnings for the Java app', () => {
  assert.deepEqual(result.diagnostics.filter((d) => d.level !== 'info'), []);
});
