import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IHeaders, Kafka } from 'kafkajs';
import { registerCodecs } from '../../lib/kafka/index.ts';

/** A record read back from a topic, with everything worth showing or checking. */
export interface LandedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers: Record<string, string>;
}

export type PartitionOffsets = Map<number, bigint>;

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {}))
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  return out;
}

/** The current end (high watermark) of every partition of a topic. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<PartitionOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      } catch (err) {
        // A broker that has just restarted answers UNKNOWN_TOPIC_OR_PARTITION until its logs are loaded.
        if (attempt >= 20 || (err as { retriable?: boolean }).retriable !== true) throw err;
        await sleep(500);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads what a topic holds between `from` (default: the beginning) and its
 * end now: exactly what landed, without waiting for records that never come.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  { from, timeoutMs = 60_000 }: { from?: PartitionOffsets; timeoutMs?: number } = {},
): Promise<LandedRecord[]> {
  const ends = await endOffsets(kafka, topic);
  const wanted = new Map([...ends].map(([p, end]) => [p, end - (from?.get(p) ?? 0n)]));
  const total = [...wanted.values()].reduce((a, b) => a + (b > 0n ? b : 0n), 0n);
  const records: LandedRecord[] = [];
  if (total === 0n) return records;

  registerCodecs();
  const consumer = kafka.consumer({ groupId: `ske-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `reading ${topic}: only ${records.length} of ${total} records after ${timeoutMs / 1000} s`,
            ),
          ),
        timeoutMs,
      );
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const [partition, offset] of from ?? [])
          consumer.seek({ topic, partition, offset: offset.toString() });
      });
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const start = from?.get(partition) ?? 0n;
            const end = ends.get(partition) ?? 0n;
            const offset = BigInt(message.offset);
            if (offset < start || offset >= end) return;
            records.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              timestamp: message.timestamp,
              headers: decodeHeaders(message.headers),
            });
            if (BigInt(records.length) >= total) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
