import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { type LandedRecord, readTopic } from '../../infra/local/topic-reader.ts';
import { createTopicsWhenReady } from '../../infra/stack/topics.ts';
import { stack } from './stack.ts';

/** Every broker's PLAINTEXT address: a bootstrap that survives any one broker being down. */
export const clusterBrokers = () => stack().brokers.map((b) => b.plaintext);

/** `bootstrap_server` for exporter YAML: every broker, on `listener`. */
export const clusterBootstrap = (listener: 'plaintext' | 'counted' = 'plaintext') =>
  stack()
    .brokers.map((b) => b[listener])
    .join(',');

/** The tests' independent view of the cluster, through every broker. */
export const clusterKafka = () =>
  new Kafka({ clientId: 'ske-fault-test', brokers: clusterBrokers(), logLevel: logLevel.NOTHING });

/** The stack service (pid file name) of a broker. */
export function brokerService(nodeId: number): string {
  const broker = stack().brokers.find((b) => b.nodeId === nodeId);
  if (!broker) throw new Error(`no broker ${nodeId} in the stack`);
  return broker.service;
}

async function withAdmin<T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = clusterKafka().admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Creates a topic with the cluster's default replication (3), or on the given
 * replicas per partition, with topic configs (e.g. min.insync.replicas).
 */
export async function createClusterTopic(
  topic: string,
  partitions = 1,
  replicas?: number[],
  configs: Record<string, string> = {},
): Promise<string> {
  const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
  const replicaAssignment = replicas
    ? Array.from({ length: partitions }, (_, partition) => ({ partition, replicas }))
    : undefined;
  await withAdmin((admin) =>
    createTopicsWhenReady(admin, [
      replicaAssignment
        ? { topic, configEntries, replicaAssignment }
        : { topic, numPartitions: partitions, configEntries },
    ]),
  );
  return topic;
}

/** Partitions of a topic: leader and in-sync replicas, as the cluster's metadata says now. */
export function partitionsOf(topic: string) {
  return withAdmin(async (admin) => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]!.partitions.map((p) => ({
      partition: p.partitionId,
      leader: p.leader,
      isr: p.isr,
      replicas: p.replicas,
    }));
  });
}

/** The node id leading a partition. */
export async function leaderOf(topic: string, partition = 0): Promise<number> {
  return (await partitionsOf(topic)).find((p) => p.partition === partition)!.leader;
}

/**
 * Waits (up to `timeoutMs`) until every partition of `topic` has a leader and
 * all its replicas in sync: the cluster has healed from whatever a test did.
 */
export async function waitInSync(topic: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const parts = await partitionsOf(topic).catch(() => []);
    if (parts.length > 0 && parts.every((p) => p.leader >= 0 && p.isr.length === p.replicas.length)) return;
    if (Date.now() > until)
      throw new Error(`${topic}: replicas not in sync after ${timeoutMs} ms: ${JSON.stringify(parts)}`);
    await sleep(250);
  }
}

/** Every record of a topic up to its current end, read through any broker that is up. */
export function readCluster(topic: string): Promise<LandedRecord[]> {
  return readTopic(clusterKafka(), topic);
}

/** Calls `onLanded` once `topic` holds at least `count` records (watching from before the work starts). */
export async function watchLanded(topic: string): Promise<{ atLeast(count: number): Promise<void> }> {
  const admin = clusterKafka().admin();
  await admin.connect();
  return {
    async atLeast(count) {
      try {
        for (;;) {
          const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
          if (offsets.reduce((n, p) => n + Number(p.high), 0) >= count) return;
          await sleep(5);
        }
      } finally {
        await admin.disconnect();
      }
    },
  };
}
