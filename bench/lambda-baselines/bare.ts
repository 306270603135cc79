// A function that does nothing: what the runtime and Node cost on their own,
// subtracted from the others to get each handler's own init overhead.
export const handler = async () => ({ batchItemFailures: [] });
