/**
 * Robustness on real templates: every file of ../shared/corpus loads through the whole pipeline
 * (loaders, model, analyses, rules) without a crash or an internal error, and the known-invalid
 * files give diagnostics that name them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, corpusFigures, corpusUnits } from '../../scripts/corpus.js';
import { analyze } from '../../src/api.js';

const present = existsSync(CORPUS);

for (const format of ['sam', 'cdk', 'serverless', 'terraform']) {
  test(`corpus ${format}: no crash, no internal error`, { skip: !present && 'corpus not present' }, async () => {
    const f = await corpusFigures(format);
    console.log(`corpus ${format}: ${f.files} files, ${f.loaded} loaded, ${f.functions} functions, ${f.entryPoints} entry points, ${f.unresolved} unresolved, ${f.errors} errors, ${f.warnings} warnings, ${f.internalErrors} internal errors, ${f.crashes} crashes`);
    assert.deepEqual(f.crashed, []);
    assert.equal(f.internalErrors, 0);
    assert.ok(f.loaded > 0);
  });
}

const KNOWN_INVALID = [
  'sam/rds-sns-event-notification.yaml',
  'sam/apps/aws-serverless-ecommerce-platform/payment-3p/resources/openapi.yaml',
  'serverless-framework/sls-v3-fixture--cli--config-syntax-error.yml',
];

for (const rel of KNOWN_INVALID) {
  test(`known-invalid ${rel} gives a diagnostic naming the file and line`, { skip: !present && 'corpus not present' }, async () => {
    const r = await analyze({ root: join(CORPUS, rel) });
    const name = rel.split('/').pop()!;
    const errors = r.diagnostics.filter((d) => d.level === 'error');
    assert.ok(errors.length > 0, 'an error diagnostic');
    assert.ok(errors.some((d) => d.message.includes(name) && (d.location?.line ?? 0) > 0), errors.map((d) => d.message).join('\n'));
  });
}

test('the four mis-indented quoted policies are read leniently, losing no resource', { skip: !present && 'corpus not present' }, async () => {
  for (const rel of ['sam/activemq-private-lambda-java-sam--ActiveMQAndClientEC2.yaml', 'sam/msk-lambda-iam-node-sam--MSKAndKafkaClientEC2.yaml', 'sam/msk-lambda-iam-python-sam--MSKAndKafkaClientEC2.yaml', 'sam/rabbitmq-private-lambda-java-sam--RabbitMQAndClientEC2.yaml']) {
    const r = await analyze({ root: join(CORPUS, rel) });
    assert.ok(r.diagnostics.some((d) => d.code === 'yaml-lenient'), `${rel}: lenient-read warning`);
    assert.ok(!r.diagnostics.some((d) => d.code === 'yaml-syntax'), `${rel}: no syntax error left`);
    assert.ok(!r.diagnostics.some((d) => d.code === 'missing-ref'), `${rel}: no resource lost (no dangling Ref)`);
  }
});

test('a duplicate key is reported', { skip: !present && 'corpus not present' }, async () => {
  const r = await analyze({ root: join(CORPUS, 'sam/cloudfront-failover-apigw-http-api-lambda-rust--cloudfront.yaml') });
  assert.ok(r.diagnostics.some((d) => d.code === 'yaml-duplicate-key' && (d.location?.line ?? 0) > 0));
});

test('real SAM templates are not rejected by the translator-fidelity validation', { skip: !present && 'corpus not present' }, async () => {
  // The only sam-invalid errors on the serverless-patterns corpus are templates CloudFormation
  // would reject too: a SAM transform with no resources, and a null Parameters section.
  const allowed = new Set(['_pattern-model.yaml', 'dynamodb-lambda-cdk-kotlin.yaml', 'kinesis-lambda-py-cdk.yaml', 'eventbridge-schedule-stepfunctions-sam.yaml']);
  const rejected: string[] = [];
  for (const unit of corpusUnits('sam')) {
    const r = await analyze({ root: unit });
    for (const d of r.diagnostics) if (d.code === 'sam-invalid' && d.level === 'error' && !allowed.has(unit.split('/').pop()!)) rejected.push(d.message);
  }
  assert.deepEqual(rejected, []);
});
