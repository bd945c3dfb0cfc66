const { app } = require('@azure/functions');
const { exec } = require('child_process');

// 1. public: the host comes from the query string and reaches a shell
app.http('lookup', {
  authLevel: 'anonymous',
  handler: async (request) => {
    exec('nslookup ' + request.query.get('host'));
    return { body: 'ok' };
  },
});

// 2. fed by a queue
app.storageQueue('ingest', {
  queueName: 'orders',
  connection: 'AzureWebJobsStorage',
  handler: async (message) => {
    console.log(message.id);
  },
});

// 3. runs as the subscription owner
app.storageQueue('admin', { queueName: 'jobs', connection: 'AzureWebJobsStorage', handler: async () => {} });

// 4. reads its key from the settings
app.storageQueue('notify', {
  queueName: 'orders',
  connection: 'AzureWebJobsStorage',
  handler: async () => {
    console.log(process.env.STRIPE_SECRET_KEY.length);
  },
});

// 5. clean
app.http('health', { handler: async () => ({ body: 'ok' }) });
