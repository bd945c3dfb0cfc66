const { exec } = require('node:child_process');

exports.handler = async (event) => {
  const file = JSON.parse(event.body).file;
  // expect: code/no-command-injection
  exec(`gzip /tmp/${file}`);
  return { statusCode: 202 };
};
