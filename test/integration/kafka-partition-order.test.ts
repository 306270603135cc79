import { logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProduceRecord, ProducerPool, sendRecords, type WarmProducer } from '../../lib/kafka/index.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';

const options = (overrides = {}) => ({
  batchSize: 25,
  ackTimeoutMs: 5000,
  acks: -1 as const,
  compression: 'none' as const,
  deadline: Date.now() + 60_000,
  ...overrides,
});

function record(topic: string, value: string, extra: Partial<ProduceRecord> = {}): ProduceRecord {
  return { topic, key: null, value, timestamp: '1693396630163', headers: {}, ...extra };
}

/** A producer of its own, so the topic is new to it: the first record is the one that teaches its partitions. */
const pools: ProducerPool[] = [];
async function freshProducer(): Promise<WarmProducer> {
  const pool = new ProducerPool();
  pools.push(pool);
  return pool.get(
    'fresh',
    () => ({ brokers: [stack().bootstrap.plaintext], logLevel: logLevel.NOTHING, retry: { retries: 2 } }),
    { idempotent: false },
  );
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.closeAll()));
});

describe('metadata.partition in a fresh process', () => {
  it('puts the first record a producer sends to a topic on the partition it names', async () => {
    const [topic] = await createTopics([uniqueTopic('first-partition')], 4);
    const warm = await freshProducer();
    const results = await sendRecords(
      warm.producer,
      warm.assigner,
      [record(topic!, 'first', { partition: 3 }), record(topic!, 'second', { partition: 2 })],
      options(),
    );
    expect(results).toMatchObject([
      { ok: true, partition: 3 },
      { ok: true, partition: 2 },
    ]);
    const landed = await readAll(topic!);
    expect(landed.map((r) => [r.value!.toString(), r.partition])).toEqual(
      expect.arrayContaining([
        ['first', 3],
        ['second', 2],
      ]),
    );
  });

  it('refuses an out-of-range partition on the first record, and sends the others', async () => {
    const [topic] = await createTopics([uniqueTopic('first-out-of-range')], 2);
    const warm = await freshProducer();
    const results = await sendRecords(
      warm.producer,
      warm.assigner,
      [record(topic!, 'nowhere', { partition: 7 }), record(topic!, 'p1', { partition: 1 })],
      options(),
    );
    expect(results[0]).toMatchObject({
      ok: false,
      error: { message: `metadata.partition: topic ${topic} has 2 partition(s); got 7`, retriable: false },
    });
    expect(results[1]).toMatchObject({ ok: true, partition: 1 });
    expect((await readAll(topic!)).map((r) => r.value!.toString())).toEqual(['p1']);
  });
});

describe('order within a partition', () => {
  it('keeps input order per key across concurrent exports, from the first send of a fresh producer', async () => {
    const [topic] = await createTopics([uniqueTopic('concurrent-order')], 3);
    const warm = await freshProducer();
    const exports = 8;
    const perExport = 150;
    // Export n holds lines n*150 .. n*150+149, as the S3 trigger's batches in flight hold an object's lines.
    const batches = Array.from({ length: exports }, (_, n) =>
      Array.from({ length: perExport }, (_, j) => {
        const line = n * perExport + j;
        return record(topic!, String(line), { key: `k${line % 11}` });
      }),
    );
    const all = await Promise.all(
      batches.map((records) => sendRecords(warm.producer, warm.assigner, records, options())),
    );
    expect(all.flat().every((r) => r.ok)).toBe(true);
    const lastByKey = new Map<string, number>();
    const landed = await readAll(topic!);
    expect(landed).toHaveLength(exports * perExport);
    let violations = 0;
    for (const r of landed.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset))) {
      const key = r.key!.toString();
      const line = Number(r.value!.toString());
      if ((lastByKey.get(key) ?? -1) > line) violations++;
      lastByKey.set(key, line);
    }
    expect(violations).toBe(0);
  });
});
