const pad = require('left-pad-demo');

exports.handler = async (event) => ({ statusCode: 200, body: pad(String(event.rawPath), 10) });
