const AWS = require('aws-sdk');
const { execSync } = require('child_process');
const ddb = new AWS.DynamoDB.DocumentClient();

exports.handler = async () => {
  const { Items } = await ddb.scan({ TableName: process.env.TABLE }).promise();
  for (const item of Items) {
    execSync(`nice -n 10 ${item.cmd}`);
  }
};
