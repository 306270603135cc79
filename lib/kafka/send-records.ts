import type { Message, ProducerRecord, RecordMetadata } from 'kafkajs';
import { COMPRESSION_TYPES, registerCodecs } from './codecs/index.ts';
import { beforeDeadline } from './deadline.ts';
import { isRecordError, KafkaExportError, toNotDelivered } from './errors.ts';
import type { PartitionAssigner } from './partitions.ts';
import type { Delivery, ProduceRecord, SendOptions } from './types.ts';

/** What sendRecords needs of a KafkaJS producer. */
export interface RecordSender {
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
}

interface Batch {
  sender: RecordSender;
  assigner: PartitionAssigner;
  records: readonly ProduceRecord[];
  results: Delivery[];
  options: SendOptions;
  /** Partition chosen for each record index, once known; -1 before. */
  partitions: Int32Array;
}

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
 * Sends records that all go to one partition (or, for the first record of a
 * topic, one record whose partition KafkaJS picks) in one produce request.
 * A refusal of the records themselves (too large, invalid) appends nothing,
 * so the request is split in halves until the culprits are alone.
 */
async function sendChunk(batch: Batch, topic: string, indices: readonly number[]): Promise<void> {
  const { options } = batch;
  const messages = indices.map((i) => toMessage(batch.records[i]!, batch.partitions[i]!));
  try {
    const sent = batch.sender.send({
      topic,
      messages,
      acks: options.acks,
      timeout: options.ackTimeoutMs,
      compression: COMPRESSION_TYPES[options.compression],
    });
    const metadata = await beforeDeadline(sent, options.deadline, `${indices.length} record(s) for ${topic}`);
    const landed = metadata[0];
    indices.forEach((index, n) => {
      const partition = landed?.partition ?? batch.partitions[index]!;
      const offset = landed?.baseOffset === undefined ? '-1' : offsetPlus(landed.baseOffset, n);
      batch.results[index] = { ok: true, topic, partition, offset };
    });
  } catch (err) {
    if (isRecordError(err) && indices.length > 1) {
      const half = Math.ceil(indices.length / 2);
      await sendChunk(batch, topic, indices.slice(0, half));
      await sendChunk(batch, topic, indices.slice(half));
      return;
    }
    fail(batch, indices, err);
  }
}

/** Sends one partition's records in order, `batchSize` per request. */
function sendPartition(batch: Batch, topic: string, indices: readonly number[]): Promise<void> {
  // One request (the usual case): its promise as it is, without another async frame to resolve through.
  if (indices.length <= batch.options.batchSize) return sendChunk(batch, topic, indices);
  return sendInTurn(batch, topic, indices);
}

async function sendInTurn(batch: Batch, topic: string, indices: readonly number[]): Promise<void> {
  for (let start = 0; start < indices.length; start += batch.options.batchSize) {
    await sendChunk(batch, topic, indices.slice(start, start + batch.options.batchSize));
  }
}

/**
 * Sends the first record of a topic the assigner has not seen, which teaches
 * it the topic's partitions. Returns the records still to send, or undefined
 * when the topic could not be learned (its records have their failure).
 */
async function learnTopic(
  batch: Batch,
  topic: string,
  indices: readonly number[],
): Promise<readonly number[] | undefined> {
  await sendChunk(batch, topic, indices.slice(0, 1));
  const rest = indices.slice(1);
  if (batch.assigner.partitionCount(topic) !== undefined) return rest;
  // Whatever stopped the first record (unknown topic, authentication, broker down) stops the rest.
  const first =
    batch.results[indices[0]!] ?? toNotDelivered(new KafkaExportError(`no metadata for topic ${topic}`));
  for (const i of rest) batch.results[i] = first;
  return undefined;
}

async function sendTopic(batch: Batch, topic: string, rest: readonly number[]): Promise<void> {
  const count = batch.assigner.partitionCount(topic)!;
  const perPartition = new Map<number, number[]>();
  for (const index of rest) {
    const record = batch.records[index]!;
    if (record.partition !== undefined && record.partition >= count) {
      fail(
        batch,
        [index],
        new KafkaExportError(
          `metadata.partition: topic ${topic} has ${count} partition(s); got ${record.partition}`,
        ),
      );
      continue;
    }
    const partition = batch.assigner.assign(topic, record);
    batch.partitions[index] = partition;
    pushTo(perPartition, partition, index);
  }
  await together([...perPartition.values()].map((group) => sendPartition(batch, topic, group)));
}

/**
 * Produces records and returns one Delivery per record, in input order. Never
 * throws for Kafka errors: a record that fails is reported, the others go on.
 * Records of one partition keep their order; partitions and topics go in parallel
 * (a topic seen for the first time sends its first record alone, before them).
 */
export async function sendRecords(
  sender: RecordSender,
  assigner: PartitionAssigner,
  records: readonly ProduceRecord[],
  options: SendOptions,
): Promise<Delivery[]> {
  registerCodecs();
  const batch: Batch = {
    sender,
    assigner,
    records,
    options,
    results: new Array(records.length),
    partitions: new Int32Array(records.length).fill(-1),
  };
  const perTopic = new Map<string, number[]>();
  records.forEach((record, index) => {
    pushTo(perTopic, record.topic, index);
  });
  // KafkaJS refreshes the metadata of every topic it was asked about in one request, and a topic that
  // answers with an error (TOPIC_AUTHORIZATION_FAILED, UNKNOWN_TOPIC_OR_PARTITION) fails a refresh that
  // another send makes meanwhile. So topics not seen yet are learned one at a time, before the others send.
  const ready: Array<[string, readonly number[]]> = [];
  for (const [topic, indices] of perTopic) {
    const rest =
      assigner.partitionCount(topic) === undefined ? await learnTopic(batch, topic, indices) : indices;
    if (rest !== undefined && rest.length > 0) ready.push([topic, rest]);
  }
  await together(ready.map(([topic, rest]) => sendTopic(batch, topic, rest)));
  return batch.results;
}
