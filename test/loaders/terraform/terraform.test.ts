import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, JsonObject, JsonValue, LoadedTemplate } from '../../../src/model/types.js';
import { tempTree } from '../../helpers/temp-tree.js';
import { discover, ScanRoot } from '../../../src/loaders/files.js';
import { LineIndex } from '../../../src/loaders/lines.js';
import { loadTerraform, type TerraformOptions } from '../../../src/loaders/terraform/load.js';
import { loadTerraformPlan, isTerraformPlan } from '../../../src/loaders/terraform/plan.js';
import { parseBody, parseExpression, HclSyntaxError } from '../../../src/loaders/terraform/hcl.js';
import { evaluate, type Env } from '../../../src/loaders/terraform/eval.js';
import { CfnExpr, JsonText, Unknown, newObject, toCfn, type V } from '../../../src/loaders/terraform/values.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');

function env(names: Record<string, V> = {}): Env {
  return { file: 'x.tf', index: new LineIndex(''), host: { locs: new WeakMap(), readFile: () => null, fileExists: () => false }, lookup: (n) => names[n] };
}
function ev(src: string, names: Record<string, V> = {}): JsonValue {
  return toCfn(evaluate(parseExpression(src), env(names)));
}

async function loadDir(root: string, options: Partial<TerraformOptions> = {}): Promise<{ templates: LoadedTemplate[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const templates = await loadTerraform(root, discover(new ScanRoot(root), diagnostics), options, diagnostics);
  return { templates, diagnostics };
}

function resources(t: LoadedTemplate): Record<string, JsonObject> {
  return t.body['Resources'] as Record<string, JsonObject>;
}
function props(t: LoadedTemplate, id: string): JsonObject {
  const r = resources(t)[id];
  assert.ok(r, `resource ${id} exists; have ${Object.keys(resources(t)).join(', ')}`);
  return r['Properties'] as JsonObject;
}

describe('terraform: HCL reader', () => {
  it('reads blocks, attributes, heredocs and comments with offsets', () => {
    const text = 'resource "aws_x" "y" {\n  # comment\n  a = 1 // trailing\n  b = <<-EOT\n    hello ${var.n}\n    EOT\n  nested {\n    c = [1, 2,\n      3]\n  }\n}\n';
    const body = parseBody(text);
    const b = body.blocks[0]!;
    assert.deepEqual([b.type, ...b.labels], ['resource', 'aws_x', 'y']);
    assert.deepEqual(b.body.attributes.map((a) => a.name), ['a', 'b']);
    const idx = new LineIndex(text);
    assert.deepEqual(idx.position(b.body.attributes[1]!.start), { line: 4, column: 3 });
    assert.equal(b.body.blocks[0]!.type, 'nested');
  });

  it('rejects invalid HCL with an offset', () => {
    assert.throws(() => parseBody('a = \n'), HclSyntaxError);
    assert.throws(() => parseBody('resource "x" {\n'), HclSyntaxError);
  });
});

describe('terraform: expressions', () => {
  it('evaluates functions, operators and templates', () => {
    assert.equal(ev('"${"a"}-${1 + 2}"'), 'a-3');
    assert.equal(ev('format("%s-%03d", "x", 7)'), 'x-007');
    assert.deepEqual(ev('merge({a = 1}, {b = 2}, {a = 3})'), { a: 3, b: 2 });
    assert.deepEqual(ev('concat(["a"], ["b", "c"])'), ['a', 'b', 'c']);
    assert.equal(ev('lookup({a = "x"}, "b", "d")'), 'd');
    assert.equal(ev('element(["a", "b"], 3)'), 'b');
    assert.equal(ev('join(",", ["a", "b"])'), 'a,b');
    assert.equal(ev('replace("a-b-c", "-", "_")'), 'a_b_c');
    assert.equal(ev('replace("abc123", "/[0-9]+/", "")'), 'abc');
    assert.deepEqual(ev('tolist(toset(["b", "a", "b"]))'), ['a', 'b']);
    assert.deepEqual(ev('[for s in ["a", "b"] : upper(s) if s != "b"]'), ['A']);
    assert.deepEqual(ev('{for k, v in {a = 1, b = 2} : v => k}'), { '1': 'a', '2': 'b' });
    assert.equal(ev('try(local.missing.x, "fallback")', { local: newObject() }), 'fallback');
    assert.equal(ev('true ? "y" : "n"'), 'y');
    assert.equal(ev('length(compact(["a", "", null]))'), 1);
    assert.deepEqual(ev('[{a = 1}, {a = 2}][*].a'), [1, 2]);
  });

  it('keeps references symbolic and JSON structured', () => {
    const role = new CfnExpr({ 'Fn::GetAtt': ['Role', 'Arn'] });
    assert.deepEqual(ev('"${r}/*"', { r: role }), { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Role', 'Arn'] }, '/*']] });
    const j = evaluate(parseExpression('jsonencode({ Statement = [{ Resource = r }] })'), env({ r: role }));
    assert.ok(j instanceof JsonText);
    assert.deepEqual(ev('jsondecode(jsonencode({ a = r }))', { r: role }), { a: { 'Fn::GetAtt': ['Role', 'Arn'] } });
  });

  it('marks what cannot be known, with a reason', () => {
    const u = new Unknown('variable "x" has no value');
    assert.deepEqual(ev('upper(v)', { v: u }), { 'Nightlight::Unresolved': 'variable "x" has no value' });
    const cond = ev('v ? "a" : "b"', { v: u }) as JsonObject;
    assert.match(String(cond['Nightlight::Unresolved']), /condition/);
    assert.deepEqual(ev('timestamp()'), { 'Nightlight::Unresolved': 'timestamp() changes on every run' });
  });
});

describe('terraform: fixture app', async () => {
  const { templates, diagnostics } = await loadDir(join(fixtures, 'app'));
  const t = templates[0]!;

  it('loads the root module once (the local child module is not a root)', () => {
    assert.equal(templates.length, 1);
    assert.equal(t.format, 'terraform');
    assert.equal(t.file, '.');
  });

  it('maps the function with its properties, code folder and address', () => {
    const fn = resources(t)['AwsLambdaFunctionApi']!;
    assert.equal(fn['Type'], 'AWS::Lambda::Function');
    const p = fn['Properties'] as JsonObject;
    assert.deepEqual(p['Role'], { 'Fn::GetAtt': ['AwsIamRoleApi', 'Arn'] });
    assert.equal(p['FunctionName'], 'shop-dev-api');
    assert.equal(p['MemorySize'], 512);
    assert.equal((p['Environment'] as JsonObject)['Variables'] && ((p['Environment'] as JsonObject)['Variables'] as JsonObject)['DB_PASSWORD'], 'hunter2-super-secret');
    assert.deepEqual(((p['Environment'] as JsonObject)['Variables'] as JsonObject)['QUEUE_URL'], { Ref: 'ModuleQueueAwsSqsQueueThis' });
    assert.deepEqual(fn['Metadata'], { 'nightlight:address': 'aws_lambda_function.api', 'nightlight:code-path': 'src' });
  });

  it('maps the public function URL and the permission for *', () => {
    assert.equal(props(t, 'AwsLambdaFunctionUrlApi')['AuthType'], 'NONE');
    assert.deepEqual(props(t, 'AwsLambdaFunctionUrlApi')['TargetFunctionArn'], { Ref: 'AwsLambdaFunctionApi' });
    assert.equal(props(t, 'AwsLambdaPermissionAnyone')['Principal'], '*');
    assert.deepEqual(props(t, 'AwsLambdaPermissionAnyone')['FunctionName'], { Ref: 'AwsLambdaFunctionApi' });
  });

  it('merges the admin policy attachment into the role and renders policy documents', () => {
    const role = resources(t)['AwsIamRoleApi']!;
    const p = role['Properties'] as JsonObject;
    assert.deepEqual(p['ManagedPolicyArns'], ['arn:aws:iam::aws:policy/AdministratorAccess']);
    assert.deepEqual((role['Metadata'] as JsonObject)['nightlight:merged'], ['aws_iam_role_policy_attachment.admin']);
    assert.deepEqual(p['AssumeRolePolicyDocument'], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['lambda.amazonaws.com'] } }] });
    const doc = props(t, 'AwsIamRolePolicyTable')['PolicyDocument'] as JsonObject;
    const [allow, deny] = doc['Statement'] as JsonObject[];
    assert.equal(allow!['Sid'], 'ReadOrders');
    assert.deepEqual(allow!['Condition'], { StringEquals: { 'aws:SourceAccount': ['123456789012'] } });
    assert.deepEqual((allow!['Resource'] as JsonValue[])[0], { 'Fn::GetAtt': ['AwsDynamodbTableOrders', 'Arn'] });
    assert.deepEqual(deny, { Effect: 'Deny', NotAction: ['s3:GetObject'], NotResource: ['arn:aws:s3:::shop-dev-assets/*'] });
    assert.deepEqual(props(t, 'AwsIamRolePolicyTable')['Roles'], [{ Ref: 'AwsIamRoleApi' }]);
  });

  it('expands count and for_each', () => {
    assert.equal(props(t, 'AwsSqsQueueWorkers0')['QueueName'], 'shop-dev-worker-0');
    assert.equal(props(t, 'AwsSqsQueueWorkers1')['QueueName'], 'shop-dev-worker-1');
    assert.equal(props(t, 'AwsSnsTopicEventsCreated')['TopicName'], 'shop-dev-created');
    assert.equal((resources(t)['AwsSnsTopicEventsDeleted']!['Metadata'] as JsonObject)['nightlight:address'], 'aws_sns_topic.events["deleted"]');
  });

  it('evaluates local modules with inputs and outputs', () => {
    assert.equal(props(t, 'ModuleQueueAwsSqsQueueThis')['QueueName'], 'shop-dev-jobs');
    const policy = props(t, 'ModuleQueueAwsSqsQueuePolicyThis');
    assert.deepEqual(policy['Queues'], [{ Ref: 'ModuleQueueAwsSqsQueueThis' }]);
    assert.equal(((policy['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[])[0]!['Principal'], '*');
  });

  it('reports registry modules as unresolved with their source', () => {
    const d = diagnostics.find((x) => x.code === 'terraform-remote-module');
    assert.ok(d);
    assert.match(d.message, /terraform-aws-modules\/lambda\/aws/);
    assert.deepEqual({ file: d.location?.file, line: d.location?.line }, { file: 'main.tf', line: 118 });
  });

  it('locates values where the user wrote them', () => {
    assert.deepEqual(t.locate(['Resources', 'AwsLambdaFunctionUrlApi', 'Properties', 'AuthType']), { file: 'main.tf', line: 36, column: 3 });
    assert.deepEqual(t.locate(['Resources', 'AwsLambdaFunctionApi']), { file: 'main.tf', line: 16, column: 1 });
    assert.deepEqual(t.locate(['Resources', 'AwsLambdaFunctionApi', 'Properties', 'Environment', 'Variables', 'DB_PASSWORD']), { file: 'main.tf', line: 28, column: 7 });
    assert.deepEqual(t.locate(['Resources', 'AwsIamRoleApi', 'Properties', 'ManagedPolicyArns', 0]), { file: 'main.tf', line: 63, column: 3 });
    assert.deepEqual(t.locate(['Resources', 'AwsIamRolePolicyTable', 'Properties', 'PolicyDocument', 'Statement', 1]), { file: 'main.tf', line: 77, column: 3 });
    assert.deepEqual(t.locate(['Resources', 'ModuleQueueAwsSqsQueuePolicyThis', 'Properties', 'PolicyDocument', 'Statement', 0, 'Principal']), { file: 'modules/queue/main.tf', line: 16, column: 7 });
  });

  it('applies variable overrides', async () => {
    const { templates: ts } = await loadDir(join(fixtures, 'app'), { vars: { stage: 'prod', worker_count: '1', memory: '2048' } });
    const t2 = ts[0]!;
    assert.equal(props(t2, 'AwsLambdaFunctionApi')['FunctionName'], 'shop-prod-api');
    assert.equal(props(t2, 'AwsLambdaFunctionApi')['MemorySize'], 2048);
    assert.equal(resources(t2)['AwsSqsQueueWorkers1'], undefined);
  });
});

describe('terraform: bounds, tfvars and bad input', () => {
  it('bounds count and reports it', async () => {
    const dir = tempTree({ 'main.tf': 'resource "aws_sqs_queue" "q" {\n  count = 500\n  name = "q-${count.index}"\n}\n' });
    try {
      const { templates, diagnostics } = await loadDir(dir, { maxInstances: 5 });
      assert.equal(Object.keys(resources(templates[0]!)).length, 5);
      assert.ok(diagnostics.some((d) => d.code === 'terraform-expansion' && /limit of 5/.test(d.message)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads terraform.tfvars and marks variables without value', async () => {
    const dir = tempTree({
      'main.tf': 'variable "name" {}\nvariable "secret" {}\nresource "aws_lambda_function" "f" {\n  function_name = var.name\n  role = var.secret\n}\n',
      'terraform.tfvars': 'name = "from-tfvars"\n',
    });
    try {
      const { templates } = await loadDir(dir);
      const p = props(templates[0]!, 'AwsLambdaFunctionF');
      assert.equal(p['FunctionName'], 'from-tfvars');
      assert.match(String((p['Role'] as JsonObject)['Nightlight::Unresolved']), /variable "secret" has no value/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives invalid HCL a diagnostic with file and line, and goes on', async () => {
    const { templates, diagnostics } = await loadDir(join(fixtures, 'invalid'));
    assert.equal(templates.length, 0);
    const d = diagnostics.find((x) => x.code === 'hcl-syntax');
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.location?.file, 'main.tf');
    assert.equal(d.location?.line, 3);
  });

  it('follows ../ module sources and API Gateway / S3 attachments', async () => {
    const dir = tempTree({
      'envs/prod/main.tf': 'module "api" {\n  source = "../../modules/api"\n  name = "prod"\n}\n',
      'modules/api/main.tf': [
        'variable "name" {}',
        'resource "aws_api_gateway_rest_api" "a" { name = var.name }',
        'resource "aws_api_gateway_resource" "r" {',
        '  rest_api_id = aws_api_gateway_rest_api.a.id',
        '  parent_id = aws_api_gateway_rest_api.a.root_resource_id',
        '  path_part = "orders"',
        '}',
        'resource "aws_api_gateway_method" "m" {',
        '  rest_api_id = aws_api_gateway_rest_api.a.id',
        '  resource_id = aws_api_gateway_resource.r.id',
        '  http_method = "GET"',
        '  authorization = "NONE"',
        '}',
        'resource "aws_api_gateway_integration" "i" {',
        '  rest_api_id = aws_api_gateway_rest_api.a.id',
        '  resource_id = aws_api_gateway_resource.r.id',
        '  http_method = aws_api_gateway_method.m.http_method',
        '  type = "AWS_PROXY"',
        '  integration_http_method = "POST"',
        '  uri = "arn:aws:apigateway:us-east-1:lambda:path/x"',
        '}',
        'resource "aws_s3_bucket" "b" { bucket = "${var.name}-uploads" }',
        'resource "aws_s3_bucket_notification" "n" {',
        '  bucket = aws_s3_bucket.b.id',
        '  lambda_function {',
        '    lambda_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:f"',
        '    events = ["s3:ObjectCreated:*"]',
        '    filter_prefix = "in/"',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    try {
      const { templates } = await loadDir(dir);
      assert.equal(templates.length, 1);
      const t = templates[0]!;
      assert.equal(t.file, 'envs/prod');
      const m = props(t, 'ModuleApiAwsApiGatewayMethodM');
      assert.equal((m['Integration'] as JsonObject)['Type'], 'AWS_PROXY');
      assert.deepEqual(props(t, 'ModuleApiAwsApiGatewayResourceR')['ParentId'], { 'Fn::GetAtt': ['ModuleApiAwsApiGatewayRestApiA', 'RootResourceId'] });
      const n = props(t, 'ModuleApiAwsS3BucketB')['NotificationConfiguration'] as JsonObject;
      assert.deepEqual((n['LambdaConfigurations'] as JsonObject[])[0], { Event: 's3:ObjectCreated:*', Function: 'arn:aws:lambda:us-east-1:123456789012:function:f', Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }] } } });
      assert.equal(t.locate(['Resources', 'ModuleApiAwsApiGatewayMethodM', 'Properties', 'HttpMethod']).file, 'modules/api/main.tf');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('terraform: plan JSON', () => {
  it('reads planned values and recovers references from the configuration', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'role', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' } },
            { address: 'aws_lambda_function.f', mode: 'managed', type: 'aws_lambda_function', name: 'f', values: { function_name: 'f', handler: 'index.handler', runtime: 'nodejs20.x', reserved_concurrent_executions: -1 } },
          ],
        },
      },
      resource_changes: [{ address: 'aws_lambda_function.f', change: { after_unknown: { role: true } } }],
      configuration: { root_module: { resources: [{ address: 'aws_lambda_function.f', expressions: { role: { references: ['aws_iam_role.r.arn', 'aws_iam_role.r'] } } }] } },
    };
    assert.ok(isTerraformPlan(plan));
    const dir = tempTree({ 'plan.json': JSON.stringify(plan, null, 2) });
    try {
      const diagnostics: Diagnostic[] = [];
      const t = loadTerraformPlan({ file: 'plan.json', abs: join(dir, 'plan.json'), kind: 'cloudformation', named: false }, new ScanRoot(dir, { maxFileBytes: 1e6 }), diagnostics)!;
      assert.ok(t);
      assert.equal(t.format, 'terraform');
      const p = props(t, 'AwsLambdaFunctionF');
      assert.deepEqual(p['Role'], { 'Fn::GetAtt': ['AwsIamRoleR', 'Arn'] });
      assert.equal(p['ReservedConcurrentExecutions'], undefined);
      assert.deepEqual(props(t, 'AwsIamRoleR')['AssumeRolePolicyDocument'], { Version: '2012-10-17', Statement: [] });
      assert.equal(t.locate(['Resources', 'AwsLambdaFunctionF', 'Properties', 'Handler']).file, 'plan.json');
      assert.ok(t.locate(['Resources', 'AwsLambdaFunctionF', 'Properties', 'Handler']).line > 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const CORPUS = join(here, '..', '..', '..', '..', 'shared', 'corpus', 'terraform');

describe('terraform: corpus robustness', { skip: !existsSync(CORPUS) }, () => {
  it('loads every corpus folder without a crash', async () => {
    // The corpus keeps terraform-aws-lambda's root apart from its examples (see corpus README).
    const { templates, diagnostics } = await loadDir(CORPUS, {
      resolveModuleSource: (caller, source) => (caller.startsWith('terraform-aws-lambda--examples--') && source === '../../' ? 'terraform-aws-lambda--module-root' : undefined),
    });
    let functions = 0;
    let permissions = 0;
    let unresolved = 0;
    const walk = (v: JsonValue) => {
      if (v && typeof v === 'object') {
        if (!Array.isArray(v) && 'Nightlight::Unresolved' in v) unresolved++;
        for (const x of Object.values(v)) walk(x);
      }
    };
    for (const t of templates) {
      for (const r of Object.values(resources(t))) {
        if (r['Type'] === 'AWS::Lambda::Function') functions++;
        if (r['Type'] === 'AWS::Lambda::Permission') permissions++;
      }
      walk(t.body);
    }
    const errors = diagnostics.filter((d) => d.level === 'error');
    console.log(`terraform corpus: ${templates.length} root modules, ${functions} Lambda functions, ${permissions} permissions, ${unresolved} unresolved values, ${errors.length} errors, ${diagnostics.length} diagnostics`);
    assert.equal(errors.length, 0, errors.map((e) => e.message).join('\n'));
    assert.ok(templates.length >= 40);
    assert.ok(functions >= 50);
  });
});
