/**
 * API Gateway routes integrated with something other than a function: an AWS service integration
 * that writes to a trigger is an entry point into the functions the trigger runs (`via`), checked
 * like a function route; the others are kept on the API node with their auth. REST methods
 * (`Integration.Uri` `arn:aws:apigateway:…:sqs:path/…`), HTTP API first-class integrations
 * (`IntegrationSubtype`), OpenAPI bodies, Terraform; the Serverless service-proxy plugin is said
 * to be unread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/api.js';

const dir = fileURLToPath(new URL('../rules/surface/no-unauthenticated-api-route/', import.meta.url));

async function routes(fixture: string): Promise<{ via: string[]; other: string[] }> {
  const r = await analyze({ root: `${dir}${fixture}`, rules: [] });
  const via = r.model.entryPoints.filter((e) => e.via).map((e) => `${e.label} ${e.auth.kind} ${e.via!.action} ${e.via!.resource} ${e.via!.kind} → ${e.targets.join(',')}`);
  const other = r.model.resources.flatMap((n) => (n.attributes.serviceRoutes ?? []).map((s) => `${n.id} ${s.label} ${s.integration} ${s.action ?? '-'} ${s.resource ?? '-'} ${s.auth.kind}`));
  return { via, other };
}

test('REST methods: SQS path integration cascades into the polling function; a DynamoDB Scan and a MOCK stay on the API', async () => {
  assert.deepEqual(await routes('invalid-cfn-service.yaml'), {
    via: ['POST /jobs none sqs:SendMessage JobsQueue sqs-queue → WorkerFunction'],
    other: ['Api GET /health MOCK - - none', 'Api GET /items AWS dynamodb:Scan ItemsTable none'],
  });
  assert.deepEqual((await routes('valid-cfn-service.yaml')).via, ['POST /jobs iam sqs:SendMessage JobsQueue sqs-queue → WorkerFunction']);
});

test('HTTP API OpenAPI body: SQS-SendMessage and EventBridge-PutEvents (through the bus rule)', async () => {
  assert.deepEqual((await routes('invalid-sam-service.yaml')).via, [
    'POST /events none events:PutEvents Bus eventbridge-rule → AuditFunction',
    'POST /orders none sqs:SendMessage OrdersQueue sqs-queue → OrderFunction',
  ]);
});

test('Terraform: aws_apigatewayv2_integration subtype and aws_api_gateway_integration URI', async () => {
  assert.deepEqual((await routes('invalid-tf-service')).via, [
    'POST /jobs none sqs:SendMessage aws_sqs_queue.jobs sqs-queue → aws_lambda_function.worker',
    'POST /jobs none sqs:SendMessage aws_sqs_queue.jobs sqs-queue → aws_lambda_function.worker',
  ]);
});

test('taint: the queue body a public route sends is reported at the public route reach', async () => {
  const r = await analyze({ root: `${dir}invalid-sam-service.yaml` });
  const fn = r.model.entryPoints.filter((e) => e.targets.includes('OrderFunction')).map((e) => `${e.via?.kind ?? e.kind} ${e.principal.kind}`).sort();
  assert.deepEqual(fn, ['sqs-queue public', 'sqs-queue same-account']);
});

test('Serverless: serverless-apigateway-service-proxy routes are not read, and a warning says so', async () => {
  const r = await analyze({ root: `${dir}valid-sls-service-proxy`, rules: [] });
  const d = r.diagnostics.filter((x) => x.code === 'sls-service-proxy-not-read' || x.code === 'sls-plugin-unknown');
  assert.deepEqual(d.map((x) => `${x.code} ${x.location?.line}`), ['sls-service-proxy-not-read 10']);
});

test('a stream the request names: the route reaches what its role confines it to, with the mapping\'s pace; a role on * leaves it open', async () => {
  assert.deepEqual(await routes('invalid-cfn-service-request-named.yaml'), {
    via: ['PUT /{stream}/record none kinesis:PutRecord Events kinesis-stream → Consumer'],
    other: ['Api PUT /{stream}/any AWS kinesis:PutRecord - none'],
  });
  const r = await analyze({ root: `${dir}invalid-tf-service-request-named`, rules: [] });
  const ep = r.model.entryPoints.find((e) => e.via);
  assert.equal(`${ep?.via?.resource} ${ep?.targets.join(',')}`, 'aws_kinesis_stream.events aws_lambda_function.consumer');
  // what the stream's mapping runs at once (2 shards × 1) bounds what the route drives
  assert.deepEqual(ep?.pollers?.concurrency, 2);
});
