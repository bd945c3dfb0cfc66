/**
 * Java handlers end to end, one function per build layout: Maven, Gradle deployed from its build
 * zip, a Maven multi-module build, a Spring Cloud Function bean and a plain source folder; SDK for
 * Java 2.x builders and consumer lambdas and 1.x positional methods.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from './app-harness.js';

const { code } = await testApp('java', 'java', {
  OrdersFunction: { layout: 'Maven (src/main/java)', file: 'orders/src/main/java/com/shop/orders/App.java', export: 'App::handleRequest', calls: ['dynamodb:GetItem OrdersTable', 'dynamodb:PutItem OrdersTable', 's3:PutObject ReceiptsBucket', 'sqs:SendMessage OrdersQueue'] },
  ReportsFunction: { layout: 'Gradle, CodeUri is the build zip', file: 'reports/src/main/java/com/shop/reports/ReportHandler.java', export: 'ReportHandler::handleRequest', calls: ['s3:GetObject ReceiptsBucket', 'sns:Publish ReportsTopic'] },
  BillingFunction: { layout: 'Maven multi-module', file: 'platform/billing/src/main/java/com/shop/billing/Handler.java', export: 'Handler::handle', calls: ['dynamodb:UpdateItem OrdersTable'] },
  GreeterFunction: { layout: 'Spring Cloud Function bean', file: 'spring-fn/src/main/java/com/shop/fn/FunctionConfig.java', export: 'FunctionConfig::greet()', calls: ['secretsmanager:GetSecretValue ApiKeySecret'] },
  PingFunction: { layout: 'plain source folder', file: 'plain/com/shop/Ping.java', export: 'Ping::handle', calls: ['dynamodb:DescribeTable OrdersTable'] },
});

test('OrdersFunction: the request body it forwards is a tainted send', () => {
  const sends = code.functions['OrdersFunction']!.sends.filter((s) => s.payloadTainted).map((s) => s.action).sort();
  assert.deepEqual(sends, ['dynamodb:PutItem', 's3:PutObject', 'sqs:SendMessage']);
});
