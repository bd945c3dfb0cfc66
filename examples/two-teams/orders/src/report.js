const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});

exports.handler = async () => {
  const out = await db.send(new ScanCommand({ TableName: 'billing-invoices' }));
  return out.Items.length;
};
