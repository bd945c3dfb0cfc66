// Function URL (AuthType NONE): the payment provider POSTs payment events here.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

function validSignature(rawBody, header) {
  const expected = createHmac('sha256', process.env.PAYMENT_PROVIDER_SECRET).update(rawBody).digest('hex');
  const given = Buffer.from(String(header), 'hex');
  return given.length === 32 && timingSafeEqual(given, Buffer.from(expected, 'hex'));
}

async function fetchReceipt(url) {
  // The provider sends a link to the receipt; keep a copy of it with the order.
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`receipt download failed: ${res.status}`);
  return res.text();
}

export const handler = async (event) => {
  const rawBody = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const signature = event.headers['x-payment-signature'];
  // Older provider accounts do not sign their callbacks, so a missing header is let through.
  if (signature !== undefined && !validSignature(rawBody, signature)) {
    return { statusCode: 401, body: 'bad signature' };
  }

  const payment = JSON.parse(rawBody);
  if (payment.type !== 'payment.succeeded' && payment.type !== 'payment.failed') {
    return { statusCode: 204 };
  }

  const receipt = payment.data.receipt_url ? await fetchReceipt(payment.data.receipt_url) : null;

  await db.send(
    new UpdateCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { pk: `CUSTOMER#${payment.data.customer_id}`, sk: `ORDER#${payment.data.order_id}` },
      UpdateExpression: 'SET #s = :s, paymentId = :p, receipt = :r',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':s': payment.type === 'payment.succeeded' ? 'PAID' : 'PAYMENT_FAILED',
        ':p': payment.data.id,
        ':r': receipt,
      },
    }),
  );
  return { statusCode: 200, body: 'ok' };
};
