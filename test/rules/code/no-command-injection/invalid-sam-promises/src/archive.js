const { exec } = require('node:child_process');

exports.archive = async (name) => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  // expect: code/no-command-injection
  exec(`tar czf /tmp/${name}.tgz /tmp/out.png`);
};
