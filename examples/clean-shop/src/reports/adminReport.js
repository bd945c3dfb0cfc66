'use strict';
// Nightly (EventBridge schedule): yesterday's sales as CSV in the reports bucket.

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, ScanCommand } = require('@aws-sdk/lib-dynamodb');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});

function csvCell(value) {
  const s = String(value ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

exports.handler = async (event) => {
  const day = new Date(Date.parse(event.time) - 24 * 3600 * 1000).toISOString().slice(0, 10);
  const rows = [['orderId', 'customerId', 'status', 'total', 'createdAt']];
  let ExclusiveStartKey;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: process.env.ORDERS_TABLE,
        FilterExpression: 'begins_with(sk, :o) AND begins_with(createdAt, :d)',
        ExpressionAttributeValues: { ':o': 'ORDER#', ':d': day },
        ExclusiveStartKey,
      }),
    );
    for (const o of page.Items) rows.push([o.orderId, o.customerId, o.status, o.total, o.createdAt]);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);

  const csv = rows.map((r) => r.map(csvCell).join(',')).join('\n');
  await s3.send(new PutObjectCommand({ Bucket: process.env.REPORTS_BUCKET, Key: `sales/${day}.csv`, Body: csv, ContentType: 'text/csv' }));
  return { day, orders: rows.length - 1 };
};
