const { exec } = require('node:child_process');

exports.archive = async (id) => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  exec(`tar czf /tmp/${id}.tgz /tmp/out.png`);
};
