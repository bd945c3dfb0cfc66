// SQS consumer of OrdersQueue: reserves stock with the warehouse, marks the order and announces it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sns = new SNSClient({});

async function reserve(order) {
  const res = await fetch(`${process.env.WAREHOUSE_API}/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reference: order.orderId, lines: order.lines }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`warehouse answered ${res.status}`);
  return res.json();
}

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const order = JSON.parse(record.body);
      const reservation = await reserve(order);
      await db.send(
        new UpdateCommand({
          TableName: process.env.ORDERS_TABLE,
          Key: { pk: order.pk, sk: order.sk },
          UpdateExpression: 'SET #s = :s, reservationId = :r',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': 'FULFILLING', ':r': reservation.id },
        }),
      );
      await sns.send(
        new PublishCommand({
          TopicArn: process.env.ORDER_EVENTS_TOPIC_ARN,
          Subject: 'order.fulfilling',
          Message: JSON.stringify({ type: 'order.fulfilling', order }),
        }),
      );
    } catch (err) {
      console.error('fulfilment failed', record.messageId, err);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
