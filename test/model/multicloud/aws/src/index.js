const { exec } = require('child_process');

// 1. public: the host comes from the query string and reaches a shell
exports.lookup = (event, context, callback) => {
  exec('nslookup ' + event.queryStringParameters.host, (err, out) => callback(null, out));
};

// 2. fed by a public topic
exports.ingest = async (event) => {
  const order = JSON.parse(event.Records[0].Sns.Message);
  console.log(order.id);
};

// 3. runs as an administrator
exports.admin = async () => 'ok';

// 4. reads its key from the environment
exports.notify = async () => {
  console.log(process.env.STRIPE_SECRET_KEY.length);
};

// 5. clean
exports.health = async () => 'ok';
