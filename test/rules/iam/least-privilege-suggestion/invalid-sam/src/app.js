const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});

exports.handler = async (event) => {
  const res = await db.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { pk: { S: 'config' } } }));
  return { statusCode: 200, body: JSON.stringify(res.Item ?? null) };
};
