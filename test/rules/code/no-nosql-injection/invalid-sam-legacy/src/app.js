const { DynamoDBClient, ScanCommand, QueryCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});

exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  // The caller sends the whole legacy filter: { "status": { "ComparisonOperator": "NOT_NULL" } } returns every item.
  const all = await db.send(new ScanCommand({
    TableName: process.env.TABLE,
    // expect: code/no-nosql-injection
    ScanFilter: body.filter,
  }));
  const some = await db.send(new QueryCommand({
    TableName: process.env.TABLE,
    KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: body.pk }] } },
    QueryFilter: {
      // expect: code/no-nosql-injection
      owner: { ComparisonOperator: body.op, AttributeValueList: [{ S: body.owner }] },
    },
  }));
  return { statusCode: 200, body: JSON.stringify([all.Items, some.Items]) };
};
