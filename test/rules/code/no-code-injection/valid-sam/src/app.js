exports.handler = async (event) => {
  const formula = event.queryStringParameters.formula;
  const value = Number(formula) * 2;
  return { statusCode: 200, body: String(value) };
};
