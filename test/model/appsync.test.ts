/**
 * AppSync entry points (issue 22): a function behind an `AWS_LAMBDA` data source is reached by the
 * GraphQL fields whose resolvers use it (a unit resolver's data source, or a pipeline function's),
 * by whoever the API's most open authentication type admits; in SAM (`AWS::Serverless::GraphQLApi`,
 * expanded as the translator does), CloudFormation and Terraform.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { toJsonReport } from '../../src/reporters/json.js';
import type { EntryPoint } from '../../src/model/types.js';
import { tempDir, writeFiles } from '../diff/helpers.js';

const tmp = tempDir('nightlight-appsync-');
after(() => tmp.cleanup());

async function entries(name: string, files: Record<string, string>): Promise<EntryPoint[]> {
  const dir = join(tmp.dir, name);
  writeFiles(dir, files);
  const r = await analyze({ root: dir });
  assert.deepEqual(r.diagnostics.filter((d) => d.level === 'error' || d.code === 'sam-unsupported'), []);
  return r.model.entryPoints.filter((e) => e.kind === 'appsync-resolver');
}

const show = (e: EntryPoint) => `${e.label} | ${e.principal.kind} | ${e.auth.kind} | ${e.targets.join(',')} | ${e.source ?? '-'}`;

const SAM = `Transform: AWS::Serverless-2016-10-31
Resources:
  Resolver:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: "exports.handler = async (event) => event.arguments"
  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaInline: "type Query { order(id: ID!): String }"
      Auth:
        Type: AMAZON_COGNITO_USER_POOLS
        UserPool: { UserPoolId: us-east-1_abc, AwsRegion: us-east-1, DefaultAction: ALLOW }
      DataSources:
        Lambda:
          Backend:
            FunctionArn: !GetAtt Resolver.Arn
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

const CFN = `Resources:
  Resolver:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/resolver
      Code: { ZipFile: "exports.handler = async (event) => event.arguments" }
  Graph:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: graph
      AuthenticationType: AWS_IAM
      AdditionalAuthenticationProviders: [{ AuthenticationType: API_KEY }]
  Backend:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Graph.ApiId
      Name: backend
      Type: AWS_LAMBDA
      ServiceRoleArn: arn:aws:iam::123456789012:role/appsync
      LambdaConfig: { LambdaFunctionArn: !GetAtt Resolver.Arn }
  Orders:
    Type: AWS::AppSync::Resolver
    Properties:
      ApiId: !GetAtt Graph.ApiId
      TypeName: Query
      FieldName: orders
      DataSourceName: backend
  Unused:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Graph.ApiId
      Name: unused
      Type: AWS_LAMBDA
      ServiceRoleArn: arn:aws:iam::123456789012:role/appsync
      LambdaConfig: { LambdaFunctionArn: !GetAtt Resolver.Arn }
  IamOnly:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: internal
      AuthenticationType: AWS_IAM
  Internal:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt IamOnly.ApiId
      Name: internal
      Type: AWS_LAMBDA
      ServiceRoleArn: arn:aws:iam::123456789012:role/appsync
      LambdaConfig: { LambdaFunctionArn: !GetAtt Resolver.Arn }
`;

describe('AppSync resolvers are entry points', () => {
  it('SAM GraphQLApi: a pipeline resolver through a function of the data source, for the pool users', async () => {
    const got = (await entries('sam', { 'template.yaml': SAM })).map(show);
    assert.deepEqual(got, ['Query.order (data source Backend) | authenticated-users | cognito | Resolver | Graph']);
  });

  it('CloudFormation: a unit resolver by data source name; an additional API key opens the API; an unused data source is still reachable', async () => {
    const got = (await entries('cfn', { 'template.yaml': CFN })).map(show).sort();
    assert.deepEqual(got, [
      'Query.orders (data source backend) | public | api-key | Resolver | Graph',
      'data source internal of IamOnly | same-account | iam | Resolver | IamOnly',
      'data source unused of Graph | public | api-key | Resolver | Graph',
    ]);
  });

  it('Terraform: aws_appsync_datasource, aws_appsync_function and aws_appsync_resolver', async () => {
    const tf = `resource "aws_lambda_function" "resolver" {
  function_name = "resolver"
  role          = "arn:aws:iam::123456789012:role/resolver"
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "resolver.zip"
}

resource "aws_appsync_graphql_api" "graph" {
  name                = "graph"
  authentication_type = "OPENID_CONNECT"
  openid_connect_config {
    issuer = "https://issuer.example.com"
  }
}

resource "aws_appsync_datasource" "backend" {
  api_id           = aws_appsync_graphql_api.graph.id
  name             = "backend"
  type             = "AWS_LAMBDA"
  service_role_arn = "arn:aws:iam::123456789012:role/appsync"
  lambda_config {
    function_arn = aws_lambda_function.resolver.arn
  }
}

resource "aws_appsync_function" "get_order" {
  api_id      = aws_appsync_graphql_api.graph.id
  name        = "get_order"
  data_source = aws_appsync_datasource.backend.name
}

resource "aws_appsync_resolver" "order" {
  api_id = aws_appsync_graphql_api.graph.id
  type   = "Query"
  field  = "order"
  kind   = "PIPELINE"
  pipeline_config {
    functions = [aws_appsync_function.get_order.function_id]
  }
}
`;
    const got = (await entries('tf', { 'main.tf': tf })).map(show);
    assert.deepEqual(got, ['Query.order (data source backend) | authenticated-users | jwt | aws_lambda_function.resolver | aws_appsync_graphql_api.graph']);
  });

  it('carries the API, the data source and the fields as data (the JSON report\'s entryPoints[].graphql), the label unchanged; the auth is located at the provider that decides it', async () => {
    const dir = join(tmp.dir, 'json');
    writeFiles(dir, { 'template.yaml': CFN.replace('      FieldName: orders\n', '      FieldName: orders\n').replace('  Unused:', `  Extra:
    Type: AWS::AppSync::Resolver
    Properties:
      ApiId: !GetAtt Graph.ApiId
      TypeName: !Ref RootType
      FieldName: extra
      DataSourceName: backend
  Unused:`).replace('Resources:', 'Parameters:\n  RootType: { Type: String }\nResources:') });
    const r = await analyze({ root: dir });
    const eps = (toJsonReport(r).entryPoints as { kind: string; label: string; graphql?: unknown }[]).filter((e) => e.kind === 'appsync-resolver');
    assert.deepEqual(
      eps.map((e) => [e.label, e.graphql]),
      [
        ['?.extra, Query.orders (data source backend)', { api: 'Graph', dataSource: 'backend', fields: [{ type: { unresolved: true, reason: 'the TypeName of resolver Extra could not be read: parameter RootType has no default (pass --param RootType=...)' }, field: 'extra' }, { type: 'Query', field: 'orders' }], authLocation: { file: 'template.yaml', line: 16, column: 45 } }],
        ['data source unused of Graph', { api: 'Graph', dataSource: 'unused', fields: [], authLocation: { file: 'template.yaml', line: 16, column: 45 } }],
        ['data source internal of IamOnly', { api: 'IamOnly', dataSource: 'internal', fields: [], authLocation: { file: 'template.yaml', line: 51, column: 7 } }],
      ],
    );
  });

  it('SAM: the auth is located at Auth.Type, an additional provider at its Type', async () => {
    const [ep] = await entries('sam-loc', { 'template.yaml': SAM.replace('        UserPool: { UserPoolId: us-east-1_abc, AwsRegion: us-east-1, DefaultAction: ALLOW }\n', '        UserPool: { UserPoolId: us-east-1_abc, AwsRegion: us-east-1, DefaultAction: ALLOW }\n        Additional:\n          - Type: AWS_IAM\n          - Type: API_KEY\n') });
    assert.deepEqual([ep!.auth.kind, ep!.graphql?.authLocation.line, ep!.graphql?.fields], ['api-key', 18, [{ type: 'Query', field: 'order' }]]);
  });

  it('an API whose authentication cannot be read is unresolved, saying what and where; API_KEY decides whatever else cannot be read', async () => {
    const cfn = (auth: string) => CFN.replace('      AuthenticationType: AWS_IAM\n      AdditionalAuthenticationProviders: [{ AuthenticationType: API_KEY }]\n', auth);
    const unread = await entries('unread', { 'template.yaml': cfn('      AuthenticationType: AWS_IAM\n      AdditionalAuthenticationProviders: [{ AuthenticationType: !ImportValue extra-auth }]\n') });
    const orders = unread.find((e) => e.label.startsWith('Query.orders'))!;
    assert.deepEqual([orders.auth, orders.principal.kind, orders.graphql?.authLocation.line], [{ kind: 'unresolved', reason: "the authentication type of additional provider 1 could not be read: Fn::ImportValue 'extra-auth' is exported by another stack" }, 'unresolved', 14]);
    const keyed = await entries('keyed', { 'template.yaml': cfn('      AuthenticationType: API_KEY\n      AdditionalAuthenticationProviders: !ImportValue extra-auth\n') });
    assert.deepEqual(keyed.find((e) => e.label.startsWith('Query.orders'))!.auth.kind, 'api-key');
    const odd = await entries('odd', { 'template.yaml': cfn('      AuthenticationType: AWS_IAM_ROLE\n') });
    assert.equal(odd.find((e) => e.label.startsWith('Query.orders'))!.auth.reason, 'the authentication type AWS_IAM_ROLE is not an AppSync authentication type');
  });
});

