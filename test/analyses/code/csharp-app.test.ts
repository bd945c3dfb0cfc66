/**
 * C# handlers end to end, one function per build layout: the SAM dotnet template (CodeUri is the
 * project folder), a solution folder whose project is under src/ with a class of another file, and
 * a `dotnet publish` output folder mapped back to its project; object initializers, positional
 * convenience methods and an SDK client field typed by its interface.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from './app-harness.js';

const { code } = await testApp('cs', 'csharp', {
  OrdersFunction: { layout: 'SAM dotnet template, project folder', file: 'src/OrdersApi/Function.cs', export: 'Function::FunctionHandler', calls: ['dynamodb:PutItem OrdersTable', 'sqs:SendMessage OrdersQueue'] },
  ReportsFunction: { layout: 'solution folder, class of another file', file: 'reports/src/Reports/Handler.cs', export: 'Handler::Run', calls: ['s3:GetObject ReportsBucket', 'sns:Publish ReportsTopic'] },
  WorkerFunction: { layout: 'dotnet publish output', file: 'worker/Function.cs', export: 'Function::Handle', calls: ['dynamodb:GetItem OrdersTable'] },
});

test('OrdersFunction: the request body it forwards is a tainted send', () => {
  const sends = code.functions['OrdersFunction']!.sends.filter((s) => s.payloadTainted).map((s) => s.action).sort();
  assert.deepEqual(sends, ['dynamodb:PutItem', 'sqs:SendMessage']);
});
