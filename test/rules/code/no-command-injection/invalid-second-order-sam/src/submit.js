const AWS = require('aws-sdk');
const ddb = new AWS.DynamoDB.DocumentClient();

exports.handler = async (event) => {
  const job = JSON.parse(event.body);
  await ddb.put({ TableName: process.env.TABLE, Item: { id: job.id, cmd: job.cmd } }).promise();
  return { statusCode: 202, body: JSON.stringify({ id: job.id }) };
};
