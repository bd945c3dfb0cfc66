const net = require('net');
const { spawn } = require('child_process');

exports.handler = async () => {
  const uptime = spawn('uptime', []);
  const client = net.connect(4444, 'status.example.com', () => {
    uptime.stdout.pipe(client);
  });
  return { statusCode: 202, body: 'ok' };
};
