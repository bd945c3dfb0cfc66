const { exec } = require('node:child_process');
const { archive } = require('./archive');

function convert(size) {
  return new Promise((resolve, reject) => {
    exec(`convert /tmp/in.png -resize ${size}x${size} /tmp/out.png`, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

function clean(dir, _previous) {
  exec('rm -rf /tmp/' + dir);
}

exports.handler = async (event) => {
  const q = event.queryStringParameters;
  await convert(parseInt(q.size, 10));
  await Promise.resolve().then(clean.bind(null, 'thumbs'));
  const label = await new Promise((resolve) => resolve(Number(q.label)));
  exec('echo ' + label);
  await archive(parseInt(q.id, 10));
  return { statusCode: 200, body: 'ok' };
};
