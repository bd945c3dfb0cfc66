import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/model/types.js';
import { unresolvedFromMarker } from '../../../src/loaders/serverless/variables.js';
import { loadFixture, props } from './helpers.js';

function fn(extra: Parameters<typeof loadFixture>[1] = {}) {
  const r = loadFixture('variables', extra);
  assert.ok(r.t);
  return { ...r, fnProps: props(r.resources, 'HelloLambdaFunction') };
}

/** The resolved `custom` section is not in the output; reach it through what uses it. */
test('self, file, nested and defaults resolve', () => {
  const { fnProps } = fn();
  assert.equal(fnProps['FunctionName'], 'vars-app-dev-hello'); // ${self:custom.suffix} in service, default stage dev
  assert.equal(fnProps['MemorySize'], 512); // nested ${self:custom.perStage.${self:custom.nestedKey}.memory}
  assert.equal(fnProps['Timeout'], 12); // ${file(./config.yml):settings.timeout}
});

test('opt:stage and opt:region come from the options', () => {
  const { fnProps, resources } = fn({ stage: 'prod', region: 'ap-south-1' });
  assert.equal(fnProps['FunctionName'], 'vars-app-prod-hello');
  const statements = (((props(resources, 'IamRoleLambdaExecution')['Policies'] as JsonObject[])[0]!['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[]);
  // ${aws:region} follows the effective region; ${param:tableName} the stage's params.
  assert.deepEqual(statements[2]!['Resource'], 'arn:aws:dynamodb:ap-south-1:123456789012:table/prod-table');
});

test('param, aws:accountId and aws:region without options', () => {
  const { resources } = fn();
  const statements = (((props(resources, 'IamRoleLambdaExecution')['Policies'] as JsonObject[])[0]!['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[]);
  assert.deepEqual(statements[2]!['Resource'], 'arn:aws:dynamodb:eu-west-1:123456789012:table/default-table');
});

test('--param overrides params from the file', () => {
  const { resources } = fn({ params: { tableName: 'cli-table' } });
  const statements = (((props(resources, 'IamRoleLambdaExecution')['Policies'] as JsonObject[])[0]!['PolicyDocument'] as JsonObject)['Statement'] as JsonObject[]);
  assert.match(String(statements[2]!['Resource']), /table\/cli-table$/);
});

test('ssm, cf, s3, construct and env (off) are unresolved with a diagnostic, never guessed', () => {
  const { diagnostics, fnProps } = fn();
  const env = ((fnProps['Environment'] as JsonObject)['Variables'] as JsonObject);
  assert.equal(env['SECRET'], '<<unresolved:ssm:/app/secret>>');
  const u = unresolvedFromMarker(String(env['SECRET']));
  assert.ok(u && u.unresolved && /ssm/.test(u.reason));
  const messages = diagnostics.filter((d) => d.code === 'variable-unresolved').map((d) => d.message);
  for (const src of ['${ssm:/app/secret}', '${cf:other-stack.Output}', '${s3:my-bucket/key}', '${construct:queue.queueUrl}', '${env:NL_TEST_VAR}']) {
    assert.ok(messages.some((m) => m.includes(src)), `no diagnostic for ${src}: ${messages.join(' | ')}`);
  }
  assert.ok(diagnostics.every((d) => d.location && d.location.file === 'serverless.yml' && d.location.line > 1));
});

test('env is read only when allowed', () => {
  const off = fn({ env: { NL_TEST_VAR: 'from-env' } });
  assert.ok(off.diagnostics.some((d) => d.code === 'variable-unresolved' && d.message.includes('${env:NL_TEST_VAR}')));
  const on = fn({ allowEnv: true, env: { NL_TEST_VAR: 'from-env' } });
  assert.ok(!on.diagnostics.some((d) => d.message.includes('${env:NL_TEST_VAR}')));
});

test('fallbacks: literal, nested variable, number, missing file', () => {
  const pattern = unresolvedFromMarker('arn:aws:s3:::<<unresolved:ssm:/b>>/*');
  assert.equal(pattern?.pattern, 'arn:aws:s3:::*/*');
  const { diagnostics, fnProps } = fn();
  const env = ((fnProps['Environment'] as JsonObject)['Variables'] as JsonObject);
  assert.equal(env['NESTED'], 'deep');
  assert.equal(env['NUMBER'], 42);
  assert.equal(env['MISSING_FILE'], 'fallback-value');
  assert.equal(env['ENV_FALLBACK'], 'env-default');
  assert.equal(env['STAGE'], 'dev-dev');
  assert.equal(env['WHOLE_FILE_NAME'], 'from-config');
  // nestedFallback, numberFallback, missingFile resolve: no not-found diagnostic for them.
  assert.ok(!diagnostics.some((d) => d.code === 'variable-not-found'), JSON.stringify(diagnostics.filter((d) => d.code === 'variable-not-found')));
  assert.ok(!diagnostics.some((d) => d.code === 'variable-file-missing'));
});

test('file() may not leave the scanned root', () => {
  const { diagnostics } = fn();
  const d = diagnostics.find((x) => x.code === 'variable-file-outside-root');
  assert.ok(d);
  assert.equal(d.location?.line, 22);
});

test('cycles are diagnosed, not looped', () => {
  const { diagnostics } = fn();
  const d = diagnostics.find((x) => x.code === 'variable-cycle');
  assert.ok(d, 'no cycle diagnostic');
  assert.ok([36, 37].includes(d.location?.line ?? 0));
});

test('${AWS::Region} inside Fn::Sub is CloudFormation, not a framework variable', () => {
  const { fnProps } = fn();
  const env = ((fnProps['Environment'] as JsonObject)['Variables'] as JsonObject);
  assert.deepEqual(env['REGION_SUB'], { 'Fn::Sub': 'arn:aws:s3:::bucket-${AWS::Region}-app/*' });
});

test('sls:instanceId stays symbolic', () => {
  const { diagnostics } = fn();
  assert.ok(diagnostics.some((d) => d.code === 'variable-symbolic'));
});
