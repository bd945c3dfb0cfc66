/**
 * locate() on an expanded SAM template points at what the user wrote, not at generated resources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../src/loaders/cloudformation/parse.js';
import { expandSam, loadSamPolicyTemplates } from '../../../src/loaders/sam/expand.js';
import type { Diagnostic, JsonObject, LoadedTemplate } from '../../../src/model/types.js';

const SOURCE = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/
      FunctionUrlConfig:
        AuthType: NONE
      Policies:
        - SQSPollerPolicy:
            QueueName: jobs
        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: '*'
      Events:
        Upload:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:us-east-1:123456789012:jobs
        Get:
          Type: Api
          Properties:
            Path: /items
            Method: get
`;

function expand(text: string): { out: LoadedTemplate; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text, 'template.yaml');
  const src: LoadedTemplate = { file: 'template.yaml', format: 'sam', body: parsed.value as JsonObject, locate: (p) => parsed.locations.locate(p) };
  const diagnostics: Diagnostic[] = [];
  return { out: expandSam(src, { policyTemplates: loadSamPolicyTemplates() }, diagnostics), diagnostics };
}

const line = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('expanded SAM locates generated values at the SAM lines', () => {
  const { out, diagnostics } = expand(SOURCE);
  assert.deepEqual(diagnostics.filter((d) => d.level === 'error'), []);
  const res = out.body['Resources'] as JsonObject;
  assert.ok(!Object.values(res).some((r) => String((r as JsonObject)['Type']).startsWith('AWS::Serverless::')));
  assert.equal(out.format, 'sam');
  assert.ok(out.expandedFrom);

  // The URL's AuthType → the FunctionUrlConfig/AuthType line; the public permission too.
  assert.equal(out.locate(['Resources', 'FnUrl', 'Properties', 'AuthType']).line, line(SOURCE, 'AuthType: NONE'));
  assert.equal(out.locate(['Resources', 'FnUrlPublicPermissions', 'Properties', 'Principal']).line, line(SOURCE, 'AuthType: NONE'));
  // Event source mapping and API permission → their Events entries.
  assert.equal(out.locate(['Resources', 'FnUpload', 'Properties', 'FunctionName']).line, line(SOURCE, 'Upload:'));
  assert.equal(out.locate(['Resources', 'FnUpload', 'Properties', 'EventSourceArn']).line, line(SOURCE, 'Queue: arn'));
  assert.equal(out.locate(['Resources', 'FnGetPermissionProd', 'Properties', 'SourceArn']).line, line(SOURCE, 'Get:'));
  // The implicit API's route → the event that made it.
  assert.equal(out.locate(['Resources', 'ServerlessRestApi', 'Properties', 'Body', 'paths', '/items', 'get']).line, line(SOURCE, 'Get:'));
  // Role policies → the Policies entries (template and inline statement).
  assert.equal(out.locate(['Resources', 'FnRole', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0]).line, line(SOURCE, '- SQSPollerPolicy'));
  // An inline document's statements locate to the statement the user wrote, their keys to the key.
  assert.equal(out.locate(['Resources', 'FnRole', 'Properties', 'Policies', 1, 'PolicyDocument', 'Statement', 0]).line, line(SOURCE, '- Effect: Allow'));
  assert.equal(out.locate(['Resources', 'FnRole', 'Properties', 'Policies', 1, 'PolicyDocument', 'Statement', 0, 'Action']).line, line(SOURCE, 'Action: s3:GetObject'));
  // A value merged from Globals → the Globals line.
  assert.equal(out.locate(['Resources', 'Fn', 'Properties', 'Timeout']).line, line(SOURCE, 'Timeout: 30'));
  // Copied properties → themselves; anything unmapped → the SAM resource.
  assert.equal(out.locate(['Resources', 'Fn', 'Properties', 'Handler']).line, line(SOURCE, 'Handler: index.handler'));
  assert.equal(out.locate(['Resources', 'FnRole', 'Properties', 'AssumeRolePolicyDocument']).line, line(SOURCE, '  Fn:'));
  assert.equal(out.locate(['Resources', 'ServerlessRestApiProdStage']).line, line(SOURCE, 'Get:'));
});

test('invalid SAM gives a sam-invalid diagnostic with file and line, and no exception', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: x
      FunctionUrlConfig:
        AuthType: SOMETIMES
`;
  const { out, diagnostics } = expand(text);
  const errors = diagnostics.filter((d) => d.code === 'sam-invalid');
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /^template\.yaml:10: Resource with id \[Fn\] is invalid\./);
  assert.deepEqual(out.body['Resources'], {});
});

test('AWS::Include and nested applications are kept and reported', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: openapi.yaml
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location:
        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/x
        SemanticVersion: 1.0.0
`;
  const { out, diagnostics } = expand(text);
  const res = out.body['Resources'] as JsonObject;
  assert.equal((res['Api'] as JsonObject)['Type'], 'AWS::ApiGateway::RestApi');
  assert.equal((res['App'] as JsonObject)['Type'], 'AWS::CloudFormation::Stack');
  assert.ok(diagnostics.some((d) => d.code === 'sam-include' && d.location?.line === 8));
  assert.ok(diagnostics.some((d) => d.code === 'sam-unresolved' && d.location?.line === 12));
  assert.ok(!diagnostics.some((d) => d.level === 'error'));
});
