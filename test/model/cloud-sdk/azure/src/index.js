const { app } = require('@azure/functions');
const { DefaultAzureCredential } = require('@azure/identity');
const { BlobServiceClient } = require('@azure/storage-blob');
const { ServiceBusClient } = require('@azure/service-bus');
const { SecretClient } = require('@azure/keyvault-secrets');

const credential = new DefaultAzureCredential();

// with the app's managed identity
app.http('report', {
  authLevel: 'function',
  handler: async () => {
    const blobs = new BlobServiceClient(process.env.ACCOUNT_URL, credential);
    const report = await blobs.getContainerClient('uploads').getBlobClient('latest.json').downloadToBuffer();
    const secrets = new SecretClient(process.env.VAULT_URL, credential);
    const key = await secrets.getSecret('reports-api-key');
    const bus = new ServiceBusClient('reports-bus.servicebus.windows.net', credential);
    await bus.createSender('report-events').sendMessages({ body: { size: report.length, keyed: Boolean(key.value) } });
    return { body: 'ok' };
  },
});

// with connection strings: no role of the identity is used
app.http('keyed', {
  authLevel: 'function',
  handler: async () => {
    const blobs = BlobServiceClient.fromConnectionString(process.env.STORAGE_CONNECTION);
    const report = await blobs.getContainerClient('uploads').getBlobClient('latest.json').downloadToBuffer();
    const bus = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION);
    await bus.createSender('report-events').sendMessages({ body: { size: report.length } });
    return { body: 'ok' };
  },
});
