/**
 * A synthetic AWS SAM app for benchmarks: n functions, each behind a REST API route (Api event),
 * reading its own SQS queue (SQS event), with a SAM policy template and an inline statement, and a
 * small JS handler. Deterministic: the same n always writes byte-identical files.
 *
 * Functions forward to the next one's queue in cascades of `cascade` functions (default 10), so
 * the work grows linearly with n. One chain through all n functions (`cascade` = n) makes every
 * entry point reach every function after it: n² reach paths of length up to 2n, whatever the
 * implementation — a stress case, not the scaling benchmark (docs/performance.md).
 *
 *   node --import tsx bench/generate.ts <dir> <functions> [cascade]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GeneratedApp {
  dir: string;
  functions: number;
  /** Files written: the template, package.json and one handler per function. */
  files: number;
  templateBytes: number;
  /** Functions per cascade (fn i forwards to fn i+1 within one). */
  cascade: number;
}

export const DEFAULT_CASCADE = 10;

const pad = (i: number) => String(i).padStart(4, '0');

function functionYaml(i: number, n: number, cascade: number): string {
  const id = pad(i);
  // Each function forwards to the next one's queue within its cascade: chains of cascades, no loop.
  const next = i < n && i % cascade !== 0 ? pad(i + 1) : null;
  // Vary the shape a little so the analyses see more than one case.
  const template =
    i % 3 === 0
      ? `        - DynamoDBReadPolicy:\n            TableName: !Ref DataTable\n`
      : i % 3 === 1
        ? `        - DynamoDBCrudPolicy:\n            TableName: !Ref DataTable\n`
        : `        - S3ReadPolicy:\n            BucketName: !Ref AssetsBucket\n`;
  const auth = i % 10 === 0 ? `            Auth:\n              Authorizer: NONE\n` : '';
  return `  Queue${id}:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60

  Fn${id}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: fn${id}.handler
      Description: Synthetic function ${i}
      Environment:
        Variables:
          QUEUE_URL: ${next ? `!Ref Queue${next}` : "''"}
      Policies:
${template}        - Statement:
            - Sid: PutMetrics${id}
              Effect: Allow
              Action:
                - cloudwatch:PutMetricData
              Resource: '*'
              Condition:
                StringEquals:
                  cloudwatch:namespace: !Sub bench/\${Stage}/fn${id}
${next ? `            - Effect: Allow\n              Action: sqs:SendMessage\n              Resource: !GetAtt Queue${next}.Arn\n` : ''}      Events:
        Http:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /items/fn${id}/{id}
            Method: ${i % 2 === 0 ? 'GET' : 'POST'}
${auth}        Messages:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue${id}.Arn
            BatchSize: ${1 + (i % 10)}

`;
}

function handlerJs(i: number): string {
  const id = pad(i);
  return `// Synthetic handler ${i}: reads an item and forwards the request to the next function's queue.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const db = new DynamoDBClient({});
const sqs = new SQSClient({});

export const handler = async (event) => {
  if (event.Records) {
    for (const record of event.Records) console.log('fn${id} message', record.messageId);
    return;
  }
  const id = event.pathParameters?.id ?? 'none';
  const { Item } = await db.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { pk: { S: 'fn${id}#' + id } } }));
  if (process.env.QUEUE_URL) await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ id, seen: Boolean(Item) }) }));
  return { statusCode: 200, body: JSON.stringify({ id, found: Boolean(Item) }) };
};
`;
}

/** Writes the app into dir (created when missing) and says what it wrote. */
export function generateSamApp(dir: string, nFunctions: number, cascade = DEFAULT_CASCADE): GeneratedApp {
  if (!Number.isInteger(nFunctions) || nFunctions < 1) throw new Error(`nFunctions must be a positive integer, got ${nFunctions}`);
  if (!Number.isInteger(cascade) || cascade < 1) throw new Error(`cascade must be a positive integer, got ${cascade}`);
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  const parts: string[] = [
    `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Synthetic nightlight benchmark app with ${nFunctions} functions

Parameters:
  Stage:
    Type: String
    Default: bench

Globals:
  Function:
    Runtime: nodejs20.x
    MemorySize: 256
    Timeout: 10
    CodeUri: src/
    Environment:
      Variables:
        TABLE: !Ref DataTable

Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt UserPool.Arn

  UserPool:
    Type: AWS::Cognito::UserPool

  DataTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH

  AssetsBucket:
    Type: AWS::S3::Bucket

`,
  ];
  for (let i = 1; i <= nFunctions; i++) {
    parts.push(functionYaml(i, nFunctions, cascade));
    writeFileSync(join(src, `fn${pad(i)}.mjs`), handlerJs(i));
  }
  const template = parts.join('');
  writeFileSync(join(dir, 'template.yaml'), template);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `bench-app-${nFunctions}`, private: true, type: 'module', devDependencies: { '@aws-sdk/client-dynamodb': '3.679.0', '@aws-sdk/client-sqs': '3.679.0' } }, null, 2) + '\n',
  );
  return { dir, functions: nFunctions, files: nFunctions + 2, templateBytes: Buffer.byteLength(template), cascade };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n, cascade] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node --import tsx bench/generate.ts <dir> <functions> [cascade]');
    process.exitCode = 2;
  } else {
    const app = generateSamApp(resolve(dir), Number(n), cascade ? Number(cascade) : DEFAULT_CASCADE);
    console.log(`${app.functions} functions in cascades of ${app.cascade}, ${app.files} files, template ${(app.templateBytes / 1024).toFixed(0)} KB in ${app.dir}`);
  }
}
