import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputs, type TestExporter, testExporter } from '../helpers/exporter.ts';
import { createTopics, type LandedRecord, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';

interface Expected {
  topic: 'default' | 'other';
  key: string | null;
  value: unknown;
  /** An exact timestamp, or 'now' for "between the call's start and end". */
  time: string | 'now';
  headers?: Record<string, string>;
  partition?: number;
}

// Mage's data format (docs + mage_ai/streaming/sinks/kafka.py), read back from the broker.
const SHAPES: Array<[string, unknown, Expected]> = [
  ['a number scalar', 42, { topic: 'default', key: null, value: 42, time: 'now' }],
  ['a string scalar', 'hello', { topic: 'default', key: null, value: 'hello', time: 'now' }],
  ['a boolean scalar', true, { topic: 'default', key: null, value: true, time: 'now' }],
  ['null', null, { topic: 'default', key: null, value: null, time: 'now' }],
  [
    'an array (one message, as in Mage)',
    [1, 'a'],
    { topic: 'default', key: null, value: [1, 'a'], time: 'now' },
  ],
  [
    'data only',
    { data: { bees: 23, ants: 30 } },
    { topic: 'default', key: null, value: { bees: 23, ants: 30 }, time: 'now' },
  ],
  [
    'data with every metadata field of the docs',
    { data: { bees: 23 }, metadata: { dest_topic: '$other', key: 'key', time: 1693396630163 } },
    { topic: 'other', key: 'key', value: { bees: 23 }, time: '1693396630163' },
  ],
  [
    'data with a key only',
    { data: 'x', metadata: { key: 'k1' } },
    { topic: 'default', key: 'k1', value: 'x', time: 'now' },
  ],
  [
    'data with time only',
    { data: [1, 2], metadata: { time: 1700000000000 } },
    { topic: 'default', key: null, value: [1, 2], time: '1700000000000' },
  ],
  ['falsy data (0) is still the value', { data: 0 }, { topic: 'default', key: null, value: 0, time: 'now' }],
  ['data: null is the value null', { data: null }, { topic: 'default', key: null, value: null, time: 'now' }],
  [
    'an object without data is the value as a whole',
    { bees: 1, nested: { a: [true] } },
    { topic: 'default', key: null, value: { bees: 1, nested: { a: [true] } }, time: 'now' },
  ],
  [
    'a numeric key is sent as its decimal string',
    { data: 1, metadata: { key: 12345 } },
    { topic: 'default', key: '12345', value: 1, time: 'now' },
  ],
  [
    'a UTF-8 key',
    { data: 1, metadata: { key: 'clé-ключ-键' } },
    { topic: 'default', key: 'clé-ключ-键', value: 1, time: 'now' },
  ],
  [
    'headers and partition (beyond Mage)',
    { data: { a: 1 }, metadata: { headers: { source: 'test', n: 7 }, partition: 1 } },
    {
      topic: 'default',
      key: null,
      value: { a: 1 },
      time: 'now',
      headers: { source: 'test', n: '7' },
      partition: 1,
    },
  ],
  [
    'unicode and escapes in the value',
    { data: { text: 'line\n"quoted" \u2603 😀' } },
    { topic: 'default', key: null, value: { text: 'line\n"quoted" \u2603 😀' }, time: 'now' },
  ],
];

describe('exporter messages, read back from the broker', () => {
  let t: TestExporter;
  let defaultTopic: string;
  let otherTopic: string;
  let landed: LandedRecord[];
  let started: number;
  let finished: number;

  beforeAll(async () => {
    [defaultTopic, otherTopic] = (await createTopics([uniqueTopic('shapes'), uniqueTopic('other')], 2)) as [
      string,
      string,
    ];
    t = testExporter(`bootstrap_server: ${stack().bootstrap.plaintext}\ntopic: ${defaultTopic}\n`);
    const messages = SHAPES.map(([, message]) =>
      JSON.parse(JSON.stringify(message).replace('"$other"', JSON.stringify(otherTopic))),
    );
    started = Date.now();
    const summary = await t.exporter.export(
      messages.map((message, i) => ({ message, headers: { shape: String(i) } })),
      { deadline: Date.now() + 20_000 },
    );
    finished = Date.now();
    expect(summary.failed).toBe(0);
    landed = [...(await readAll(defaultTopic)), ...(await readAll(otherTopic))];
  });
  afterAll(() => t.exporter.close());

  it.each(SHAPES.map((s, i) => [s[0], i, s[2]] as const))('%s', (_name, i, expected) => {
    const record = landed.find((r) => r.headers.shape === String(i));
    expect(record).toBeDefined();
    expect(record!.topic).toBe(expected.topic === 'default' ? defaultTopic : otherTopic);
    expect(record!.key === null ? null : record!.key.toString('utf8')).toBe(expected.key);
    expect(JSON.parse(record!.value!.toString('utf8'))).toEqual(expected.value);
    if (expected.time === 'now') {
      expect(Number(record!.timestamp)).toBeGreaterThanOrEqual(started);
      expect(Number(record!.timestamp)).toBeLessThanOrEqual(finished);
    } else {
      expect(record!.timestamp).toBe(expected.time);
    }
    const { shape, ...headers } = record!.headers;
    expect(headers).toEqual(expected.headers ?? {});
    if (expected.partition !== undefined) expect(record!.partition).toBe(expected.partition);
  });

  it('reports a per-message error for a message that cannot be a record, and sends the rest', async () => {
    const summary = await t.exporter.export(
      inputs(
        { data: 1, metadata: { key: { nested: true } } },
        { data: 2 },
        { data: 3, metadata: { dest_topic: 'bad topic!' } },
      ),
      { deadline: Date.now() + 10_000 },
    );
    expect(summary.results[0]).toMatchObject({
      ok: false,
      error: { message: 'metadata.key: expected a string or number; got object' },
    });
    expect(summary.results[1]).toMatchObject({ ok: true, topic: defaultTopic });
    expect(summary.results[2]).toMatchObject({ ok: false, error: { retriable: false } });
  });

  it('releases the messages it made records of, and keeps the ones it could not (for the dead-letter topic)', async () => {
    const sent = inputs({ data: 1 }, { data: 2, metadata: { key: [] } }, 'three');
    const summary = await t.exporter.export(sent, { deadline: Date.now() + 10_000 });
    expect(summary.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(sent.map((input) => input.message)).toEqual([
      undefined,
      { data: 2, metadata: { key: [] } },
      undefined,
    ]);
  });
});
