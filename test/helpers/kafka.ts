import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import { type LandedRecord, readTopic } from '../../infra/local/topic-reader.ts';
import { createTopicsWhenReady } from '../../infra/stack/topics.ts';
import { stack } from './stack.ts';

export type { LandedRecord } from '../../infra/local/topic-reader.ts';

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
    await createTopicsWhenReady(
      admin,
      names.map((topic) => ({ topic, numPartitions })),
    );
  } finally {
    await admin.disconnect();
  }
  return names;
}

/**
 * Reads every record of `topic` from the beginning, up to its current end
 * offsets: exactly what landed, no more, no waiting for records that never come.
 */
export function readAll(topic: string): Promise<LandedRecord[]> {
  return readTopic(plainKafka(), topic);
}
