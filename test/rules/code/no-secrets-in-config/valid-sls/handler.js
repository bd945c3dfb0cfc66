exports.hello = async () => ({ statusCode: 200 });
