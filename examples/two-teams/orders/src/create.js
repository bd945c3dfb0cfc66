const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});

exports.handler = async (event) => {
  const order = JSON.parse(event.body);
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.BILLING_QUEUE_URL, MessageBody: JSON.stringify(order) }));
  return { statusCode: 202, body: '' };
};
