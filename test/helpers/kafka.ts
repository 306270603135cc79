import { randomUUID } from 'node:crypto';
import { type IHeaders, Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { stack } from './stack.ts';

/** A record as read back from the broker, with everything a test may check. */
export interface LandedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers: Record<string, string>;
}

/** A KafkaJS client on the plain listener: the tests' independent view of what landed. */
export function plainKafka(overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'ske-test',
    brokers: [stack().bootstrap.plaintext],
    logLevel: logLevel.NOTHING,
    ...overrides,
  });
}

/** A fresh, unique topic name (tests never share topics, so they can't see each other's records). */
export function uniqueTopic(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Creates topics (waiting for leaders) and returns their names. */
export async function createTopics(names: string[], numPartitions = 1): Promise<string[]> {
  const admin = plainKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: names.map((topic) => ({ topic, numPartitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return names;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

/**
 * Reads every record of `topic` from the beginning, up to its current end
 * offsets: exactly what landed, no more, no waiting for records that never come.
 */
export async function readAll(topic: string): Promise<LandedRecord[]> {
  const kafka = plainKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
  const total = [...wanted.values()].reduce((a, b) => a + b, 0n);
  const records: LandedRecord[] = [];
  if (total === 0n) return records;

  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`readAll(${topic}): only ${records.length}/${total} after 60 s`)),
      60_000,
    );
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
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
  await consumer.disconnect();
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
