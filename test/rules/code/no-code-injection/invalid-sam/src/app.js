exports.handler = async (event) => {
  const formula = event.queryStringParameters.formula;
  // expect: code/no-code-injection
  const value = eval(formula);
  return { statusCode: 200, body: String(value) };
};
