/**
 * Handler languages benchmark: 200 handlers of ~300 lines in a mix of the six languages (JavaScript,
 * as .js and .ts files, Python, Java, Go, C#, Ruby) against 200 JavaScript handlers of the same size and shape,
 * each resolved from its build layout, parsed, SDK-extracted and taint-analysed. Each set runs in
 * its own process so that grammar loading is counted where it happens (the JS set loads none).
 * Each set runs from a bundle of this file (as the command line runs from its bundle, on a plain
 * Node with the CLI's V8 flags), not through tsx: tsx compiles on a thread of its own every module
 * imported while a set runs, web-tree-sitter's runtime included, which the product never does.
 * Target: the mix within 1.5× the CPU time of the JS set. See docs/performance.md.
 *
 * Run: node --import tsx bench/code-languages.ts        (JS set, then the mix, then the ratio)
 *      node --import tsx bench/code-languages.ts java   (200 handlers of one language, through tsx, for the breakdown)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_V8_FLAGS } from '../scripts/v8-flags.js';
import { BUNDLE_OPTIONS, REQUIRE_SHIM, ROOT } from '../scripts/bundle-options.js';

const COUNT = 200;
const LINES = 300;
const MIX = ['javascript', 'typescript', 'python', 'java', 'go', 'csharp', 'ruby'] as const;
export type Lang = (typeof MIX)[number];

/** The repeated helper of each language: build an item from the input (10 lines). */
function helper(lang: Lang, h: number): string[] {
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const t = lang === 'typescript' ? ': any' : '';
      return [`function build${h}(input${t}, n${t}) {`, `  const key = 'k' + n + input.id;`, `  const rows = [];`, `  for (const x of input.items ?? []) {`, `    if (x.kind === 'a') rows.push({ key, value: x.value });`, `    else rows.push({ key, value: String(x.value).trim() });`, `  }`, `  return { TableName: process.env.TABLE, Item: { pk: key, rows } };`, `}`, ``];
    }
    case 'python':
      return [`def build${h}(data, n):`, `    key = 'k' + str(n) + data.get('id', '')`, `    rows = []`, `    for x in data.get('items', []):`, `        if x.get('kind') == 'a':`, `            rows.append({'key': key, 'value': x['value']})`, `        else:`, `            rows.append({'key': key, 'value': str(x['value']).strip()})`, `    return {'pk': key, 'rows': rows}`, ``];
    case 'java':
      return [`  private Map<String, AttributeValue> build${h}(String body, int n) {`, `    String key = "k" + n + body.length();`, `    List<String> rows = new ArrayList<>();`, `    for (String x : body.split(",")) {`, `      if (x.startsWith("a")) rows.add(key + x);`, `      else rows.add(x.trim());`, `    }`, `    return Map.of("pk", AttributeValue.builder().s(key).build(), "rows", AttributeValue.builder().ss(rows).build());`, `  }`, ``];
    case 'go':
      return [`func build${h}(body string, n int) map[string]types.AttributeValue {`, `\tkey := fmt.Sprintf("k%d%s", n, body)`, `\trows := []string{}`, `\tfor _, x := range strings.Split(body, ",") {`, `\t\tif strings.HasPrefix(x, "a") {`, `\t\t\trows = append(rows, key+x)`, `\t\t}`, `\t}`, `\treturn map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: key}, "rows": &types.AttributeValueMemberSS{Value: rows}}`, `}`];
    case 'ruby':
      return [`def build${h}(data, n)`, `  key = 'k' + n.to_s + data.fetch('id', '')`, `  rows = []`, `  (data['items'] || []).each do |x|`, `    value = x['kind'] == 'a' ? x['value'] : x['value'].to_s.strip`, `    rows << { 'key' => key, 'value' => value }`, `  end`, `  { 'pk' => key, 'rows' => rows }`, `end`, ``];
    case 'csharp':
      return [`        private Dictionary<string, AttributeValue> Build${h}(string body, int n)`, `        {`, `            var key = "k" + n + body.Length;`, `            var rows = new List<string>();`, `            foreach (var x in body.Split(','))`, `            {`, `                if (x.StartsWith("a")) rows.Add(key + x); else rows.Add(x.Trim());`, `            }`, `            return new Dictionary<string, AttributeValue> { ["pk"] = new AttributeValue { S = key }, ["rows"] = new AttributeValue { SS = rows } };`, `        }`];
  }
}

interface Generated {
  files: Record<string, string>;
  runtime: string;
  handler: string;
}

export function generate(lang: Lang, i: number): Generated {
  const body: string[] = [];
  let h = 0;
  while (body.length < LINES - 30) body.push(...helper(lang, h++));
  const calls = (f: (k: number) => string) => Array.from({ length: Math.ceil(h / 4) }, (_, j) => f(j * 4));
  const shell = i % 7 === 0;
  switch (lang) {
    case 'javascript':
    case 'typescript': {
      const t = lang === 'typescript' ? ': any' : '';
      const text = [`import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';`, `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';`, `import { exec } from 'node:child_process';`, `const ddb = new DynamoDBClient({});`, `const sqs = new SQSClient({});`, ...body, `export const handler = async (event${t}) => {`, `  const body = JSON.parse(event.body);`, ...calls((k) => `  await ddb.send(new PutItemCommand(build${k}(body, ${k})));`), `  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }));`, shell ? `  exec('echo ' + body.name);` : '', `  return { statusCode: 200 };`, `};`].join('\n');
      return { files: { [lang === 'typescript' ? 'index.ts' : 'index.mjs']: text }, runtime: 'nodejs20.x', handler: 'index.handler' };
    }
    case 'python': {
      const text = [`import json`, `import os`, `import subprocess`, `import boto3`, `table = boto3.resource('dynamodb').Table(os.environ['TABLE'])`, `sqs = boto3.client('sqs')`, ...body, `def handler(event, context):`, `    body = json.loads(event['body'])`, ...calls((k) => `    table.put_item(Item=build${k}(body, ${k}))`), `    sqs.send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody=event['body'])`, shell ? `    subprocess.run('echo ' + body['name'], shell=True)` : '', `    return {'statusCode': 200}`].join('\n');
      return { files: { 'app.py': text }, runtime: 'python3.12', handler: 'app.handler' };
    }
    case 'java': {
      const text = [`package bench;`, `import com.amazonaws.services.lambda.runtime.Context;`, `import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;`, `import java.util.*;`, `import software.amazon.awssdk.services.dynamodb.DynamoDbClient;`, `import software.amazon.awssdk.services.dynamodb.model.AttributeValue;`, `import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;`, `import software.amazon.awssdk.services.sqs.SqsClient;`, `public class Handler${i} {`, `  private final DynamoDbClient ddb = DynamoDbClient.create();`, `  private final SqsClient sqs = SqsClient.create();`, ...body, `  public String handleRequest(APIGatewayProxyRequestEvent event, Context context) throws Exception {`, `    String body = event.getBody();`, ...calls((k) => `    ddb.putItem(PutItemRequest.builder().tableName(System.getenv("TABLE")).item(build${k}(body, ${k})).build());`), `    sqs.sendMessage(b -> b.queueUrl(System.getenv("QUEUE_URL")).messageBody(body));`, shell ? `    Runtime.getRuntime().exec("echo " + body);` : '', `    return "ok";`, `  }`, `}`].join('\n');
      return { files: { [`src/main/java/bench/Handler${i}.java`]: text, 'pom.xml': '<project/>\n' }, runtime: 'java21', handler: `bench.Handler${i}::handleRequest` };
    }
    case 'go': {
      const text = [`package main`, `import (`, `\t"context"`, `\t"fmt"`, `\t"os"`, `\t"os/exec"`, `\t"strings"`, `\t"github.com/aws/aws-lambda-go/events"`, `\t"github.com/aws/aws-lambda-go/lambda"`, `\t"github.com/aws/aws-sdk-go-v2/aws"`, `\t"github.com/aws/aws-sdk-go-v2/config"`, `\t"github.com/aws/aws-sdk-go-v2/service/dynamodb"`, `\t"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"`, `\t"github.com/aws/aws-sdk-go-v2/service/sqs"`, `)`, `var ddb *dynamodb.Client`, `var queue *sqs.Client`, `func init() {`, `\tcfg, _ := config.LoadDefaultConfig(context.Background())`, `\tddb = dynamodb.NewFromConfig(cfg)`, `\tqueue = sqs.NewFromConfig(cfg)`, `}`, ...body, `func handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {`, ...calls((k) => `\tddb.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(os.Getenv("TABLE")), Item: build${k}(req.Body, ${k})})`), `\tqueue.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(os.Getenv("QUEUE_URL")), MessageBody: aws.String(req.Body)})`, shell ? `\texec.Command("sh", "-c", "echo "+req.Body).Run()` : '', `\treturn events.APIGatewayProxyResponse{StatusCode: 200}, nil`, `}`, `func main() {`, `\tlambda.Start(handle)`, `}`].join('\n');
      return { files: { 'main.go': text, 'go.mod': `module example.com/fn${i}\n` }, runtime: 'provided.al2023', handler: 'bootstrap' };
    }
    case 'csharp': {
      const text = [`using System;`, `using System.Collections.Generic;`, `using System.Diagnostics;`, `using System.Threading.Tasks;`, `using Amazon.DynamoDBv2;`, `using Amazon.DynamoDBv2.Model;`, `using Amazon.Lambda.APIGatewayEvents;`, `using Amazon.Lambda.Core;`, `using Amazon.SQS;`, `namespace Bench`, `{`, `    public class Function`, `    {`, `        private readonly IAmazonDynamoDB _ddb = new AmazonDynamoDBClient();`, `        private readonly IAmazonSQS _sqs = new AmazonSQSClient();`, ...body, `        public async Task<string> FunctionHandler(APIGatewayProxyRequest request, ILambdaContext context)`, `        {`, ...calls((k) => `            await _ddb.PutItemAsync(new PutItemRequest { TableName = Environment.GetEnvironmentVariable("TABLE"), Item = Build${k}(request.Body, ${k}) });`), `            await _sqs.SendMessageAsync(Environment.GetEnvironmentVariable("QUEUE_URL"), request.Body);`, shell ? `            Process.Start("/bin/sh", "-c \\"echo " + request.Body + "\\"");` : '', `            return "ok";`, `        }`, `    }`, `}`].join('\n');
      return { files: { 'Function.cs': text, 'Bench.csproj': '<Project Sdk="Microsoft.NET.Sdk"/>\n' }, runtime: 'dotnet8', handler: 'Bench::Bench.Function::FunctionHandler' };
    }
    case 'ruby': {
      const text = [`require 'json'`, `require 'aws-sdk-dynamodb'`, `require 'aws-sdk-sqs'`, `DDB = Aws::DynamoDB::Client.new`, `SQS = Aws::SQS::Client.new`, ...body, `def handler(event:, context:)`, `  body = JSON.parse(event['body'])`, ...calls((k) => `  DDB.put_item(table_name: ENV['TABLE'], item: build${k}(body, ${k}))`), `  SQS.send_message(queue_url: ENV['QUEUE_URL'], message_body: event['body'])`, shell ? `  system('echo ' + body['name'])` : '', `  { statusCode: 200 }`, `end`].join('\n');
      return { files: { 'app.rb': text, Gemfile: "source 'https://rubygems.org'\ngem 'aws-sdk-dynamodb'\n" }, runtime: 'ruby3.3', handler: 'app.handler' };
    }
  }
}

/** Runs one set in this process and prints its figures as JSON. */
async function runSet(set: string): Promise<void> {
  const { analyzeHandler } = await import('../src/analyses/code/index.js');
  const { loadHandler } = await import('../src/loaders/code/index.js');
  const root = mkdtempSync(join(tmpdir(), `nightlight-bench-langs-${set}-`));
  const fns = [];
  let lines = 0;
  for (let i = 0; i < COUNT; i++) {
    const only = MIX.find((l) => set === l);
    const lang: Lang = set === 'js' ? 'javascript' : only ?? MIX[i % MIX.length]!;
    const g = generate(lang, i);
    for (const [rel, text] of Object.entries(g.files)) {
      const p = join(root, `fn${i}`, rel);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, text);
      if (!rel.endsWith('.xml') && !rel.endsWith('.mod') && !rel.endsWith('proj') && rel !== 'Gemfile') lines += text.split('\n').length;
    }
    fns.push({
      id: `Fn${i}`, logicalId: `Fn${i}`, stack: 'template.yaml', name: `fn${i}`, arn: `arn:aws:lambda:us-east-1:123456789012:function:fn${i}`,
      runtime: g.runtime, handler: { handler: g.handler, codeUri: `fn${i}`, inline: false },
      memoryMb: 128, timeoutSeconds: 3, architecture: 'x86_64' as const, reservedConcurrency: null, provisionedConcurrency: null, roleId: null, roleArn: null,
      environment: {}, layers: [], url: null, recursiveLoop: 'Terminate' as const, permissions: [], location: { file: 'template.yaml', line: 1, column: 1 },
    });
  }
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const start = process.hrtime.bigint();
  let calls = 0;
  let findings = 0;
  let analysed = 0;
  const diagnostics: { message: string }[] = [];
  /** CPU ms per language: [loading (resolve, read, parse, lower), analysis]. */
  const breakdown: Record<string, [number, number]> = {};
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  for (const fn of fns) {
    const c0 = process.cpuUsage();
    const src = await loadHandler(root, fn, diagnostics as never);
    const c1 = process.cpuUsage();
    if (!src) continue;
    analysed++;
    const r = analyzeHandler(src, { entryKinds: ['http-api-route'] });
    const b = (breakdown[src.language] ??= [0, 0]);
    b[0] += cpuMs(process.cpuUsage(c0)) - cpuMs(process.cpuUsage(c1));
    b[1] += cpuMs(process.cpuUsage(c1));
    calls += r.calls.length;
    findings += r.taint.length;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const mainMs = mainThreadCpuMs() - main0;
  rmSync(root, { recursive: true, force: true });
  for (const b of Object.values(breakdown)) b.forEach((x, i) => (b[i] = Math.round(x)));
  process.stdout.write(`${JSON.stringify({ set, analysed, lines, calls, findings, diagnostics: diagnostics.length, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), mainMs: Number.isNaN(mainMs) ? null : mainMs, breakdown })}\n`);
}

/**
 * CPU of the main thread alone (Linux: /proc/thread-self/stat, 10 ms ticks), NaN elsewhere: the
 * rest of the process's CPU is V8's helper threads (wasm tier-up, optimising compiler, GC).
 */
function mainThreadCpuMs(): number {
  try {
    const f = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

const mode = process.argv[2];
const main = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolvePath(process.argv[1]);
if (!main) {
  // imported (bench/parse-languages.ts): generation only
} else if (mode === 'js' || mode === 'mix' || MIX.some((l) => l === mode)) await runSet(mode!);
else {
  // bundled beside the CLI's bundle, so that its external packages resolve from node_modules as the CLI's do
  const self = join(ROOT, 'dist', 'bench', 'code-languages.mjs');
  const { build } = await import('esbuild');
  await build({ ...BUNDLE_OPTIONS, external: [...(BUNDLE_OPTIONS.external ?? []), 'esbuild'], entryPoints: [fileURLToPath(import.meta.url)], outfile: self, banner: { js: REQUIRE_SHIM } });
  const run = (set: string) => {
    // with the CLI's V8 flags: the benchmark measures the product, not a default Node
    const r = spawnSync(process.execPath, [CLI_V8_FLAGS, self, set], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { set: string; analysed: number; lines: number; calls: number; findings: number; diagnostics: number; ms: number; cpuMs: number; mainMs: number | null };
  };
  const js = run('js');
  const mix = run('mix');
  const ratio = mix.cpuMs / js.cpuMs;
  for (const s of [js, mix]) process.stdout.write(`code languages (${s.set}): ${s.analysed} handlers, ${s.lines} lines, ${s.calls} SDK calls, ${s.findings} taint findings, ${s.diagnostics} diagnostics: ${s.ms} ms wall, ${s.cpuMs} ms cpu${s.mainMs === null ? '' : ` (main thread ${s.mainMs} ms, V8's helper threads ${s.cpuMs - s.mainMs} ms)`}\n`);
  process.stdout.write(`mix / js CPU: ${ratio.toFixed(2)}× (target ≤ 1.5×)\n`);
  // the target is relative and in CPU time (wall time moves with the machine's load): compare CPU with CPU
  process.stdout.write(`@bench ${JSON.stringify({ name: `code: ${COUNT} handlers, six languages (CPU, vs 1.5× JS)`, ms: mix.cpuMs, cpuMs: mix.cpuMs, targetMs: Math.round(js.cpuMs * 1.5) })}\n`);
}
