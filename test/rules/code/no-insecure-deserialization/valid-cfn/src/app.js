exports.handler = async (event) => {
  const cookie = event.headers.session;
  const session = JSON.parse(Buffer.from(cookie, 'base64').toString('utf8'));
  return { statusCode: 200, body: JSON.stringify({ user: session.user }) };
};
