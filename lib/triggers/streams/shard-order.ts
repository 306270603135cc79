import type { Exporter, ExportInput } from '../../exporter/index.ts';

/** A stream record's messages, or why it has none that can be sent (a per-record failure). */
export type StreamDecoded = { ok: true; inputs: ExportInput[] } | { ok: false; reason: string };

/** One record of a stream batch as the shard rule sees it. */
export interface ShardRecord {
  /** The shard (Kinesis) or stream (DynamoDB: a batch is one shard) the record belongs to. */
  shard: string;
  decoded: StreamDecoded;
}

/**
 * The per-shard failure rule of Kinesis and DynamoDB Streams. Lambda retries
 * a shard from the lowest sequence number reported failed, so the records of
 * a shard go out in their order, one record at a time, and at the first record
 * that is not delivered (not decodable, or a message Kafka did not acknowledge)
 * the rest of that shard is not sent and is reported failed. A retry then
 * delivers the shard in order, with nothing after the failure sent twice.
 * Shards are exported in parallel. Returns, per record, whether it was delivered.
 */
export async function exportInShardOrder(
  exporter: Exporter,
  records: readonly ShardRecord[],
  deadline: number,
): Promise<boolean[]> {
  const ok = records.map(() => false);
  const shards = new Map<string, number[]>();
  records.forEach((record, i) => {
    const indices = shards.get(record.shard);
    if (indices) indices.push(i);
    else shards.set(record.shard, [i]);
  });
  await Promise.all(
    [...shards.values()].map(async (indices) => {
      for (const i of indices) {
        const { decoded } = records[i]!;
        if (!decoded.ok) return;
        if (decoded.inputs.length > 0) {
          const { failed } = await exporter.export(decoded.inputs, { deadline });
          if (failed > 0) return;
        }
        ok[i] = true;
      }
    }),
  );
  return ok;
}
