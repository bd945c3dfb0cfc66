/**
 * surface/no-api-key-only-auth: one severity policy for API Gateway and AppSync (docs/rules/surface/
 * no-api-key-only-auth.md). What a key-only endpoint gives is what the functions behind it can do
 * (openEndpointRank); who reaches it is whoever holds a key, one step below anyone: medium when the
 * functions hold a grant beyond what they need to run or what they hold is not known, low when
 * they hold nothing more. Routes of one API to the same functions are one finding.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { RULES } from '../../src/rules/registry.generated.js';
import { tempDir, writeFiles } from '../diff/helpers.js';

const tmp = tempDir('nightlight-api-key-');
after(() => tmp.cleanup());
const rule = RULES.find((r) => r.id === 'surface/no-api-key-only-auth')!;

async function findings(name: string, template: string): Promise<string[]> {
  const dir = join(tmp.dir, name);
  writeFiles(dir, { 'template.yaml': template });
  const r = await analyze({ root: dir, rules: [rule] });
  return r.findings.map((f) => `${f.severity} ${f.location.line} ${f.message}`);
}

const POLICY = '      Policies:\n        - DynamoDBCrudPolicy: { TableName: orders }\n';

const rest = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  PartnerApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async () => 1"
${policies}      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref PartnerApi, Path: /prices, Method: get }
        Post:
          Type: Api
          Properties: { RestApiId: !Ref PartnerApi, Path: /prices, Method: post }
`;

const graph = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async (event) => event.arguments"
${policies}  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaInline: "type Query { order(id: ID!): String }"
      Auth:
        Type: API_KEY
      DataSources:
        Lambda:
          Backend:
            FunctionArn: !GetAtt Fn.Arn
      Functions:
        GetOrder:
          Runtime: { Name: APPSYNC_JS, Version: 1.0.0 }
          DataSource: Backend
          CodeUri: resolvers/get-order.js
      Resolvers:
        Query:
          order:
            Pipeline: [GetOrder]
`;

describe('surface/no-api-key-only-auth severity: one policy for API Gateway and AppSync', () => {
  it('API Gateway: routes of one API to one function are one finding, medium when the function reaches more than it needs', async () => {
    const got = await findings('rest-grant', rest(POLICY));
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0]!, /^medium \d+ GET \/prices and POST \/prices on PartnerApi are protected only by an API key: .*anyone holding one can call Fn, and reach /);
  });

  it('API Gateway: low when the function holds nothing beyond what it needs to run', async () => {
    const got = await findings('rest-bare', rest(''));
    assert.deepEqual(got.map((f) => f.split(' ')[0]), ['low']);
    assert.match(got[0]!, /fine if it is public by design/);
  });

  it('AppSync: the same policy, medium with a grant, low without', async () => {
    const grant = await findings('graph-grant', graph(POLICY));
    const bare = await findings('graph-bare', graph(''));
    assert.deepEqual([grant.map((f) => f.split(' ')[0]), bare.map((f) => f.split(' ')[0])], [['medium'], ['low']]);
    assert.match(grant[0]!, /GraphQL field Query\.order \(data source Backend\) on AppSync API Graph invokes Fn for anyone holding an API key.*, and reach /);
  });
});
