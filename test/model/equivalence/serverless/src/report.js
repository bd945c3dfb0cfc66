// Builds a nightly report. Runs with far more power than it needs.
export const handler = async () => ({ statusCode: 200 });
