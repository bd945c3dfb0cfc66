exports.orders = async () => ({ statusCode: 200 });
