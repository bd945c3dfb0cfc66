// POST /orders : checks stock in Postgres, stores the order in DynamoDB and queues it for fulfilment.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});
const secrets = new SecretsManagerClient({});

let client;

async function postgres() {
  if (client) return client;
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.DB_SECRET_ARN }));
  const { username, password } = JSON.parse(SecretString);
  client = new pg.Client({ host: process.env.DB_HOST, user: username, password, database: 'orders', ssl: true });
  await client.connect();
  return client;
}

export const handler = async (event) => {
  const customerId = event.requestContext.authorizer.jwt.claims.sub;
  const order = JSON.parse(event.body ?? '{}');
  const lines = Array.isArray(order.lines) ? order.lines.slice(0, 50) : [];
  if (lines.length === 0) return { statusCode: 400, body: JSON.stringify({ message: 'an order needs at least one line' }) };

  const pgc = await postgres();
  const skus = lines.map((l) => String(l.sku));
  // Parameterised: the SKUs travel as a bound array, never as SQL text.
  const { rows } = await pgc.query('SELECT sku, price_cents, stock FROM products WHERE sku = ANY($1::text[])', [skus]);
  const bySku = new Map(rows.map((r) => [r.sku, r]));

  let total = 0;
  for (const line of lines) {
    const product = bySku.get(String(line.sku));
    const quantity = Number.parseInt(line.quantity, 10);
    if (!product || !(quantity > 0) || quantity > product.stock) {
      return { statusCode: 409, body: JSON.stringify({ message: `not enough stock for ${line.sku}` }) };
    }
    total += product.price_cents * quantity;
  }

  const orderId = randomUUID();
  const item = {
    pk: `CUSTOMER#${customerId}`,
    sk: `ORDER#${orderId}`,
    orderId,
    customerId,
    lines,
    total,
    status: 'PLACED',
    createdAt: new Date().toISOString(),
  };
  await db.send(new PutCommand({ TableName: process.env.ORDERS_TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.ORDERS_QUEUE_URL, MessageBody: JSON.stringify(item) }));

  return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderId, total }) };
};
