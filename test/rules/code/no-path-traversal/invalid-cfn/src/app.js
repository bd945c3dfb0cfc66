const fs = require('node:fs');
const path = require('node:path');

exports.handler = async (event) => {
  const name = event.queryStringParameters.report;
  // expect: code/no-path-traversal
  const text = fs.readFileSync(path.join('/opt/reports', name), 'utf8');
  return { statusCode: 200, body: text };
};
