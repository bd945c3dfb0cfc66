const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, ScanCommand } = require('@aws-sdk/lib-dynamodb');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  const owner = JSON.parse(event.body).owner;
  const res = await db.send(new ScanCommand({
    TableName: process.env.TABLE,
    FilterExpression: 'owner = :o',
    ExpressionAttributeValues: { ':o': owner },
  }));
  return { statusCode: 200, body: JSON.stringify(res.Items) };
};
