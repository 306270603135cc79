import { Kafka, logLevel } from 'kafkajs';
import { stackLayout } from '../infra/stack/layout.ts';
import { status, up } from '../infra/stack/stack.ts';
import type { StackInfo } from '../infra/stack/stack-info.ts';
import { createTopicsWhenReady } from '../infra/stack/topics.ts';

/** Starts the local stack unless it is already up; returns its details and whether we started it. */
export async function ensureStack(): Promise<{ info: StackInfo; started: boolean }> {
  const layout = stackLayout();
  const started = !Object.values(status(layout)).every((pid) => pid !== undefined);
  return { info: await up(layout), started };
}

export function plainKafka(info: StackInfo): Kafka {
  return new Kafka({
    clientId: 'ske-bench',
    brokers: [info.bootstrap.plaintext],
    logLevel: logLevel.NOTHING,
  });
}

/** Every topic the benchmarks created in this run, deleted at its end (a full run writes gigabytes). */
const created: string[] = [];

/** Creates a topic with `partitions` partitions (a fresh name each time). */
export async function freshTopic(info: StackInfo, prefix: string, partitions = 3): Promise<string> {
  const topic = `bench-${prefix}-${Math.random().toString(36).slice(2, 10)}`;
  const admin = plainKafka(info).admin();
  await admin.connect();
  await createTopicsWhenReady(admin, [{ topic, numPartitions: partitions }]);
  created.push(topic);
  await admin.disconnect();
  return topic;
}

/** Deletes the topics this run created, so the local broker's disk does not fill up run after run. */
export async function deleteBenchTopics(info: StackInfo): Promise<void> {
  if (created.length === 0) return;
  const admin = plainKafka(info).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: created.splice(0) });
  } finally {
    await admin.disconnect();
  }
}

/** AWS SDK settings for the emulator, as environment variables (what the functions read). */
export function awsEnv(info: StackInfo): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: info.aws.endpoint,
    AWS_REGION: info.aws.region,
    AWS_ACCESS_KEY_ID: info.aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: info.aws.secretAccessKey,
  };
}

/** One row of the results table. */
export interface Figure {
  benchmark: string;
  metric: string;
  ours: number | string;
  baseline: number | string;
  ratio?: number | string;
  target?: string;
  met?: boolean;
  note?: string;
}
