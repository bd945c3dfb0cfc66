exports.handler = async (event) => {
  const name = event.queryStringParameters.name;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/html' },
    // expect: code/no-xss
    body: `<h1>Hello ${name}</h1>`,
  };
};
