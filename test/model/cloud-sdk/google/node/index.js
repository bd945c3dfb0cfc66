const functions = require('@google-cloud/functions-framework');
const { Storage } = require('@google-cloud/storage');
const { PubSub } = require('@google-cloud/pubsub');
const { SecretManagerServiceClient } = require('@google-cloud/secret-manager');

const storage = new Storage();
const pubsub = new PubSub();
const secrets = new SecretManagerServiceClient();

functions.http('report', async (req, res) => {
  const [contents] = await storage.bucket(process.env.BUCKET).file('reports/latest.json').download();
  const [version] = await secrets.accessSecretVersion({ name: 'projects/reports-prod/secrets/reports-api-key/versions/latest' });
  await pubsub.topic(process.env.TOPIC).publishMessage({ json: { size: contents.length, keyed: Boolean(version.payload) } });
  res.send('ok');
});
