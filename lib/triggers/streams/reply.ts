/** The partial batch response of a stream event source (ReportBatchItemFailures). */
export interface StreamBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * `batchItemFailures` naming each record not delivered by its sequence number,
 * in record order. Lambda retries each shard from the lowest one listed.
 */
export function toStreamBatchResponse(
  sequenceNumbers: readonly string[],
  ok: readonly boolean[],
): StreamBatchResponse {
  return {
    batchItemFailures: sequenceNumbers.flatMap((itemIdentifier, i) => (ok[i] ? [] : [{ itemIdentifier }])),
  };
}
