/**
 * Identity-based entry points: principals of the configuration allowed to invoke a function, start
 * a state machine that runs one, or write to a function's trigger, with who can act as them as the
 * entry point's principal; and taint that treats the whole event as the caller's when such a
 * principal invokes the function directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../src/api.js';

const rules = fileURLToPath(new URL('../../rules/surface/no-outside-identity-entry/', import.meta.url));
const here = (p: string) => fileURLToPath(new URL(`./fixtures/identity-taint/${p}`, import.meta.url));

async function identityEntries(root: string): Promise<string[]> {
  const r = await analyze({ root, rules: [] });
  return r.model.entryPoints.filter((e) => e.identity).map((e) => `${e.kind} ${e.source ?? '-'} ${e.identity!.principal} ${e.identity!.action} ${e.principal.kind} → ${e.targets.join(',')}`);
}

test('CloudFormation: guest identity-pool role invokes (public), partner role sends to the trigger queue (cross-account)', async () => {
  assert.deepEqual(await identityEntries(`${rules}invalid-cfn.yaml`), [
    'iam-principal - GuestRole lambda:InvokeFunction public → ReportFunction',
    'sqs-queue JobsQueue PartnerRole sqs:SendMessage cross-account → WorkerFunction',
  ]);
});

test('the safe twin: the own user is an entry point of the account; AWS-service roles and denied or unrelated grants are none', async () => {
  assert.deepEqual(await identityEntries(`${rules}valid-cfn.yaml`), ['iam-principal - Operator lambda:InvokeFunction same-account → WorkerFunction']);
});

test('SAM: a state machine started by another account runs the functions of its definition', async () => {
  assert.deepEqual(await identityEntries(`${rules}invalid-sam.yaml`), [
    'iam-principal - MemberRole lambda:InvokeFunction authenticated-users → ExportFunction',
    'iam-principal Flow VendorRole states:StartExecution cross-account → ProcessFunction',
  ]);
  assert.deepEqual(await identityEntries(`${rules}valid-sam.yaml`), []);
});

test('Serverless and Terraform: publish to the trigger topic, put under a prefix of the notifying bucket, invoke through an unresolved trust', async () => {
  assert.deepEqual(await identityEntries(`${rules}invalid-sls`), ['sns-subscription Inbound PartnerPublisher sns:Publish cross-account → ingest']);
  assert.deepEqual(await identityEntries(`${rules}invalid-tf`), [
    'iam-principal - aws_iam_role.integrator lambda:InvokeFunction unresolved → aws_lambda_function.resize',
    's3-notification aws_s3_bucket.uploads aws_iam_role.partner s3:PutObject cross-account → aws_lambda_function.thumbnail',
  ]);
  assert.deepEqual(await identityEntries(`${rules}valid-sls`), []);
  assert.deepEqual(await identityEntries(`${rules}valid-tf`), []);
});

test('taint: a direct invoker writes the whole event, authorizer claims included', async () => {
  const bad = await analyze({ root: here('invoked.yaml') });
  const cmd = bad.findings.filter((f) => f.ruleId === 'code/no-command-injection');
  assert.equal(cmd.length, 1);
  assert.match(cmd[0]!.message, /reachable from lambda:InvokeFunction by role VendorRole/);
  const safe = await analyze({ root: here('not-invoked.yaml') });
  assert.deepEqual(safe.findings.filter((f) => f.ruleId.startsWith('code/')).map((f) => f.ruleId), []);
});

test('CDK output: grantInvoke to a role another account assumes, grantSendMessages to a CI user; a service role is none', async () => {
  const cdk = (d: string) => fileURLToPath(new URL(`./fixtures/identity-cdk/${d}`, import.meta.url));
  assert.deepEqual(await identityEntries(cdk('invalid')), [
    'iam-principal - PartnerRoleB1C2D3E4 lambda:InvokeFunction cross-account → Processor5A6B7C8D',
    'sqs-queue JobsQueue0A1B2C3D CiUserA9B8C7D6 sqs:SendMessage same-account → Worker1A2B3C4D',
  ]);
  const r = await analyze({ root: cdk('invalid') });
  assert.deepEqual(r.findings.filter((f) => f.ruleId === 'surface/no-outside-identity-entry').map((f) => `${f.severity} ${f.location.file}:${f.location.line}`), ['low cdk.out/IngestStack.template.json:212']);
  assert.deepEqual(await identityEntries(cdk('valid')), []);
});
