/**
 * Checks of the SAM expansion that need more than one resource (an event and its API, a bucket
 * or user pool an event edits) or the implicit APIs, and the translator's readings of Tracing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../src/loaders/cloudformation/parse.js';
import { expandSam, loadSamPolicyTemplates } from '../../../src/loaders/sam/expand.js';
import type { Diagnostic, JsonObject, LoadedTemplate } from '../../../src/model/types.js';

const templates = loadSamPolicyTemplates();

function expand(source: string): { out: LoadedTemplate; errors: Diagnostic[] } {
  const parsed = parseYaml(source, 'template.yaml');
  const input: LoadedTemplate = { file: 'template.yaml', format: 'sam', body: parsed.value as JsonObject, locate: (p) => parsed.locations.locate(p) };
  const diagnostics: Diagnostic[] = [];
  const out = expandSam(input, { policyTemplates: templates }, diagnostics);
  return { out, errors: diagnostics.filter((d) => d.level === 'error') };
}

const fn = (events: string, extra = ''): string => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: s3://bucket/key
${extra}      Events:
${events}`;

test('the implicit API is validated with the Globals it takes', () => {
  const { errors } = expand(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      Foo: "'*'"
${fn(`        Get:
          Type: Api
          Properties: { Path: /, Method: get }
`).split('\n').slice(1).join('\n')}`);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /^template\.yaml:4: Resource with id \[ServerlessRestApi\] is invalid\. Invalid key 'Foo' for 'Cors' property\.$/);
});

test('two events on the same method and path of one API are reported on the second', () => {
  const { errors } = expand(fn(`        A:
          Type: Api
          Properties: { Path: /add, Method: post }
        B:
          Type: Api
          Properties: { Path: /add, Method: POST }
`));
  assert.deepEqual(errors.map((d) => d.message.replace(/^[^ ]+ /, '')), ['Resource with id [Fn] is invalid. Event with id [B] is invalid. API method "post" defined multiple times for path "/add".']);
});

test("Authorizer NONE needs a default authorizer and ApiKeyRequired false an API key", () => {
  const { errors } = expand(fn(`        A:
          Type: Api
          Properties: { Path: /a, Method: get, Auth: { Authorizer: NONE } }
        B:
          Type: Api
          Properties: { Path: /b, Method: get, Auth: { ApiKeyRequired: false } }
`));
  assert.equal(errors.length, 2);
  assert.match(errors[0]!.message, /Event with id \[A\] is invalid\. Unable to set Authorizer on API method \[get\] for path \[\/a\] because 'NONE'/);
  assert.match(errors[1]!.message, /Event with id \[B\] is invalid\. Unable to set ApiKeyRequired \[False\]/);
});

test('an S3 event on a bucket whose LambdaConfigurations is not a list is reported on the bucket', () => {
  const { errors } = expand(`${fn(`        Up:
          Type: S3
          Properties: { Bucket: !Ref B, Events: s3:ObjectCreated:* }
`)}  B:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations: { Event: s3:ObjectCreated:Put, Function: arn }
`);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /Resource with id \[B\] is invalid\. Invalid type for LambdaConfigurations\. Must be a list\./);
});

test('Tracing resolved through a parameter: Disabled adds nothing, any other mode adds X-Ray', () => {
  const source = (mode: string) => `Parameters:
  Mode: { Type: String, Default: ${mode} }
${fn('        {}\n', '      Tracing: !Ref Mode\n').replace('      Events:\n        {}\n', '')}`;
  const managed = (mode: string): string => JSON.stringify(((expand(source(mode)).out.body['Resources'] as JsonObject)['FnRole'] as JsonObject)['Properties']);
  assert.doesNotMatch(managed('Disabled'), /AWSXrayWriteOnlyAccess/);
  assert.match(managed('PassThrough'), /AWSXrayWriteOnlyAccess/);
});

test('IgnoreGlobals names properties that Globals can set', () => {
  const { errors } = expand(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
Resources:
  Fn:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Runtime, PropertyA]
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: s3://bucket/key
`);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /invalid resource attribute 'IgnoreGlobals' on item 'PropertyA'/);
});
