const serialize = require('node-serialize');

exports.handler = async (event) => {
  const cookie = event.headers.session;
  // expect: code/no-insecure-deserialization
  const session = serialize.unserialize(cookie);
  return { statusCode: 200, body: JSON.stringify({ user: session.user }) };
};
