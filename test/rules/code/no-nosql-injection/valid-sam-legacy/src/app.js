const { DynamoDBClient, QueryCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});

exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  // Values from the caller are data in AttributeValueList; the operators are ours.
  const some = await db.send(new QueryCommand({
    TableName: process.env.TABLE,
    KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: body.pk }] } },
    QueryFilter: { owner: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: body.owner }] } },
  }));
  return { statusCode: 200, body: JSON.stringify(some.Items) };
};
