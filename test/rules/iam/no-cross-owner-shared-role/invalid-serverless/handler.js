exports.orders = async () => 1;
exports.billing = async () => 2;
