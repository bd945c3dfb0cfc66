/**
 * Handler code benchmark: 200 generated handlers of ~300 lines (JS, TS and Python), resolved,
 * parsed, SDK-extracted and taint-analysed. Prints the time; target < 3 s.
 * Run: node --import tsx bench/code.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeHandler } from '../src/analyses/code/index.js';
import { initPythonParser, loadHandler } from '../src/loaders/code/index.js';
import type { Diagnostic, FunctionNode } from '../src/model/types.js';

const COUNT = 200;
const TARGET_LINES = 300;

function jsHandler(i: number, ts: boolean): string {
  const t = ts ? ': any' : '';
  const lines = [
    `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';`,
    `import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';`,
    `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';`,
    `import { exec } from 'node:child_process';`,
    `const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));`,
    `const sqs = new SQSClient({});`,
  ];
  let h = 0;
  while (lines.length < TARGET_LINES - 20) {
    lines.push(
      `function helper${h}(input${t}, n${t}) {`,
      `  const key = 'k' + n + input.id;`,
      `  const list = [];`,
      `  for (const x of input.items ?? []) {`,
      `    if (x.kind === 'a') list.push({ key, value: x.value });`,
      `    else list.push({ key, value: String(x.value).trim() });`,
      `  }`,
      `  return { TableName: process.env.TABLE_${i}, Item: { pk: key, list } };`,
      `}`,
      ``,
    );
    h++;
  }
  lines.push(`export const handler = async (event${t}) => {`, `  const body = JSON.parse(event.body);`);
  for (let k = 0; k < h; k += 4) lines.push(`  await ddb.send(new PutCommand(helper${k}(body, ${k})));`);
  lines.push(
    `  await ddb.send(new QueryCommand({ TableName: process.env.TABLE_${i}, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': body.id } }));`,
    `  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(body) }));`,
    `  if (${i} % 7 === 0) exec('echo ' + body.name);`,
    `  return { statusCode: 200, body: JSON.stringify({ ok: true }) };`,
    `};`,
  );
  return lines.join('\n') + '\n';
}

function pyHandler(i: number): string {
  const lines = ['import json', 'import os', 'import subprocess', 'import boto3', '', "table = boto3.resource('dynamodb').Table(os.environ['TABLE'])", "sqs = boto3.client('sqs')", ''];
  let h = 0;
  while (lines.length < TARGET_LINES - 20) {
    lines.push(`def helper${h}(data, n):`, `    key = 'k' + str(n) + data.get('id', '')`, '    out = []', "    for x in data.get('items', []):", "        if x.get('kind') == 'a':", "            out.append({'key': key, 'value': x['value']})", '        else:', "            out.append({'key': key, 'value': str(x['value']).strip()})", "    return {'pk': key, 'list': out}", '', '');
    h++;
  }
  lines.push('def handler(event, context):', "    body = json.loads(event['body'])");
  for (let k = 0; k < h; k += 4) lines.push(`    table.put_item(Item=helper${k}(body, ${k}))`);
  lines.push("    sqs.send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody=json.dumps(body))", `    if ${i} % 7 == 0:`, "        subprocess.run('echo ' + body['name'], shell=True)", "    return {'statusCode': 200}");
  return lines.join('\n') + '\n';
}

const root = mkdtempSync(join(tmpdir(), 'nightlight-bench-code-'));
const fns: FunctionNode[] = [];
let totalLines = 0;
for (let i = 0; i < COUNT; i++) {
  const kind = i % 3;
  const dir = join(root, `fn${i}`);
  mkdirSync(dir, { recursive: true });
  const text = kind === 0 ? jsHandler(i, false) : kind === 1 ? jsHandler(i, true) : pyHandler(i);
  totalLines += text.split('\n').length;
  writeFileSync(join(dir, kind === 0 ? 'index.mjs' : kind === 1 ? 'index.ts' : 'app.py'), text);
  fns.push({
    id: `Fn${i}`, logicalId: `Fn${i}`, stack: 'template.yaml', name: `fn${i}`, arn: `arn:aws:lambda:us-east-1:123456789012:function:fn${i}`,
    runtime: kind === 2 ? 'python3.12' : 'nodejs20.x', handler: { handler: kind === 2 ? 'app.handler' : 'index.handler', codeUri: `fn${i}`, inline: false },
    memoryMb: 128, timeoutSeconds: 3, architecture: 'x86_64', reservedConcurrency: null, provisionedConcurrency: null, roleId: null, roleArn: null,
    environment: {}, layers: [], url: null, recursiveLoop: 'Terminate', permissions: [], location: { file: 'template.yaml', line: 1, column: 1 },
  });
}

await initPythonParser(); // one-off wasm start-up, reported separately
const cpu0 = process.cpuUsage();
const start = process.hrtime.bigint();
let calls = 0;
let findings = 0;
const diagnostics: Diagnostic[] = [];
for (const fn of fns) {
  const src = await loadHandler(root, fn, diagnostics);
  if (!src) continue;
  const r = analyzeHandler(src, { entryKinds: ['http-api-route'] });
  calls += r.calls.length;
  findings += r.taint.length;
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpu0);
rmSync(root, { recursive: true, force: true });
process.stdout.write(`code: ${COUNT} handlers, ${totalLines} lines: ${ms.toFixed(0)} ms (resolve + parse + SDK extraction + taint); ${calls} SDK calls, ${findings} taint findings, ${diagnostics.length} diagnostics; ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms cpu; target < 3000 ms\n`);
process.stdout.write(`@bench ${JSON.stringify({ name: `code: ${COUNT} handlers × ${TARGET_LINES} lines`, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), targetMs: 3000 })}\n`);
