const { exec } = require('node:child_process');
const { archive } = require('./archive');

function convert(file) {
  return new Promise((resolve, reject) => {
    // expect: code/no-command-injection
    exec(`convert ${file} -resize 64x64 /tmp/out.png`, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

function clean(dir, _previous) {
  // expect: code/no-command-injection
  exec('rm -rf /tmp/' + dir);
}

exports.handler = async (event) => {
  const q = event.queryStringParameters;
  await convert(q.file);
  await Promise.resolve().then(clean.bind(null, q.dir));
  const label = await new Promise((resolve) => resolve(q.label));
  // expect: code/no-command-injection
  exec('echo ' + label);
  await archive(q.name);
  return { statusCode: 200, body: 'ok' };
};
