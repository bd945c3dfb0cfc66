/**
 * Go handlers end to end, one function per build layout: SAM's go1.x build method (a main package
 * of two files in the CodeUri folder, run as `bootstrap`), a `go1.x` binary name found as
 * `cmd/<name>` of a module that imports its own package, and a built zip mapped to the main
 * package named like it (SDK for Go v1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from './app-harness.js';

const { code } = await testApp('go', 'go', {
  OrdersFunction: { layout: 'SAM go1.x build method, provided.al2023 bootstrap', file: 'orders/main.go', export: 'handler', calls: ['dynamodb:PutItem OrdersTable', 'sqs:SendMessage OrdersQueue'] },
  ReportsFunction: { layout: 'go1.x binary name → cmd/<name>, module package import', file: 'services/cmd/reports/main.go', export: 'handler', calls: ['s3:GetObject ReportsBucket', 'sns:Publish ReportsTopic'] },
  WorkerFunction: { layout: 'CodeUri is the built zip', file: 'worker/main.go', export: 'handler', calls: ['dynamodb:GetItem OrdersTable'] },
});

test('OrdersFunction: the request body it forwards is a tainted send', () => {
  const sends = code.functions['OrdersFunction']!.sends.filter((s) => s.payloadTainted).map((s) => s.action).sort();
  assert.deepEqual(sends, ['dynamodb:PutItem', 'sqs:SendMessage']);
});
