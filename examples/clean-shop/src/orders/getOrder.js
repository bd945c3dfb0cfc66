'use strict';
// GET /orders/{orderId} : one order of the signed-in customer (Cognito JWT authorizer).

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ORDER_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/; // ULID

exports.handler = async (event) => {
  const customerId = event.requestContext.authorizer.jwt.claims.sub;
  const orderId = event.pathParameters && event.pathParameters.orderId;
  if (!orderId || !ORDER_ID.test(orderId)) {
    return { statusCode: 400, body: JSON.stringify({ message: 'invalid order id' }) };
  }

  // The key includes the caller's own id, so one customer cannot read another's order.
  const { Item } = await db.send(
    new GetCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { pk: `CUSTOMER#${customerId}`, sk: `ORDER#${orderId}` },
      ProjectionExpression: 'orderId, createdAt, #s, lines, total',
      ExpressionAttributeNames: { '#s': 'status' },
    }),
  );
  if (!Item) return { statusCode: 404, body: JSON.stringify({ message: 'not found' }) };
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(Item) };
};
