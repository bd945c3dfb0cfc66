const Fastify = require('fastify');
const awsLambdaFastify = require('@fastify/aws-lambda');
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');

const db = new DynamoDBClient({});
const app = Fastify();

app.get('/profiles/:id', async (request, reply) => {
  try {
    const out = await db.send(new GetItemCommand({ TableName: 'profiles', Key: { id: { S: request.params.id } } }));
    return out.Item;
  } catch (err) {
    // expect: code/no-verbose-error
    reply.code(500).send({ error: err.message, stack: err.stack });
  }
});

exports.handler = awsLambdaFastify(app);
