import { type ICustomPartitioner, type PartitionerArgs, Partitioners } from 'kafkajs';
import { keyPartition } from './murmur2.ts';

type PartitionMetadata = PartitionerArgs['partitionMetadata'];

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

  /** Give this to `kafka.producer({ createPartitioner })`. */
  readonly createPartitioner: ICustomPartitioner = () => {
    const inner = Partitioners.DefaultPartitioner();
    return (args: PartitionerArgs) => {
      this.metadata.set(args.topic, args.partitionMetadata);
      // Records whose partition `assign` chose skip the default partitioner's per-call work.
      const { partition } = args.message;
      return typeof partition === 'number' ? partition : inner(args);
    };
  };

  /** The number of partitions of a topic, once any send to it has happened. */
  partitionCount(topic: string): number | undefined {
    return this.metadata.get(topic)?.length;
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
