exports.worker = async () => {};
