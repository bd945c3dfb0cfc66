/**
 * Terraform override files merged as Terraform merges them (override.ts): per top-level block,
 * arguments replaced, nested block types replaced whole (a resource's lifecycle merged argument by
 * argument), locals value by value, terraform settings one by one and required_providers provider
 * by provider, several override files in the order of their names; findings point at the override
 * file's line when it set the value; what Terraform refuses is a warning and is not read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { analyze } from '../../../src/api.js';
import type { Diagnostic } from '../../../src/model/types.js';
import { LineIndex } from '../../../src/loaders/lines.js';
import { parseBody, type Block, type Body } from '../../../src/loaders/terraform/hcl.js';
import { parseJsonBody } from '../../../src/loaders/terraform/hcl-json.js';
import type { ParsedFile } from '../../../src/loaders/terraform/module.js';
import { isOverrideFile, mergeOverrides } from '../../../src/loaders/terraform/override.js';
import { tempTree } from '../../helpers/temp-tree.js';

const file = (name: string, text: string): ParsedFile => ({ file: name, text, index: new LineIndex(text), body: name.endsWith('.json') ? parseJsonBody(text) : parseBody(text) });

/** A body as names: `attr=<file>`, `block{...}` (nested), for comparing. */
function shape(b: Body, base: string): string[] {
  const out = b.attributes.map((a) => `${a.name}@${a.origin?.file ?? base}`);
  for (const x of b.blocks) out.push(`${[x.type, ...x.labels].join(' ')}${x.origin ? `@${x.origin.file}` : ''}{${shape(x.body, x.origin?.file ?? base).join(',')}}`);
  return out;
}

function merged(base: Record<string, string>, overrides: Record<string, string>): { files: ParsedFile[]; diagnostics: Diagnostic[]; block: (type: string, ...labels: string[]) => string[] } {
  const diagnostics: Diagnostic[] = [];
  const files = mergeOverrides(
    Object.entries(base).map(([n, t]) => file(n, t)),
    Object.entries(overrides).map(([n, t]) => file(n, t)),
    diagnostics,
  );
  const block = (type: string, ...labels: string[]) => {
    for (const f of files) {
      const b = f.body.blocks.find((x: Block) => x.type === type && x.labels.join() === labels.join());
      if (b) return shape(b.body, f.file);
    }
    assert.fail(`no ${type} ${labels.join(' ')}`);
  };
  return { files, diagnostics, block };
}

describe('override files', () => {
  it('are the files Terraform names so', () => {
    assert.deepEqual(['override.tf', 'override.tf.json', 'a_override.tf', 'x/b_override.tf.json', 'overrides.tf', 'override_a.tf', 'main.tf'].map(isOverrideFile), [true, true, true, true, false, false, false]);
  });

  it('replace arguments, and nested block types whole; other block types stay', () => {
    const m = merged(
      { 'main.tf': 'resource "aws_security_group" "sg" {\n  name = "a"\n  description = "d"\n  ingress {\n    from_port = 1\n  }\n  ingress {\n    from_port = 2\n  }\n  egress {\n    from_port = 0\n  }\n  dynamic "tag" {\n    for_each = []\n    content {}\n  }\n}\n' },
      { 'override.tf': 'resource "aws_security_group" "sg" {\n  name = "b"\n  ingress {\n    from_port = 3\n  }\n  tag {\n    k = 1\n  }\n}\n' },
    );
    assert.deepEqual(m.block('resource', 'aws_security_group', 'sg'), ['description@main.tf', 'name@override.tf', 'ingress@override.tf{from_port@override.tf}', 'egress{from_port@main.tf}', 'tag@override.tf{k@override.tf}']);
    assert.deepEqual(m.diagnostics, []);
  });

  it("merge a resource's lifecycle argument by argument; provisioners and connection replace the original's", () => {
    const m = merged(
      { 'main.tf': 'resource "null_resource" "r" {\n  lifecycle {\n    ignore_changes = [a]\n    prevent_destroy = true\n  }\n  provisioner "local-exec" {\n    command = "a"\n  }\n  provisioner "local-exec" {\n    command = "b"\n  }\n}\n' },
      { 'override.tf': 'resource "null_resource" "r" {\n  lifecycle {\n    create_before_destroy = true\n    prevent_destroy = false\n  }\n  provisioner "remote-exec" {\n    inline = []\n  }\n}\n' },
    );
    assert.deepEqual(m.block('resource', 'null_resource', 'r'), ['lifecycle{ignore_changes@main.tf,create_before_destroy@override.tf,prevent_destroy@override.tf}', 'provisioner remote-exec@override.tf{inline@override.tf}']);
  });

  it('apply several files in the order of their names, then by position; JSON and native alike', () => {
    const m = merged(
      { 'main.tf': 'variable "v" {\n  default = 1\n  type = number\n}\n' },
      { 'z_override.tf': 'variable "v" {\n  default = 3\n}\n', 'a_override.tf.json': JSON.stringify({ variable: { v: { default: 2, description: 'x' } } }), 'override.tf': 'variable "v" {\n  default = 4\n}\nvariable "v" {\n  sensitive = true\n}\n' },
    );
    // a_override.tf.json, override.tf (twice), z_override.tf
    const v = m.block('variable', 'v');
    assert.deepEqual(v, ['type@main.tf', 'description@a_override.tf.json', 'sensitive@override.tf', 'default@z_override.tf']);
  });

  it('override locals value by value, whichever locals block defines them', () => {
    const m = merged({ 'main.tf': 'locals {\n  a = 1\n}\nlocals {\n  b = 2\n  c = 3\n}\n' }, { 'override.tf': 'locals {\n  c = 30\n  z = 9\n}\n' });
    assert.deepEqual(m.files[0]!.body.blocks.map((b) => shape(b.body, 'main.tf')), [['a@main.tf'], ['b@main.tf', 'c@override.tf']]);
    assert.deepEqual(m.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line]), [['terraform-override-missing', 'override.tf', 3]]);
  });

  it('merge terraform settings one by one, required_providers provider by provider; backend and cloud replace each other', () => {
    const m = merged(
      { 'versions.tf': 'terraform {\n  required_version = ">= 1.0"\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 4.0" }\n    random = { source = "hashicorp/random" }\n  }\n  cloud {\n    organization = "o"\n  }\n}\n' },
      { 'override.tf': 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n  backend "s3" {\n    bucket = "b"\n  }\n}\n' },
    );
    assert.deepEqual(m.block('terraform'), ['required_version@versions.tf', 'required_providers{random@versions.tf,aws@override.tf}', 'backend s3@override.tf{bucket@override.tf}']);
  });

  it('match providers by name and alias', () => {
    const m = merged({ 'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nprovider "aws" {\n  alias = "eu"\n  region = "eu-west-1"\n}\n' }, { 'override.tf': 'provider "aws" {\n  alias = "eu"\n  region = "eu-central-1"\n}\n' });
    assert.deepEqual(m.files[0]!.body.blocks.map((b) => shape(b.body, 'main.tf')), [['region@main.tf'], ['alias@override.tf', 'region@override.tf']]);
  });

  it('warn about what Terraform refuses: a block with nothing to override, depends_on in an override', () => {
    const m = merged(
      { 'main.tf': 'resource "aws_sqs_queue" "q" {\n  name = "q"\n  depends_on = [aws_sqs_queue.p]\n}\n' },
      { 'override.tf': 'resource "aws_sqs_queue" "q" {\n  depends_on = []\n  name = "r"\n}\nresource "aws_sqs_queue" "missing" {\n  name = "m"\n}\n' },
    );
    assert.deepEqual(m.block('resource', 'aws_sqs_queue', 'q'), ['depends_on@main.tf', 'name@override.tf']);
    assert.deepEqual(m.diagnostics.map((d) => [d.code, d.location?.line]), [['terraform-override-invalid', 1], ['terraform-override-missing', 5]]);
    assert.equal(m.files.flatMap((f) => f.body.blocks).length, 1);
  });

  it('never change the parsed base files', () => {
    const base = file('main.tf', 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n');
    mergeOverrides([base], [file('override.tf', 'resource "aws_sqs_queue" "q" {\n  name = "r"\n}\n')], []);
    assert.deepEqual(shape(base.body.blocks[0]!.body, 'main.tf'), ['name@main.tf']);
  });
});

describe('a scan with override files', () => {
  it('reads the merged values, and a finding about an overridden value points at the override file', async () => {
    const dir = tempTree({
      'main.tf': 'locals {\n  timeout = 30\n}\nvariable "memory" {\n  default = 128\n}\nresource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role          = "arn:aws:iam::123456789012:role/r"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  filename      = "fn.zip"\n  timeout       = local.timeout\n  memory_size   = var.memory\n}\nresource "aws_lambda_function_url" "fn" {\n  function_name      = aws_lambda_function.fn.function_name\n  authorization_type = "AWS_IAM"\n}\n',
      'url_override.tf': 'resource "aws_lambda_function_url" "fn" {\n  # opened for a demo\n  authorization_type = "NONE"\n}\n',
      'sizes_override.tf.json': JSON.stringify({ locals: { timeout: 90 }, variable: { memory: { default: 1024 } } }, null, 2),
    });
    try {
      const r = await analyze({ root: dir });
      assert.deepEqual(r.diagnostics.filter((d) => d.code.startsWith('terraform-override')), []);
      const fn = r.model.functions[0]!;
      assert.deepEqual([fn.timeoutSeconds, fn.memoryMb], [90, 1024]);
      const url = r.findings.find((f) => f.ruleId === 'surface/require-function-url-auth');
      assert.deepEqual([url?.location.file, url?.location.line], ['url_override.tf', 3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an override file alone in a folder overrides nothing, with a warning', async () => {
    const dir = tempTree({ 'override.tf': 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n' });
    try {
      const r = await analyze({ root: dir });
      assert.ok(r.diagnostics.some((d) => d.code === 'terraform-override-missing' && d.location?.file === 'override.tf'));
      assert.equal(r.model.resources.length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
