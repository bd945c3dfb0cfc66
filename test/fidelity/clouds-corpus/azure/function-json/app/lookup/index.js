const { exec } = require('child_process');

module.exports = async function (context, req) {
  exec('nslookup ' + req.query.host);
  context.res = { body: 'ok' };
};
