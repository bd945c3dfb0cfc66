/**
 * Request validation (CKV2_AWS_53) is ranked by the route and what its function does with the
 * body: an open route whose function writes a data store is medium, one that does not is low; an
 * API key alone leaves the route open; a validator the definition names but does not define is
 * reported as undecided (info), never as checked.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { tempDir } from '../diff/helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        info: { title: shop, version: '1' }
        paths:
          /typo:
            post:
              x-amazon-apigateway-request-validator: all
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Echo.Arn}/invocations
  Store:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => ({ statusCode: 200 })"
      Policies: [{ DynamoDBCrudPolicy: { TableName: !Ref Table } }]
      Events:
        Post: { Type: Api, Properties: { Path: /orders, Method: post } }
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => ({ statusCode: 200 })"
      Events:
        Post: { Type: Api, Properties: { Path: /echo, Method: post, Auth: { ApiKeyRequired: true } } }
`;

const tmp = tempDir();
after(() => tmp.cleanup());
const file = join(tmp.dir, 'template.yaml');
writeFileSync(file, TEMPLATE);

describe('request validation follows the route and what the function does with the body', () => {
  it('medium where the body is stored, low where it is not, info where the validator is undecided', async () => {
    const r = await analyze({ root: file, engine: { profile: 'all' } });
    const got = r.findings.filter((f) => f.ruleId === 'posture/require-request-validation').map((f) => `${f.severity} ${/^(\S+ \S+)/.exec(f.message)![1]}`).sort();
    assert.deepEqual(got, ['info POST /typo', 'low POST /echo', 'medium POST /orders']);
    const stored = r.findings.find((f) => f.ruleId === 'posture/require-request-validation' && f.severity === 'medium')!;
    assert.match(stored.message, /writes to Table/);
  });

  it('the default profile reports none of it', async () => {
    const r = await analyze({ root: file });
    assert.equal(r.findings.filter((f) => f.ruleId === 'posture/require-request-validation').length, 0);
  });
});

const ARRAYS = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: loops
      Body:
        swagger: '2.0'
        info: { title: loops, version: '1' }
        x-amazon-apigateway-request-validator: all
        x-amazon-apigateway-request-validators:
          all: { validateRequestBody: true, validateRequestParameters: true }
        paths:
          /tree:
            post:
              parameters: [{ in: body, name: node, schema: { $ref: '#/definitions/Node' } }]
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
          /remote:
            post:
              parameters: [{ in: body, name: doc, schema: { $ref: 'https://example.com/schemas/doc.json' } }]
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
          /missing:
            post:
              parameters: [{ in: body, name: doc, schema: { $ref: '#/definitions/Nowhere' } }]
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
        definitions:
          Node:
            type: object
            properties:
              children: { type: array, items: { $ref: '#/definitions/Node' } }
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/fn
      Code: { ZipFile: "exports.handler = async () => ({ statusCode: 200 })" }
`;

describe('unbounded request arrays (CKV_OPENAPI_21)', () => {
  it('a recursive model ends; an external or missing $ref is undecided (info), never bounded', async () => {
    const f = join(tmp.dir, 'arrays', 'template.yaml');
    mkdirSync(join(tmp.dir, 'arrays'));
    writeFileSync(f, ARRAYS);
    const r = await analyze({ root: join(tmp.dir, 'arrays'), engine: { profile: 'all' } });
    const got = r.findings.filter((x) => x.ruleId === 'posture/require-request-array-limit').map((x) => `${x.severity} ${/^(\S+ \S+)/.exec(x.message)![1]}`).sort();
    assert.deepEqual(got, ['info POST /missing', 'info POST /remote', 'low POST /tree']);
    const tree = r.findings.find((x) => x.ruleId === 'posture/require-request-array-limit' && x.severity === 'low')!;
    assert.match(tree.message, /\/properties\/children hold any number of items/);
  });

  it('the default profile reports none of it', async () => {
    const r = await analyze({ root: file });
    assert.equal(r.findings.filter((f) => f.ruleId === 'posture/require-request-array-limit').length, 0);
  });
});
