module.exports.hook = async () => ({ statusCode: 200 });
