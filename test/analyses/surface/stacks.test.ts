/**
 * Names and ARNs matched after the model is built (a role's grants in data access and reach, a
 * handler's SDK call targets) are looked up from the function's stack, as the builder looks names
 * up (model/stacks.ts): its own stack's resource, else the one other stack that declares the name,
 * none when several do; a wildcard covers its own stack only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { analyze } from '../../../src/api.js';
import { designated } from '../../../src/model/stacks.js';
import { tempTree } from '../../helpers/temp-tree.js';

const ACCOUNT = '123456789012';
const table = (id: string, name: string) => `  ${id}:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: ${name}\n      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]\n      KeySchema: [{ AttributeName: id, KeyType: HASH }]\n`;
const fn = (id: string, statements: string, code: string) =>
  `  ${id}Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }\n` +
  (statements ? `      Policies:\n        - PolicyName: data\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n${statements}` : '') +
  `  ${id}:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: ${id.toLowerCase()}\n      Runtime: nodejs20.x\n      Handler: index.handler\n      Role: !GetAtt ${id}Role.Arn\n      Code:\n        ZipFile: |\n${code
    .split('\n')
    .map((l) => `          ${l}`)
    .join('\n')}\n`;
const grant = (action: string, resource: string) => `              - { Effect: Allow, Action: ${action}, Resource: '${resource}' }\n`;
const PUT = (tableName: string) => `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');\nconst db = new DynamoDBClient({});\nexports.handler = async (e) => db.send(new PutItemCommand({ TableName: '${tableName}', Item: { id: { S: e.id } } }));`;

test('grants and SDK calls designate their own stack first, then the one other stack that declares the name', async () => {
  const root = tempTree({
    'a.yaml': 'Resources:\n' + table('Orders', 'orders') + fn('FnA', grant('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`) + grant('dynamodb:GetItem', 'arn:aws:dynamodb:*:*:table/*'), PUT('orders')),
    'b.yaml': 'Resources:\n' + table('Orders', 'orders') + table('Other', 'other') + fn('FnB', '', PUT('orders')),
    'c.yaml': 'Resources:\n' + fn('FnC', grant('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/other`) + grant('dynamodb:DeleteItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`), PUT('other')),
  });
  try {
    const r = await analyze({ root });
    const targets = (id: string) => [...new Set(r.analyses.access.filter((e) => e.functionId === id && e.via !== 'code').map((e) => e.target))].sort();
    assert.deepEqual(targets('FnA'), ['a.yaml#Orders'], "a literal ARN and a wildcard reach the function's own table, not the other stack's namesake or tables");
    assert.deepEqual(targets('FnC'), ['Other'], 'a name one other stack declares is reached; one two other stacks declare is not');
    const calls = r.analyses.code.codeCalls;
    assert.deepEqual(calls['FnB']?.map((c) => c.target), ['b.yaml#Orders'], "the SDK call's table is its own stack's");
    assert.deepEqual(calls['FnA']?.map((c) => c.target), ['a.yaml#Orders']);
    assert.deepEqual(calls['FnC']?.map((c) => c.target), ['Other']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('designated: own stack, else a single other stack, else none', () => {
  const n = (id: string, stack: string) => ({ id, stack });
  assert.deepEqual(designated([n('x', 'b'), n('y', 'a')], 'a').map((x) => x.id), ['y']);
  assert.deepEqual(designated([n('x', 'b'), n('z', 'b')], 'a').map((x) => x.id), ['x', 'z']);
  assert.deepEqual(designated([n('x', 'b'), n('y', 'c')], 'a'), []);
  assert.deepEqual(designated([], 'a'), []);
});
