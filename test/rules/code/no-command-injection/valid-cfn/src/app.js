const { execFile } = require('node:child_process');

exports.handler = async (event) => {
  const file = JSON.parse(event.body).file;
  execFile('gzip', ['--', file], { cwd: '/tmp' });
  return { statusCode: 202 };
};
