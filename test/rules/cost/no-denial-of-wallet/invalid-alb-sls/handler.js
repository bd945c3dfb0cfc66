exports.report = async () => ({ statusCode: 200, body: "ok" });
