import { sqsRecord } from '../test/events/sqs-record.ts';

/** ~1 KB of JSON data per message, keyed over 50 keys. */
export function benchMessage(i: number) {
  return {
    data: { id: i, source: 'bench', payload: 'x'.repeat(940), at: 1700000000000 + i },
    metadata: { key: `k${i % 50}` },
  };
}

/** An SQS event of `size` records, each holding one bench message, numbered from `first`. */
export function sqsBatch(size: number, first = 0) {
  return {
    Records: Array.from({ length: size }, (_, j) =>
      sqsRecord(`m-${first + j}`, JSON.stringify(benchMessage(first + j))),
    ),
  };
}
