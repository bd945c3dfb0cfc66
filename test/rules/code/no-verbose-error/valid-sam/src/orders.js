const { randomUUID } = require('node:crypto');
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});

exports.handler = async (event) => {
  try {
    const order = JSON.parse(event.body);
    await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { id: { S: order.id } } }));
    return { statusCode: 201, body: JSON.stringify({ id: order.id }) };
  } catch (err) {
    const ref = randomUUID();
    console.error(ref, err.stack);
    return { statusCode: 500, body: JSON.stringify({ error: 'internal error', ref }) };
  }
};
