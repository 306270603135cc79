import type { Exporter, ExportOptions } from '../../exporter/index.ts';
import type { ExportInput } from '../../messages/index.ts';

/** A stream record's messages, or why it has none that can be sent (a per-record failure). */
export type StreamDecoded = { ok: true; inputs: ExportInput[] } | { ok: false; reason: string };

/** One record of a stream batch as the shard rule sees it. */
export interface ShardRecord {
  /** The shard (Kinesis) or stream (DynamoDB: a batch is one shard) the record belongs to. */
  shard: string;
  /**
   * With `ordering: key`, the record's key in its shard (Kinesis partition key,
   * DynamoDB item key): records of different keys are sent side by side, each
   * key's in order. Absent: the whole shard is one line.
   */
  lane?: string | undefined;
  decoded: StreamDecoded;
}

/**
 * The per-shard failure rule of Kinesis and DynamoDB Streams. Lambda retries
 * a shard from the lowest sequence number reported failed, so:
 *
 * - the records of a shard go out in their order, one record at a time (with
 *   lanes, one at a time per lane, lanes side by side);
 * - a record that is not delivered (not decodable, or a message Kafka did not
 *   acknowledge) stops its shard: nothing after it is started once the failure
 *   is known, and every record after it is reported failed, so a retry delivers
 *   the shard in order. Without lanes nothing after the failure was sent, so
 *   nothing is delivered twice; with lanes, records of other keys already on
 *   their way are delivered and sent again by the retry (at least once: each
 *   attempt sends every key in order, and the retry replays from the failure).
 *
 * Shards are exported side by side, every export with `options` (the
 * invocation's deadline and trace context). Returns, per record, whether it
 * counts as delivered (false: Lambda must retry it).
 */
export async function exportInShardOrder(
  exporter: Exporter,
  records: readonly ShardRecord[],
  options: ExportOptions,
): Promise<boolean[]> {
  const delivered = records.map(() => false);
  const ok = records.map(() => false);
  await Promise.all(
    [...group(records).values()].map(async (lanes) => {
      // The lowest failed index of this shard, once known: nothing after it is started.
      let firstFailure = Number.POSITIVE_INFINITY;
      await Promise.all(
        [...lanes.values()].map(async (indices) => {
          for (const i of indices) {
            if (i > firstFailure) return;
            if (!(await exportRecord(exporter, records[i]!.decoded, options))) {
              firstFailure = Math.min(firstFailure, i);
              return;
            }
            delivered[i] = true;
          }
        }),
      );
      for (const indices of lanes.values())
        for (const i of indices) ok[i] = delivered[i]! && i < firstFailure;
    }),
  );
  return ok;
}

/** Record indices by shard, then by lane, each in record order. */
function group(records: readonly ShardRecord[]): Map<string, Map<string, number[]>> {
  const shards = new Map<string, Map<string, number[]>>();
  records.forEach((record, i) => {
    let lanes = shards.get(record.shard);
    if (!lanes) {
      lanes = new Map();
      shards.set(record.shard, lanes);
    }
    const lane = record.lane ?? '';
    const indices = lanes.get(lane);
    if (indices) indices.push(i);
    else lanes.set(lane, [i]);
  });
  return shards;
}

/** True when every message of the record was delivered (a record with no messages has nothing to fail). */
async function exportRecord(
  exporter: Exporter,
  decoded: StreamDecoded,
  options: ExportOptions,
): Promise<boolean> {
  if (!decoded.ok) return false;
  if (decoded.inputs.length === 0) return true;
  const { failed } = await exporter.export(decoded.inputs, options);
  return failed === 0;
}
