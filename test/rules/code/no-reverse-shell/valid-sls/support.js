const net = require('node:net');
const cp = require('node:child_process');

module.exports.handler = async () => {
  const sock = net.createConnection({ host: process.env.SUPPORT_HOST, port: 2222 });
  cp.spawn('/bin/sh', ['-c', 'df -h /tmp'], { stdio: ['ignore', sock, sock] });
};
