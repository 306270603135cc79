import type { Message } from 'kafkajs';
import { COMPRESSION_TYPES, registerCodecs } from './codecs/index.ts';
import { beforeDeadline } from './deadline.ts';
import { DeadlineExceededError, isRecordError, KafkaExportError, toNotDelivered } from './errors.ts';
import { type PartitionAssigner, partitionOutOfRange } from './partitions.ts';
import { produceWithinDeadline, type RecordSender } from './produce-attempts.ts';
import type { Delivery, ProduceRecord, SendOptions } from './types.ts';

export type { RecordSender } from './produce-attempts.ts';

interface Batch {
  sender: RecordSender;
  assigner: PartitionAssigner;
  records: readonly ProduceRecord[];
  results: Delivery[];
  options: SendOptions;
}

/** The unknown partition of a topic's first record without `metadata.partition`: KafkaJS picks it. */
const ANY = -1;

function toMessage(record: ProduceRecord, partition: number): Message {
  const message: Message = {
    key: record.key,
    value: record.value,
    timestamp: record.timestamp,
    headers: record.headers,
  };
  if (partition >= 0) message.partition = partition;
  return message;
}

/** `base + n` for a decimal offset; plain numbers while exact (every real offset), BigInt beyond 2^53. */
function offsetPlus(base: string, n: number): string {
  const value = Number(base) + n;
  return Number.isSafeInteger(value) ? String(value) : (BigInt(base) + BigInt(n)).toString();
}

/** Waits for all of `work`; a single task (one message, one keyed batch) without Promise.all's extra hops. */
function together(work: Promise<void>[]): Promise<unknown> {
  return work.length === 1 ? work[0]! : Promise.all(work);
}

function pushTo<K>(groups: Map<K, number[]>, key: K, index: number): void {
  const group = groups.get(key);
  if (group) group.push(index);
  else groups.set(key, [index]);
}

function fail(batch: Batch, indices: readonly number[], err: unknown): void {
  const failure = toNotDelivered(err);
  for (const i of indices) batch.results[i] = failure;
}

/**
 * Sends records of one partition (or a topic's first record, whose partition
 * KafkaJS may pick) in one produce request, and says what became of each. A
 * refusal of the records themselves (too large, invalid) appends nothing, so
 * the request is split in halves, sent one after the other, until the
 * culprits are alone. Never rejects; starts no request after the deadline.
 */
async function produce(
  batch: Batch,
  topic: string,
  indices: readonly number[],
  partition: number,
): Promise<Delivery[]> {
  const { options } = batch;
  if (Date.now() >= options.deadline)
    return indices.map(() =>
      toNotDelivered(new DeadlineExceededError(`${indices.length} record(s) for ${topic}`)),
    );
  const messages = indices.map((i) => toMessage(batch.records[i]!, partition));
  try {
    const request = {
      topic,
      messages,
      acks: options.acks,
      timeout: options.ackTimeoutMs,
      compression: COMPRESSION_TYPES[options.compression],
    };
    const what = `${indices.length} record(s) for ${topic}`;
    const metadata = await produceWithinDeadline(batch.sender, request, options.deadline, what);
    const landed = metadata[0];
    // With acks, the broker answers for the partition; no answer means KafkaJS never sent the records.
    if (landed === undefined && options.acks !== 0)
      throw new KafkaExportError(`no acknowledgement for ${indices.length} record(s) for ${topic}`, {
        retriable: true,
      });
    return indices.map((_, n): Delivery => {
      const offset = landed?.baseOffset === undefined ? '-1' : offsetPlus(landed.baseOffset, n);
      return { ok: true, topic, partition: landed?.partition ?? partition, offset };
    });
  } catch (err) {
    if (isRecordError(err) && indices.length > 1) {
      const half = Math.ceil(indices.length / 2);
      const head = await produce(batch, topic, indices.slice(0, half), partition);
      return head.concat(await produce(batch, topic, indices.slice(half), partition));
    }
    const failure = toNotDelivered(err);
    return indices.map(() => failure);
  }
}

/** Waits (up to the deadline) for what `work` says of `indices`, and records it. */
async function settle(batch: Batch, indices: readonly number[], work: Promise<Delivery[]>, what: string) {
  try {
    const deliveries = await beforeDeadline(work, batch.options.deadline, what);
    indices.forEach((index, n) => {
      batch.results[index] = deliveries[n]!;
    });
  } catch (err) {
    fail(batch, indices, err);
  }
}

/** Queues one partition's records in order, `batchSize` per request, behind what the partition already has queued. */
function sendPartition(
  batch: Batch,
  topic: string,
  partition: number,
  indices: readonly number[],
): Promise<void> {
  const { batchSize } = batch.options;
  const work: Promise<void>[] = [];
  for (let start = 0; start < indices.length; start += batchSize) {
    const chunk = indices.length <= batchSize ? indices : indices.slice(start, start + batchSize);
    const queued = batch.assigner.lanes.enqueue<Delivery[]>(topic, partition, () =>
      produce(batch, topic, chunk, partition),
    );
    work.push(settle(batch, chunk, queued, `${chunk.length} record(s) for ${topic} partition ${partition}`));
  }
  return together(work) as Promise<void>;
}

/**
 * Before a topic's partitions are known, its first record goes alone and
 * teaches them. Concurrent exports wait for that one send instead of racing
 * their own, so nothing of the topic leaves before it. Returns the records
 * still to send, or none when the topic could not be learned (their fate is
 * the first record's: unknown topic, refused credentials, broker down).
 */
async function learnTopic(
  batch: Batch,
  topic: string,
  indices: readonly number[],
): Promise<readonly number[]> {
  const { assigner } = batch;
  while (assigner.partitionCount(topic) === undefined) {
    const first = indices[0]!;
    const record = batch.records[first]!;
    let sent: Promise<Delivery[]> | undefined;
    const learning = assigner.learn(topic, async () => {
      sent = produce(batch, topic, [first], record.partition ?? ANY);
      await sent;
    });
    if (!learning.mine) {
      // Someone else's first record: wait for it (within our deadline), then look again.
      try {
        await beforeDeadline(learning.promise, batch.options.deadline, `partition metadata for ${topic}`);
      } catch (err) {
        fail(batch, indices, err);
        return [];
      }
      continue;
    }
    await settle(batch, [first], sent!, `1 record(s) for ${topic}`);
    if (assigner.partitionCount(topic) !== undefined) return indices.slice(1);
    const failure =
      batch.results[first] ?? toNotDelivered(new KafkaExportError(`no metadata for topic ${topic}`));
    for (const i of indices) if (i !== first) batch.results[i] = failure;
    return [];
  }
  return indices;
}

async function sendTopic(batch: Batch, topic: string, indices: readonly number[]): Promise<void> {
  const rest =
    batch.assigner.partitionCount(topic) === undefined ? await learnTopic(batch, topic, indices) : indices;
  if (rest.length === 0) return;
  const count = batch.assigner.partitionCount(topic)!;
  const perPartition = new Map<number, number[]>();
  for (const index of rest) {
    const record = batch.records[index]!;
    if (record.partition !== undefined && record.partition >= count) {
      fail(batch, [index], partitionOutOfRange(topic, count, record.partition));
      continue;
    }
    pushTo(perPartition, batch.assigner.assign(topic, record), index);
  }
  await together(
    [...perPartition].map(([partition, group]) => sendPartition(batch, topic, partition, group)),
  );
}

/**
 * Produces records and returns one Delivery per record, in input order. Never
 * throws for Kafka errors: a record that fails is reported, the others go on.
 * Records of one partition leave in input order, also behind other exports'
 * records for that partition and across KafkaJS's retries (see
 * PartitionLanes); partitions and topics go in parallel. A `metadata.partition`
 * the topic does not have fails that record alone.
 */
export async function sendRecords(
  sender: RecordSender,
  assigner: PartitionAssigner,
  records: readonly ProduceRecord[],
  options: SendOptions,
): Promise<Delivery[]> {
  registerCodecs();
  const batch: Batch = { sender, assigner, records, options, results: new Array(records.length) };
  const perTopic = new Map<string, number[]>();
  records.forEach((record, index) => {
    pushTo(perTopic, record.topic, index);
  });
  await together([...perTopic].map(([topic, indices]) => sendTopic(batch, topic, indices)));
  return batch.results;
}
