const escapeStringRegexp = require('escape-string-regexp');

exports.handler = async (event) => {
  const { word, text } = JSON.parse(event.body);
  const re = new RegExp(escapeStringRegexp(word));
  return { statusCode: 200, body: String(re.test(text)) };
};
