exports.ingest = async (event) => ({ n: event.Records.length });
