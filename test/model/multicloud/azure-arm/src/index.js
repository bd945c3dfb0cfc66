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

// 2. fed by a topic
app.serviceBusTopic('ingest', {
  topicName: 'orders',
  subscriptionName: 'ingest',
  connection: 'ServiceBus',
  handler: async (message) => {
    console.log(message.id);
  },
});

// 3. runs as the subscription owner
app.http('admin', { authLevel: 'anonymous', handler: async () => ({ body: 'ok' }) });

// 4. reads its key from the settings
app.serviceBusTopic('notify', {
  topicName: 'mail',
  subscriptionName: 'notify',
  connection: 'ServiceBus',
  handler: async () => {
    console.log(process.env.STRIPE_SECRET_KEY.length);
  },
});

// 5. clean
app.http('health', { authLevel: 'anonymous', handler: async () => ({ body: 'ok' }) });
