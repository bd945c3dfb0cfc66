const { exec } = require('child_process');

// 1. public: the host comes from the query string and reaches a shell
module.exports.lookup = async function (context, req) {
  exec('nslookup ' + req.query.host);
  context.res = { body: 'ok' };
};

// 2. fed by a topic
module.exports.ingest = async function (context, message) {
  context.log(message.id);
};

// 3. reads its key from the settings
module.exports.notify = async function (context) {
  context.log(process.env.STRIPE_SECRET_KEY.length);
};

// 4. clean
module.exports.health = async function (context) {
  context.res = { body: 'ok' };
};
