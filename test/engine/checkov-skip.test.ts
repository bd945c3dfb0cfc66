/**
 * Checkov's inline skip comments (issue 22): `#checkov:skip=<id>:<why>` inside a Terraform resource
 * block, and `# checkov:skip=<id>:<why>` inside (or just above) a YAML template's resource or a
 * Serverless function, suppress the nightlight rules that list the Checkov id, on that element only.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { findCheckovComments } from '../../src/loaders/comments.js';
import { tempDir } from '../diff/helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const tracing = async (root: string) => {
  const r = await analyze({ root, engine: { profile: 'all' } });
  const byFn = Object.fromEntries(r.findings.filter((f) => f.ruleId === 'posture/require-tracing').map((f) => [f.resource, f.suppression?.reason ?? null]));
  return { byFn, diagnostics: r.diagnostics };
};

describe('Checkov skip comments', () => {
  it('YAML: a comment inside the resource, or just above its key, covers that resource only', async () => {
    const file = join(tmp.dir, 'template.yaml');
    writeFileSync(
      file,
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Inside:
    Type: AWS::Serverless::Function
    Properties:
      # checkov:skip=CKV_AWS_50:traces are sampled at the load balancer
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
  # checkov:skip=CKV_AWS_50:batch job, nothing to follow
  Above:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
  NoReason:
    Type: AWS::Serverless::Function # checkov:skip=CKV_AWS_50
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
`,
    );
    const { byFn, diagnostics } = await tracing(file);
    assert.deepEqual(byFn, {
      Inside: 'traces are sampled at the load balancer (checkov CKV_AWS_50)',
      Above: 'batch job, nothing to follow (checkov CKV_AWS_50)',
      Other: null,
      NoReason: null,
    });
    assert.ok(diagnostics.some((d) => d.code === 'suppression-missing-reason' && d.location?.line === 24), 'a skip without a reason is an error at its line and suppresses nothing');
  });

  it('Serverless: a comment in a function block covers that function', async () => {
    const dir = join(tmp.dir, 'sls');
    mkdirSync(dir);
    writeFileSync(join(dir, 'handler.js'), 'exports.a = async () => 1;\nexports.b = async () => 1;\n');
    writeFileSync(
      join(dir, 'serverless.yml'),
      `service: skips
provider:
  name: aws
  runtime: nodejs22.x
functions:
  a:
    handler: handler.a
    #checkov:skip=CKV_AWS_50:sampled upstream
  b:
    handler: handler.b
`,
    );
    const { byFn } = await tracing(dir);
    assert.deepEqual(byFn, { a: 'sampled upstream (checkov CKV_AWS_50)', b: null });
  });

  it('Terraform: a comment inside the resource block covers that resource', async () => {
    const dir = join(tmp.dir, 'tf');
    mkdirSync(dir);
    const fn = (name: string, extra = '') => `resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "app.handler"
  runtime       = "python3.13"
  s3_bucket     = "artifacts"
  s3_key        = "${name}.zip"${extra}
}
`;
    writeFileSync(join(dir, 'main.tf'), fn('skipped', '\n  #checkov:skip=CKV_AWS_50:sampled by the caller\n  # checkov:skip=CKV_AWS_999:no such rule here') + fn('kept'));
    const { byFn } = await tracing(dir);
    assert.deepEqual(byFn, { 'aws_lambda_function.skipped': 'sampled by the caller (checkov CKV_AWS_50)', 'aws_lambda_function.kept': null });
  });

  it('finds the enclosing keys of a comment', () => {
    const found = findCheckovComments('t.yaml', 'Resources:\n  A:\n    Properties:\n      # checkov:skip=CKV_AWS_1:why\n      X: 1\n  B: 2\n');
    assert.deepEqual(found.map((c) => ({ id: c.id, reason: c.reason, within: c.within })), [{ id: 'CKV_AWS_1', reason: 'why', within: [1, 2, 3, 5] }]);
  });
});
