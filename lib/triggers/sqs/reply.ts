/** SQS's partial batch response: the records Lambda must leave on the queue. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * Turns per-record outcomes into `batchItemFailures`, in record order. When
 * every record failed, every record is listed (Lambda then retries the whole
 * batch, as it would for a thrown error, but without an error in the logs
 * that hides which records were at fault).
 */
export function toBatchResponse(
  records: ReadonlyArray<{ messageId: string }>,
  ok: readonly boolean[],
): SqsBatchResponse {
  return {
    batchItemFailures: records.flatMap((record, i) => (ok[i] ? [] : [{ itemIdentifier: record.messageId }])),
  };
}
