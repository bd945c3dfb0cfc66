const functions = require('@google-cloud/functions-framework');
const { exec } = require('child_process');

// 1. public: the host comes from the query string and reaches a shell
functions.http('lookup', (req, res) => {
  exec('nslookup ' + req.query.host, (err, out) => res.send(out));
});

// 2. fed by a public topic
functions.cloudEvent('ingest', (event) => {
  const order = JSON.parse(Buffer.from(event.data.message.data, 'base64').toString());
  console.log(order.id);
});

// 3. runs as the project owner
exports.admin = (req, res) => {
  res.send('ok');
};

// 4. reads its key from the environment
exports.notify = (event) => {
  console.log(process.env.STRIPE_SECRET_KEY.length);
};

// 5. clean
exports.health = (req, res) => {
  res.send('ok');
};
