// Processes queued callbacks.
export const handler = async (event) => {
  for (const record of event.Records) console.log(JSON.parse(record.body).id);
};
