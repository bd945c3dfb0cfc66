// POST /webhooks/payment (Cognito client-credentials token with the payments/webhook scope).
// Every callback must also carry a valid HMAC signature of its body.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const secrets = new SecretsManagerClient({});
const ID = /^[A-Za-z0-9_-]{1,64}$/;

let signingKey;

async function validSignature(rawBody, header) {
  signingKey ??= (await secrets.send(new GetSecretValueCommand({ SecretId: process.env.SIGNING_SECRET_ARN }))).SecretString;
  const expected = createHmac('sha256', signingKey).update(rawBody).digest();
  const given = Buffer.from(String(header ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const handler = async (event) => {
  const rawBody = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (!(await validSignature(rawBody, event.headers['x-payment-signature']))) {
    return { statusCode: 401, body: 'bad signature' };
  }

  const payment = JSON.parse(rawBody);
  if (payment.type !== 'payment.succeeded' && payment.type !== 'payment.failed') {
    return { statusCode: 204 };
  }
  const { id, customer_id: customerId, order_id: orderId, receipt_id: receiptId } = payment.data ?? {};
  if (![id, customerId, orderId].every((v) => ID.test(String(v)))) {
    return { statusCode: 400, body: 'malformed payment event' };
  }

  await db.send(
    new UpdateCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { pk: `CUSTOMER#${customerId}`, sk: `ORDER#${orderId}` },
      UpdateExpression: 'SET #s = :s, paymentId = :p, receiptId = :r',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':s': payment.type === 'payment.succeeded' ? 'PAID' : 'PAYMENT_FAILED',
        ':p': id,
        // Kept as an id; the back office fetches receipts from the provider's fixed API.
        ':r': ID.test(String(receiptId)) ? receiptId : null,
      },
    }),
  );
  return { statusCode: 200, body: 'ok' };
};
