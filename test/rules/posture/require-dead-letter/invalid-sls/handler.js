exports.resize = async () => 1;
exports.notify = async () => 1;
exports.api = async () => ({ statusCode: 200 });
