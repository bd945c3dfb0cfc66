/**
 * The data-family posture rules (issue 22) rank a gap by what the app puts in the resource: who
 * reaches the functions that write it (or, for secrets, read it). One template, three tables: one a
 * public route's function writes, one only a schedule's function writes, one nothing writes.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { tempDir } from '../diff/helpers.js';

const TABLE = `    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
`;
const fn = (name: string, table: string, event: string) => `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
      Policies:
        - DynamoDBCrudPolicy: { TableName: !Ref ${table} }
        - AWSSecretsManagerGetSecretValuePolicy: { SecretArn: !Ref Token }
        - SNSPublishMessagePolicy: { TopicName: !GetAtt Alerts.TopicName }
      Events:
${event}`;
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  PublicTable:
${TABLE}  NightlyTable:
${TABLE}  IdleTable:
${TABLE}  Token:
    Type: AWS::SecretsManager::Secret
  Alerts:
    Type: AWS::SNS::Topic
${fn('Api', 'PublicTable', '        Post:\n          Type: HttpApi\n          Properties: { Path: /orders, Method: post }\n')}${fn('Nightly', 'NightlyTable', '        Tick:\n          Type: Schedule\n          Properties: { Schedule: rate(1 day) }\n')}`;

const tmp = tempDir();
after(() => tmp.cleanup());
const file = join(tmp.dir, 'template.yaml');
writeFileSync(file, TEMPLATE);

describe('data posture severity follows the app', () => {
  it('point-in-time recovery: medium where the internet writes, info where only the account does or nothing does', async () => {
    const r = await analyze({ root: file, engine: { profile: 'all' } });
    const sev = (rule: string, res: string) => r.findings.find((f) => f.ruleId === rule && f.resource === res)?.severity;
    assert.equal(sev('posture/require-point-in-time-recovery', 'PublicTable'), 'medium');
    assert.equal(sev('posture/require-point-in-time-recovery', 'NightlyTable'), 'info');
    assert.equal(sev('posture/require-point-in-time-recovery', 'IdleTable'), 'info');
    const pub = r.findings.find((f) => f.ruleId === 'posture/require-point-in-time-recovery' && f.resource === 'PublicTable')!;
    assert.match(pub.message, /anyone on the internet reaches Api through POST \/orders, which writes to it/);
    assert.match(r.findings.find((f) => f.ruleId === 'posture/require-point-in-time-recovery' && f.resource === 'IdleTable')!.message, /no function of the app writes to it/);
    // A secret a public function reads: rotation medium, the AWS-managed key low (it holds a secret).
    assert.equal(sev('posture/require-secret-rotation', 'Token'), 'medium');
    assert.equal(sev('posture/require-customer-key', 'Token'), 'low');
    // A topic a public function publishes to, unencrypted: low, and never also a customer-key finding.
    assert.equal(sev('posture/require-encryption-at-rest', 'Alerts'), 'low');
    assert.equal(sev('posture/require-customer-key', 'Alerts'), undefined, 'one weakness, one finding');
  });

  it('hardening drops the info findings; the default profile reports none', async () => {
    const hardening = await analyze({ root: file, engine: { profile: 'hardening' } });
    const data = hardening.findings.filter((f) => /point-in-time|secret-rotation|customer-key|encryption-at-rest|versioning/.test(f.ruleId));
    assert.deepEqual(data.map((f) => `${f.ruleId} ${f.resource}`).sort(), [
      'posture/require-customer-key PublicTable',
      'posture/require-customer-key Token',
      'posture/require-encryption-at-rest Alerts',
      'posture/require-point-in-time-recovery PublicTable',
      'posture/require-secret-rotation Token',
    ]);
    const security = await analyze({ root: file });
    assert.equal(security.findings.filter((f) => f.ruleId.startsWith('posture/')).length, 0);
  });
});
