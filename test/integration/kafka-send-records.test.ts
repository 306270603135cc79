import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProduceRecord, ProducerPool, sendRecords, type WarmProducer } from '../../lib/kafka/index.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';

const options = (overrides = {}) => ({
  batchSize: 100,
  ackTimeoutMs: 5000,
  acks: -1 as const,
  compression: 'none' as const,
  deadline: Date.now() + 30_000,
  ...overrides,
});

function record(topic: string, value: string, extra: Partial<ProduceRecord> = {}): ProduceRecord {
  return { topic, key: null, value: Buffer.from(value), timestamp: '1693396630163', headers: {}, ...extra };
}

describe('sending records to the real broker', () => {
  const pool = new ProducerPool();
  let warm: WarmProducer;
  beforeAll(async () => {
    warm = await pool.get(
      'plain',
      () => ({
        brokers: [stack().bootstrap.plaintext],
        logLevel: logLevel.NOTHING,
        retry: { retries: 2, initialRetryTime: 100 },
      }),
      { idempotent: false },
    );
  });
  afterAll(() => pool.closeAll());

  it('reports the exact partition and offset of every record, matching what landed', async () => {
    const [topic] = await createTopics([uniqueTopic('offsets')], 3);
    const records = Array.from({ length: 250 }, (_, i) =>
      record(topic!, `v${i}`, { key: Buffer.from(`k${i % 7}`), headers: { n: String(i) } }),
    );
    const results = await sendRecords(warm.producer, warm.assigner, records, options({ batchSize: 40 }));
    expect(results.every((r) => r.ok)).toBe(true);
    const landed = await readAll(topic!);
    expect(landed).toHaveLength(250);
    for (const r of landed) {
      const i = Number(r.headers.n);
      expect(results[i]).toEqual({ ok: true, topic, partition: r.partition, offset: r.offset });
      expect(r.value?.toString()).toBe(`v${i}`);
    }
    // The same key always lands in the same partition, in send order.
    const byKey = new Map<string, number>();
    for (const r of landed) {
      const key = r.key!.toString();
      expect(byKey.get(key) ?? r.partition).toBe(r.partition);
      byKey.set(key, r.partition);
    }
  });

  it('fails only the record that is too large; the others land exactly once', async () => {
    const [topic] = await createTopics([uniqueTopic('too-large')], 2);
    const records = Array.from({ length: 10 }, (_, i) =>
      record(topic!, i === 4 ? 'x'.repeat(2_000_000) : `small-${i}`),
    );
    const results = await sendRecords(warm.producer, warm.assigner, records, options());
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
    expect(results[4]).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE', retriable: false } });
    const landed = (await readAll(topic!)).map((r) => r.value!.toString()).sort();
    expect(landed).toEqual(
      records
        .filter((_, i) => i !== 4)
        .map((r) => r.value.toString())
        .sort(),
    );
  });

  it('fails the records of a missing topic and delivers the other topic', async () => {
    const [good] = await createTopics([uniqueTopic('exists')]);
    const missing = uniqueTopic('missing');
    const records = [record(missing, 'a'), record(good!, 'b'), record(missing, 'c')];
    const results = await sendRecords(warm.producer, warm.assigner, records, options());
    expect(results[1]).toMatchObject({ ok: true, topic: good });
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TOPIC_OR_PARTITION' } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TOPIC_OR_PARTITION' } });
    expect((await readAll(good!)).map((r) => r.value!.toString())).toEqual(['b']);
  });

  it('refuses a partition the topic does not have, per record', async () => {
    const [topic] = await createTopics([uniqueTopic('partition')], 2);
    const records = [
      record(topic!, 'first'),
      record(topic!, 'p1', { partition: 1 }),
      record(topic!, 'p9', { partition: 9 }),
    ];
    const results = await sendRecords(warm.producer, warm.assigner, records, options());
    expect(results[1]).toMatchObject({ ok: true, partition: 1 });
    expect(results[2]).toMatchObject({
      ok: false,
      error: {
        message: `metadata.partition: topic ${topic} has 2 partition(s); got 9`,
      },
    });
  });

  it('reports records not acknowledged before the deadline as failed and retriable', async () => {
    const [topic] = await createTopics([uniqueTopic('deadline')]);
    const results = await sendRecords(
      warm.producer,
      warm.assigner,
      [record(topic!, 'late')],
      options({ deadline: Date.now() - 1 }),
    );
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'DEADLINE_EXCEEDED', retriable: true } });
  });
});

describe('the producer pool', () => {
  it('connects once for concurrent callers and reuses the producer', async () => {
    let created = 0;
    const pool = new ProducerPool({
      createKafka: (o) => {
        created++;
        return new Kafka(o);
      },
    });
    const opts = () => ({ brokers: [stack().bootstrap.plaintext], logLevel: logLevel.NOTHING });
    const [a, b] = await Promise.all([
      pool.get('k', opts, { idempotent: false }),
      pool.get('k', opts, { idempotent: false }),
    ]);
    const c = await pool.get('k', opts, { idempotent: false });
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(created).toBe(1);
    await pool.closeAll();
  });

  it('hands out a connected producer without waiting, and forgets it when discarded', async () => {
    const pool = new ProducerPool();
    const opts = () => ({ brokers: [stack().bootstrap.plaintext], logLevel: logLevel.NOTHING });
    const connecting = pool.get('k', opts, { idempotent: false });
    expect(pool.ready('k')).toBeUndefined();
    const warm = await connecting;
    expect(pool.ready('k')).toBe(warm);
    await pool.discard('k');
    expect(pool.ready('k')).toBeUndefined();
  });

  it('never hands out a producer whose connect failed', async () => {
    // A port nothing listens on: one that was just free.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    server.close();
    const pool = new ProducerPool();
    const opts = () => ({
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 200,
      retry: { retries: 0 },
    });
    await expect(pool.get('down', opts, { idempotent: false })).rejects.toThrow();
    expect(pool.ready('down')).toBeUndefined();
    expect(pool.size).toBe(0);
  });
});
