exports.handler = async (event) => {
  const { callbackUrl } = JSON.parse(event.body);
  // expect: code/no-ssrf
  const res = await fetch(callbackUrl, { method: 'POST' });
  return { statusCode: res.status };
};
