import fc from 'fast-check';
import { type PartitionerArgs, Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { keyPartition, murmur2 } from '../../../lib/kafka/murmur2.ts';
import { PartitionAssigner } from '../../../lib/kafka/partitions.ts';

const metadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    partitionErrorCode: 0,
  }));

const key = fc.oneof(
  fc.string({ maxLength: 40 }).map((text) => Buffer.from(text, 'utf8')),
  fc.string({ unit: 'grapheme', maxLength: 12 }).map((text) => Buffer.from(text, 'utf8')),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

describe('partition assignment', () => {
  it("puts every key where KafkaJS's (and Java's) default partitioner puts it", () => {
    const kafkaJs = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(key, fc.integer({ min: 1, max: 64 }), (bytes, count) => {
        const args = { topic: 't', partitionMetadata: metadata(count), message: { key: bytes, value: null } };
        expect(keyPartition(bytes, count)).toBe(kafkaJs(args as unknown as PartitionerArgs));
      }),
      { numRuns: 5000 },
    );
  });

  it("gives the Java client's hashes and partitions", () => {
    // Computed with org.apache.kafka.common.utils.Utils (kafka-clients 3.9.1) on the key's UTF-8 bytes.
    const java: Array<[string, number, number]> = [
      ['21', -973932308, 0],
      ['foobar', -790332482, 0],
      ['a-little-bit-long-string', -985981536, 2],
      ['a-little-bit-longer-string', -1486304829, 2],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971, 2],
      ['abc', 479470107, 0],
      ['k1', 1684045097, 2],
      ['sensor-1', 780060301, 1],
      ['héllo', 614509002, 0],
    ];
    for (const [text, hash, partitionOf3] of java) {
      expect(murmur2(Buffer.from(text, 'utf8'))).toBe(hash);
      expect(keyPartition(Buffer.from(text, 'utf8'), 3)).toBe(partitionOf3);
    }
  });

  it('keeps an explicit partition, and spreads records without a key like KafkaJS', () => {
    const assigner = new PartitionAssigner();
    assigner.createPartitioner()({
      topic: 't',
      partitionMetadata: metadata(4),
      message: { key: null, value: null },
    } as unknown as PartitionerArgs);
    expect(assigner.assign('t', { key: Buffer.from('k'), partition: 2 })).toBe(2);
    const unkeyed = new Set(Array.from({ length: 40 }, () => assigner.assign('t', { key: null })));
    expect(unkeyed.size).toBeGreaterThan(1);
  });
});
