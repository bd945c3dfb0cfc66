/**
 * Terraform's JSON syntax (`*.tf.json`, `*.tfvars.json`): read into the same syntax tree as the
 * native syntax, so an HCL module and its JSON twin give the same model and findings, with
 * locations at the JSON line of the key the user (or the generator) wrote.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../src/api.js';
import type { AnalyzedRun } from '../../../src/engine/result.js';
import { tempTree } from '../../helpers/temp-tree.js';
import { discover, ScanRoot } from '../../../src/loaders/files.js';
import { LineIndex } from '../../../src/loaders/lines.js';
import { evaluate } from '../../../src/loaders/terraform/eval.js';
import { parseJsonAttributes, parseJsonBody } from '../../../src/loaders/terraform/hcl-json.js';
import { HclSyntaxError, type Expr } from '../../../src/loaders/terraform/hcl.js';
import { toCfn } from '../../../src/loaders/terraform/values.js';
import type { Diagnostic, JsonValue } from '../../../src/model/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const twin = join(here, 'fixtures', 'json-twin');

function value(e: Expr, names: Record<string, JsonValue> = {}): JsonValue {
  return toCfn(evaluate(e, { file: 'x.tf.json', index: new LineIndex(''), host: { locs: new WeakMap(), readFile: () => null, fileExists: () => false }, lookup: (n) => names[n] }));
}

/** A run without locations: what the model and the findings say, not where. */
function content(r: AnalyzedRun): unknown {
  const drop = new Set(['location', 'locations', 'file', 'line', 'column']);
  return JSON.parse(JSON.stringify({ model: r.model, findings: r.findings.map((f) => ({ ...f, fingerprint: undefined })) }, (k, v: unknown) => (drop.has(k) ? undefined : v)));
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} is in the file`);
  return text.slice(0, i).split('\n').length;
}

describe('terraform JSON syntax: reader', () => {
  it('reads blocks as objects keyed by label, arrays of blocks, and "//" comments', () => {
    const text = JSON.stringify(
      {
        '//': 'generated',
        resource: { aws_sqs_queue: { a: { '//': 'a comment', name: 'a' } } },
        provider: { aws: [{ region: 'us-east-1' }, { alias: 'west', region: 'us-west-2' }] },
        data: [{ aws_region: { here: {} } }],
        output: { url: { value: '${aws_sqs_queue.a.url}', description: 'no ${template} here' } },
      },
      null,
      2,
    );
    const body = parseJsonBody(text);
    assert.deepEqual(
      body.blocks.map((b) => [b.type, ...b.labels].join(' ')),
      ['resource aws_sqs_queue a', 'provider aws', 'provider aws', 'data aws_region here', 'output url'],
    );
    const queue = body.blocks[0]!;
    assert.deepEqual(queue.body.attributes.map((a) => a.name), ['name'], 'the "//" property is a comment');
    const idx = new LineIndex(text);
    assert.equal(idx.position(queue.start).line, lineOf(text, '"a": {'), 'a block starts at the key of its last label');
    assert.equal(idx.position(queue.body.attributes[0]!.start).line, lineOf(text, '"name": "a"'));
    const output = body.blocks[4]!;
    assert.equal(output.body.attributes.find((a) => a.name === 'value')!.expr.k, 'tpl', 'value is an expression');
    assert.deepEqual(value(output.body.attributes.find((a) => a.name === 'description')!.expr), 'no ${template} here', 'description is literal');
  });

  it('reads strings as templates where an expression is expected, and literally where Terraform says so', () => {
    const text = JSON.stringify({
      variable: { v: { type: 'list(string)', default: ['${not.a.template}'], description: '${x}' } },
      locals: { whole: '${var.n}', mixed: 'n=${var.n}', escaped: '$${kept}', quoted: '${upper("a")}', obj: { '${var.k}': 1, plain: true } },
      module: { m: { source: './m${x}', version: '1.0', input: '${var.n}' } },
      terraform: { required_version: '>= ${x}', backend: { s3: { bucket: 'b' } } },
    });
    const body = parseJsonBody(text);
    const attr = (type: string, name: string) => body.blocks.find((b) => b.type === type)!.body.attributes.find((a) => a.name === name)!.expr;
    const names = { var: { n: 3, k: 'key' } as JsonValue };
    assert.deepEqual(value(attr('variable', 'default')), ['${not.a.template}']);
    assert.equal(value(attr('variable', 'description')), '${x}');
    assert.equal(attr('variable', 'type').k, 'call', '"list(string)" is a type expression');
    assert.equal(value(attr('locals', 'whole'), names), 3, 'a lone interpolation keeps its type');
    assert.equal(value(attr('locals', 'mixed'), names), 'n=3');
    assert.equal(value(attr('locals', 'escaped')), '${kept}');
    assert.equal(value(attr('locals', 'quoted')), 'A', 'escaped quotes inside an interpolation');
    assert.deepEqual(value(attr('locals', 'obj'), names), { key: 1, plain: true }, 'object keys are templates too');
    assert.equal(value(attr('module', 'source')), './m${x}');
    assert.equal(value(attr('module', 'input'), names), 3);
    assert.equal(value(attr('terraform', 'required_version')), '>= ${x}');
    assert.deepEqual(body.blocks.find((b) => b.type === 'terraform')!.body.blocks.map((b) => [b.type, ...b.labels].join(' ')), ['backend s3']);
  });

  it('reads dynamic, lifecycle and provisioner blocks as blocks, and arrays of objects as repeated nested blocks', () => {
    const body = parseJsonBody(
      JSON.stringify({
        resource: {
          aws_security_group: {
            sg: {
              ingress: [{ from_port: 443 }, { from_port: 80 }],
              tags: { Name: 'sg' },
              dynamic: { egress: { for_each: '${var.ports}', iterator: 'port', content: { from_port: '${port.value}' } } },
              lifecycle: { ignore_changes: ['tags'] },
              provisioner: [{ 'local-exec': { command: 'echo ${self.id}' } }],
              depends_on: ['aws_vpc.main'],
            },
          },
        },
      }),
    );
    const sg = body.blocks[0]!.body;
    assert.deepEqual(sg.blocks.map((b) => [b.type, ...b.labels].join(' ')), ['ingress', 'ingress', 'dynamic egress', 'lifecycle', 'provisioner local-exec']);
    assert.deepEqual(sg.attributes.map((a) => a.name), ['tags', 'depends_on']);
    const proto = parseJsonBody('{ "resource": { "aws_sqs_queue": { "q": { "__proto__": { "a": {} }, "constructor": 1 } } } }').blocks[0]!.body;
    assert.deepEqual([proto.attributes.map((a) => a.name), proto.blocks.length], [['__proto__', 'constructor'], 0], 'names of the prototype are arguments like any other');
    const dyn = sg.blocks[2]!;
    assert.deepEqual(dyn.body.attributes.find((a) => a.name === 'iterator')!.expr, { k: 'var', s: dyn.body.attributes.find((a) => a.name === 'iterator')!.expr.s, name: 'port' });
    assert.equal(dyn.body.blocks[0]!.type, 'content');
    assert.deepEqual(value(sg.attributes[1]!.expr), ['aws_vpc.main'], 'depends_on names, literally');
  });

  it('reads .tfvars.json values literally, as Terraform does without an evaluation context', () => {
    const body = parseJsonAttributes('{ "name": "${not.evaluated}", "size": 3, "tags": { "a": "b" } }');
    assert.deepEqual(
      body.attributes.map((a) => [a.name, value(a.expr)]),
      [
        ['name', '${not.evaluated}'],
        ['size', 3],
        ['tags', { a: 'b' }],
      ],
    );
  });

  it('refuses what Terraform refuses, with the offset of the fault', () => {
    const cases: [string, RegExp, number][] = [
      ['{\n  "resource": {\n    "aws_s3_bucket": {\n      "b": { "bucket": "x", }\n    }\n  }\n}', /invalid JSON/, 4],
      ['[1, 2]', /root .* must be an object/, 1],
      ['{\n  "resources": {}\n}', /"resources" is not a Terraform block type/, 2],
      ['{\n  "resource": {\n    "aws_s3_bucket": "b"\n  }\n}', /keyed by its labels/, 3],
      ['{\n  "locals": {\n    "x": "${foo(}"\n  }\n}', /invalid template/, 3],
      ['{\n  "variable": { "v": { "type": "list(" } }\n}', /invalid type expression/, 2],
      ['{ "locals": { "x": ' + '['.repeat(300) + ']'.repeat(300) + ' } }', /nested more than/, 1],
      ['{ // comment\n "locals": {} }', /invalid JSON/, 1],
      ['{\n  "__proto__": { "x": {} }\n}', /"__proto__" is not a Terraform block type/, 2],
    ];
    for (const [text, re, line] of cases) {
      assert.throws(
        () => parseJsonBody(text),
        (err: unknown) => err instanceof HclSyntaxError && re.test(err.message) && new LineIndex(text).position(err.offset).line === line,
        `${text.slice(0, 40)} → ${re} at line ${line}`,
      );
    }
  });
});

describe('terraform JSON syntax: scans', () => {
  it('an HCL module and its JSON twin give the same model and findings', async () => {
    const hcl = await analyze({ root: join(twin, 'hcl'), engine: { profile: 'all' } });
    const json = await analyze({ root: join(twin, 'json'), engine: { profile: 'all' } });
    // the twin is not trivial: module, count, for_each, dynamic, policy documents, tfvars
    assert.deepEqual(hcl.model.functions.map((f) => f.id).sort(), ['aws_lambda_function.worker[0]', 'aws_lambda_function.worker[1]', 'module.api.aws_lambda_function.fn']);
    assert.ok(hcl.findings.some((f) => f.ruleId === 'surface/require-function-url-auth'));
    assert.ok(hcl.findings.some((f) => f.ruleId === 'posture/require-log-retention' && /14 days/.test(f.message)), 'the tfvars value is read');
    assert.ok(hcl.model.entryPoints.some((e) => e.kind === 'sqs-queue'), 'the for_each event source mappings link');
    const noisy = (ds: Diagnostic[]) => ds.filter((d) => d.level !== 'info' && d.code !== 'handler-packaged');
    assert.deepEqual(noisy(hcl.diagnostics), []);
    assert.deepEqual(noisy(json.diagnostics), []);
    assert.deepEqual(content(json), content(hcl));
  });

  it('points JSON findings at the line of the key written in the .tf.json file', async () => {
    const json = await analyze({ root: join(twin, 'json'), engine: { profile: 'all' } });
    const module = readFileSync(join(twin, 'json', 'modules', 'api', 'main.tf.json'), 'utf8');
    const url = json.findings.find((f) => f.ruleId === 'surface/require-function-url-auth')!;
    assert.equal(url.location.file, 'modules/api/main.tf.json');
    assert.equal(url.location.line, lineOf(module, '"authorization_type"'));
    for (const f of json.findings) {
      assert.match(f.location.file, /\.tf\.json$/, `${f.ruleId} points at a JSON file`);
      const text = readFileSync(join(twin, 'json', f.location.file), 'utf8');
      const line = text.split('\n')[f.location.line - 1]!;
      assert.match(line, /^\s*("[^"]+": |\{$)/, `${f.ruleId} at ${f.location.file}:${f.location.line} is a key (or a block in an array)`);
    }
  });

  it('reads a CDK for Terraform app from its synthesised cdk.tf.json', async () => {
    const root = join(here, 'fixtures', 'cdktf');
    const r = await analyze({ root, engine: { profile: 'all' } });
    const stack = readFileSync(join(root, 'cdktf.out', 'stacks', 'orders', 'cdk.tf.json'), 'utf8');
    assert.deepEqual(r.model.functions.map((f) => f.id).sort(), ['aws_lambda_function.handler', 'aws_lambda_function.notifier']);
    assert.deepEqual(r.diagnostics.filter((d) => d.code !== 'handler-packaged' && d.level !== 'info'), [], 'cdktf.json and manifest.json are not templates');
    const route = r.model.entryPoints.find((e) => e.method === 'POST')!;
    assert.deepEqual([route.path, route.principal.kind, route.targets], ['/orders', 'public', ['aws_lambda_function.handler']]);
    // `${aws_iam_role.handler-role.arn}` links the role, and the jsonencode policy with escaped quotes is read
    const actions = r.analyses.iam.permissionsOf('aws_lambda_function.handler')!.services.flatMap((s) => s.actions.map((a) => a.action));
    assert.ok(actions.includes('dynamodb:PutItem'), actions.join(', '));
    const open = r.findings.find((f) => f.ruleId === 'surface/no-unauthenticated-api-route')!;
    assert.equal(open.location.file, 'cdktf.out/stacks/orders/cdk.tf.json');
    assert.equal(open.location.line, lineOf(stack, '"api_route_5E8A2B1C": {'), 'the route, at the key of its name');
  });

  it('merges .tf and .tf.json files of one module, and reads terraform.tfvars.json', async () => {
    const dir = tempTree({
      'main.tf': 'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = aws_iam_role.r.arn\n  handler       = "i.h"\n  runtime       = "python3.12"\n  timeout       = var.timeout\n}\n',
      'role.tf.json': JSON.stringify({ variable: { timeout: { type: 'number' } }, resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '{}' } } } }),
      'terraform.tfvars.json': '{ "timeout": 42 }',
    });
    try {
      const r = await analyze({ root: dir });
      assert.equal(r.model.functions.length, 1);
      assert.equal(r.model.functions[0]!.timeoutSeconds, 42);
      assert.equal(r.model.functions[0]!.roleId, 'aws_iam_role.r');
      assert.deepEqual(
        discover(new ScanRoot(dir), []).map((c) => `${c.file} ${c.kind}`),
        ['main.tf terraform', 'role.tf.json terraform'],
        'a .tfvars.json file is not a template of its own',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('merges override files into the blocks they override, argument by argument, in the order of their names', async () => {
    const dir = tempTree({
      'main.tf': 'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/r"\n  handler       = "i.h"\n  runtime       = "python3.12"\n  timeout       = 30\n}\n',
      'override.tf.json': JSON.stringify({ resource: { aws_lambda_function: { fn: { timeout: 60, memory_size: 512 } } } }, null, 2),
      'lambda_override.tf': 'resource "aws_lambda_function" "fn" {\n  memory_size = 1024\n  timeout     = 45\n}\n',
    });
    try {
      const r = await analyze({ root: dir });
      assert.deepEqual(r.diagnostics.filter((d) => d.code.startsWith('terraform-override')), []);
      const fn = r.model.functions[0]!;
      // lambda_override.tf first, then override.tf.json (lexicographical): the JSON's values win
      assert.deepEqual([fn.id, fn.runtime, fn.timeoutSeconds, fn.memoryMb], ['aws_lambda_function.fn', 'python3.12', 60, 512]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a nested block written as a single object is one block: `x.block[0]` and `x.block[*]` reach it', async () => {
    const dir = tempTree({
      'main.tf.json': JSON.stringify(
        {
          resource: {
            aws_lambda_function: {
              fn: { function_name: 'fn', role: 'arn:aws:iam::123456789012:role/r', handler: 'index.handler', runtime: 'nodejs20.x', filename: 'fn.zip', environment: { variables: { QUEUE: 'jobs' } }, tracing_config: { mode: 'Active' } },
            },
            aws_sqs_queue: {
              indexed: { name: '${aws_lambda_function.fn.environment[0].variables.QUEUE}-${aws_lambda_function.fn.tracing_config[0].mode}' },
              splat: { name: '${element(aws_lambda_function.fn.environment[*].variables.QUEUE, 0)}-all' },
              // the same object is still a map where one is meant
              keyed: { name: '${aws_lambda_function.fn.environment[0].variables["QUEUE"]}-keyed' },
            },
          },
        },
        null,
        2,
      ),
    });
    try {
      const r = await analyze({ root: dir });
      const names = Object.fromEntries(r.model.resources.filter((x) => x.kind === 'queue').map((x) => [x.id, x.name]));
      assert.deepEqual(names, { 'aws_sqs_queue.indexed': 'jobs-Active', 'aws_sqs_queue.keyed': 'jobs-keyed', 'aws_sqs_queue.splat': 'jobs-all' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file and line of invalid JSON and scans the rest', async () => {
    const dir = tempTree({
      'app/main.tf': 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n',
      'app/broken.tf.json': '{\n  "resource": {\n    "aws_sqs_queue": {\n      "x": {\n        "name": "x"\n        "tags": {}\n      }\n    }\n  }\n}\n',
      'other/main.tf.json': JSON.stringify({ resource: { aws_sqs_queue: { other: { name: 'other' } } } }),
      'vars/main.tf.json': JSON.stringify({ variable: { n: {} }, resource: { aws_sqs_queue: { v: { name: '${var.n}' } } } }),
      'vars/terraform.tfvars.json': '{ "n": ',
    });
    try {
      const r = await analyze({ root: dir });
      const bad = r.diagnostics.filter((d) => d.code === 'terraform-json-syntax');
      assert.deepEqual(
        bad.map((d) => [d.location?.file, d.location?.line, d.level]),
        [
          ['app/broken.tf.json', 6, 'error'],
          ['vars/terraform.tfvars.json', 1, 'error'],
        ],
      );
      assert.match(bad[0]!.message, /^app\/broken\.tf\.json:6:\d+: invalid Terraform JSON syntax: invalid JSON/);
      const queues = r.model.resources.filter((x) => x.type === 'AWS::SQS::Queue').map((x) => x.id).sort();
      assert.deepEqual(queues, ['aws_sqs_queue.other', 'aws_sqs_queue.q', 'aws_sqs_queue.v']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
