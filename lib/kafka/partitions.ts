import { type ICustomPartitioner, type PartitionerArgs, Partitioners } from 'kafkajs';
import { KafkaExportError } from './errors.ts';
import { keyPartition } from './murmur2.ts';
import { PartitionLanes } from './partition-lanes.ts';

type PartitionMetadata = PartitionerArgs['partitionMetadata'];

/** A `metadata.partition` the topic does not have: refused for that record, never dropped or rerouted. */
export function partitionOutOfRange(topic: string, count: number, partition: number): KafkaExportError {
  return new KafkaExportError(
    `metadata.partition: topic ${topic} has ${count} partition(s); got ${partition}`,
    { retriable: false, code: 'INVALID_PARTITION' },
  );
}

/**
 * Learns each topic's partitions from KafkaJS (which hands them to the
 * partitioner on every send) and assigns partitions the way KafkaJS's default
 * partitioner does (murmur2 of the key, round-robin without one).
 *
 * Why: a produce request that spans several partitions can be half-appended
 * when it fails, and KafkaJS does not say which half. Assigning partitions
 * ourselves lets every request cover one partition, so each either lands
 * whole or not at all, and each record's offset is known exactly.
 */
export class PartitionAssigner {
  private readonly metadata = new Map<string, PartitionMetadata>();
  private readonly choose = Partitioners.DefaultPartitioner();
  private readonly learning = new Map<string, Promise<void>>();
  /** The producer's per-partition request queues (see PartitionLanes). */
  readonly lanes = new PartitionLanes();

  /** Give this to `kafka.producer({ createPartitioner })`. */
  readonly createPartitioner: ICustomPartitioner = () => {
    const inner = Partitioners.DefaultPartitioner();
    return (args: PartitionerArgs) => {
      this.metadata.set(args.topic, args.partitionMetadata);
      // Records whose partition `assign` chose skip the default partitioner's per-call work.
      const { partition } = args.message;
      if (typeof partition !== 'number') return inner(args);
      // KafkaJS silently drops messages for a partition it has no leader for, and reports success.
      if (partition >= args.partitionMetadata.length)
        throw partitionOutOfRange(args.topic, args.partitionMetadata.length, partition);
      return partition;
    };
  };

  /** The number of partitions of a topic, once any send to it has happened. */
  partitionCount(topic: string): number | undefined {
    return this.metadata.get(topic)?.length;
  }

  /**
   * Runs `send` (a first send to a topic, which teaches the partitions) unless
   * one is already under way for that topic; then everyone waits for that one.
   * Callers that wait resume in the order they asked, so their records are
   * queued in that order too.
   */
  learn(topic: string, send: () => Promise<void>): { promise: Promise<void>; mine: boolean } {
    const pending = this.learning.get(topic);
    if (pending) return { promise: pending, mine: false };
    const promise = send().finally(() => this.learning.delete(topic));
    this.learning.set(topic, promise);
    return { promise, mine: true };
  }

  /** The partition for a record of a topic whose metadata is known. */
  assign(topic: string, message: { key: string | Buffer | null; partition?: number }): number {
    const partitionMetadata = this.metadata.get(topic);
    if (!partitionMetadata) throw new Error(`no partition metadata for topic ${topic} yet`);
    if (message.partition !== undefined) return message.partition;
    // Keyed (the hot case): the default partitioner's own rule, without its per-call allocations.
    if (message.key !== null) return keyPartition(message.key, partitionMetadata.length);
    return this.choose({
      topic,
      partitionMetadata,
      message: { key: message.key, value: null, partition: message.partition },
    });
  }
}
