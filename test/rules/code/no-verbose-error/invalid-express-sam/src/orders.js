exports.loadOrder = async (id) => ({ id });
