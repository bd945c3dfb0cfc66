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
    request.log.error(err);
    reply.code(500).send({ error: 'the profile could not be read' });
  }
});

exports.handler = awsLambdaFastify(app);
