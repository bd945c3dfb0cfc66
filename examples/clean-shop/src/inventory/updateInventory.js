'use strict';
// SNS subscriber of OrderEventsTopic: decrements stock for every line of a fulfilled order.

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, UpdateCommand } = require('@aws-sdk/lib-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  for (const record of event.Records) {
    const message = JSON.parse(record.Sns.Message);
    if (message.type !== 'order.fulfilling') continue;
    for (const line of message.order.lines) {
      await db.send(
        new UpdateCommand({
          TableName: process.env.INVENTORY_TABLE,
          Key: { sku: String(line.sku) },
          UpdateExpression: 'SET stock = stock - :q',
          ConditionExpression: 'stock >= :q',
          ExpressionAttributeValues: { ':q': Number(line.quantity) },
        }),
      );
    }
  }
};
