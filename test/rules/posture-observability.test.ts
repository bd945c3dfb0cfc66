/**
 * Observability posture (issue 22) follows the app: a state machine an open API route starts is
 * low, one nothing starts info; a function's log group kept under a year is low only when callers
 * from outside reach the function; a bucket without a Block Public Access configuration keeps S3's
 * default and is not reported.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { tempDir } from '../diff/helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Checkout:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Definition:
        StartAt: Done
        States: { Done: { Type: Succeed } }
      Policies: []
      Events:
        Start:
          Type: Api
          Properties: { Path: /checkout, Method: post }
  Nightly:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Done
        States: { Done: { Type: Succeed } }
      Policies: []
  Public:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: public
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
      FunctionUrlConfig: { AuthType: NONE }
  Internal:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: internal
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
  PublicLogs:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: /aws/lambda/public, RetentionInDays: 14 }
  InternalLogs:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: /aws/lambda/internal, RetentionInDays: 14 }
  ForeverLogs:
    Type: AWS::Logs::LogGroup
  DefaultBucket:
    Type: AWS::S3::Bucket
`;

const tmp = tempDir();
after(() => tmp.cleanup());
const file = join(tmp.dir, 'template.yaml');
writeFileSync(file, TEMPLATE);

describe('observability posture severity follows the app', () => {
  it('state machines, log groups and buckets', async () => {
    const r = await analyze({ root: file, engine: { profile: 'all' } });
    const sev = (rule: string, res: string) => r.findings.filter((f) => f.ruleId === rule && f.resource === res).map((f) => f.severity);
    assert.deepEqual(sev('posture/require-state-machine-logging', 'Checkout'), ['low']);
    assert.match(r.findings.find((f) => f.ruleId === 'posture/require-state-machine-logging' && f.resource === 'Checkout')!.message, /Express workflow.*anyone on the internet starts it through POST \/checkout/);
    assert.deepEqual(sev('posture/require-state-machine-logging', 'Nightly'), ['info']);
    assert.deepEqual(sev('posture/require-tracing', 'Checkout'), ['low']);
    assert.deepEqual(sev('posture/require-tracing', 'Nightly'), ['info']);
    assert.deepEqual(sev('posture/require-log-retention', 'PublicLogs'), ['low']);
    assert.deepEqual(sev('posture/require-log-retention', 'InternalLogs'), ['info']);
    assert.deepEqual(sev('posture/require-log-retention', 'ForeverLogs'), ['info']);
    assert.deepEqual(sev('posture/require-public-access-block', 'DefaultBucket'), [], 'S3 blocks public access by default');
  });
});
