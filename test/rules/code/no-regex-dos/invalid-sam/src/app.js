exports.handler = async (event) => {
  const { pattern, text } = JSON.parse(event.body);
  // expect: code/no-regex-dos
  const re = new RegExp(pattern);
  return { statusCode: 200, body: String(re.test(text)) };
};
