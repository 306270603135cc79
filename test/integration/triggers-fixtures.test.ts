import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { handleInvokeEvent } from '../../lib/triggers/invoke/handler.ts';
import { handleS3Event } from '../../lib/triggers/s3/handler.ts';
import { s3ObjectsFromEvent } from '../../lib/triggers/s3/objects.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent, withoutObjectChecks } from '../events/load.ts';
import { createTopics, type LandedRecord, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { context, FIXTURE_API_KEY, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

/** What a landed record says, in a form easy to compare. */
const view = (r: LandedRecord) => ({
  key: r.key?.toString() ?? null,
  value: JSON.parse(r.value!.toString()),
});

let harness: TriggerHarness | undefined;
afterEach(async () => {
  await harness?.exporter.close();
  harness = undefined;
});

async function setup(extra = '') {
  const [topic] = await createTopics([uniqueTopic('fixture')], 3);
  harness = await triggerHarness(topic!, extra);
  return { topic: topic!, h: harness };
}

describe('SQS fixtures', () => {
  it('standard: JSON, a JSON array and plain text, with message attributes as headers', async () => {
    const { topic, h } = await setup();
    const reply = await handleSqsEvent(loadEvent('sqs/standard'), context(), h);
    expect(reply).toEqual({ batchItemFailures: [] });
    const landed = await readAll(topic);
    expect(landed.map(view)).toEqual(
      expect.arrayContaining([
        { key: 'k1', value: { bees: 23 } },
        { key: 'k2', value: { bees: 1 } },
        { key: 'k3', value: { bees: 2 } },
        { key: null, value: 'hive 7 is quiet today' },
      ]),
    );
    expect(landed).toHaveLength(4);
    expect(landed.find((r) => r.key?.toString() === 'k1')!.headers).toEqual({
      source: 'hive-7',
      priority: '5',
    });
  });

  it('FIFO: the message group is the default key, a message key wins', async () => {
    const { topic, h } = await setup();
    expect(await handleSqsEvent(loadEvent('sqs/fifo'), context(), h)).toEqual({ batchItemFailures: [] });
    const event = loadEvent<{ Records: Array<{ attributes: { MessageGroupId: string }; body: string }> }>(
      'sqs/fifo',
    );
    const landed = (await readAll(topic)).map(view);
    expect(landed).toHaveLength(5);
    expect(landed).toContainEqual({ key: 'own-key', value: { bees: 20 } });
    expect(landed).toContainEqual({ key: event.Records[0]!.attributes.MessageGroupId, value: { bees: 10 } });
    // One group, one key, one partition: its records keep their order.
    const groups = new Set(event.Records.map((r) => r.attributes.MessageGroupId));
    expect(groups.size).toBe(2);
  });

  it('SNS envelopes are unwrapped and their attributes become headers', async () => {
    const { topic, h } = await setup();
    expect(await handleSqsEvent(loadEvent('sqs/sns-wrapped'), context(), h)).toEqual({
      batchItemFailures: [],
    });
    const [record, ...rest] = await readAll(topic);
    expect(rest).toEqual([]);
    expect(view(record!)).toEqual({ key: 'hive-9', value: { bees: 42 } });
    expect(record!.headers).toMatchObject({ colony: 'north', count: '3' });
  });
});

describe('HTTP fixtures', () => {
  const cases: Array<
    [string, (e: { headers: Record<string, string> }) => void, Array<{ key: string | null; value: unknown }>]
  > = [
    ['apigw/rest-v1', () => {}, [{ key: 'k1', value: { bees: 23 } }]],
    [
      'apigw/rest-v1-base64',
      () => {},
      [
        { key: null, value: { bees: 1 } },
        { key: null, value: { bees: 2 } },
      ],
    ],
    [
      'apigw/rest-v1-base64-gzip',
      () => {},
      [
        { key: 'a', value: { bees: 1 } },
        { key: 'b', value: { bees: 2 } },
        { key: 'c', value: { bees: 3 } },
      ],
    ],
    [
      'apigw/http-v2',
      (e) => {
        e.headers['x-api-key'] = FIXTURE_API_KEY;
      },
      [
        { key: 'r1', value: { bees: 5 } },
        { key: 'r2', value: { bees: 6 } },
      ],
    ],
    [
      'lambda-url/function-url',
      (e) => {
        e.headers['x-api-key'] = FIXTURE_API_KEY;
      },
      [
        { key: null, value: { bees: 7 } },
        { key: null, value: { bees: 8 } },
      ],
    ],
    [
      'alb/alb',
      () => {},
      [
        { key: 'alb-1', value: { bees: 30 } },
        { key: null, value: { bees: 31 } },
      ],
    ],
    ['alb/alb-multivalue', () => {}, [{ key: null, value: 'hive 7 is quiet today' }]],
  ];

  it.each(cases)('%s is exported and answered 200 with the offsets', async (name, prepare, expected) => {
    const { topic, h } = await setup();
    const event = loadEvent<{ headers: Record<string, string> }>(name);
    prepare(event);
    const reply = (await handleHttpEvent(event, context(), h)) as { statusCode: number; body: string };
    expect(reply.statusCode).toBe(200);
    const landed = await readAll(topic);
    expect(landed.map(view)).toEqual(expect.arrayContaining(expected));
    expect(landed).toHaveLength(expected.length);
    const body = JSON.parse(reply.body) as {
      results: Array<{ topic: string; partition: number; offset: string }>;
    };
    expect(body.results.map((r) => `${r.partition}:${r.offset}`).sort()).toEqual(
      landed.map((r) => `${r.partition}:${r.offset}`).sort(),
    );
  });
});

describe('S3 fixtures', () => {
  /** Content for an object, by its extension, and the messages it holds. */
  function contentFor(key: string, marker: string): { body: string; values: unknown[] } {
    if (key.endsWith('.csv'))
      return {
        body: `id,marker\n1,${marker}\n2,${marker}\n`,
        values: [
          { id: '1', marker },
          { id: '2', marker },
        ],
      };
    if (key.endsWith('.json')) return { body: JSON.stringify([{ marker }, 7]), values: [{ marker }, 7] };
    return {
      body: `{"marker":"${marker}","n":1}\n{"marker":"${marker}","n":2}\n`,
      values: [
        { marker, n: 1 },
        { marker, n: 2 },
      ],
    };
  }

  it.each(['s3/object-created', 's3/eventbridge-object-created', 's3/sns-wrapped', 'sqs/s3-notification'])(
    '%s: every object is streamed into Kafka with its bucket, key and line as headers',
    async (name) => {
      const { topic, h } = await setup();
      const event = withoutObjectChecks(loadEvent(name));
      const objects = s3ObjectsFromEvent(event);
      expect(objects.length).toBeGreaterThan(0);
      const expected: unknown[] = [];
      for (const [i, o] of objects.entries()) {
        await h
          .s3()
          .send(new CreateBucketCommand({ Bucket: o.bucket }))
          .catch(() => {});
        const { body, values } = contentFor(o.key, `${name}#${i}`);
        await h.s3().send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: body }));
        expected.push(...values);
      }
      const reply = await handleS3Event(event, context(), h);
      if ('batchItemFailures' in reply) expect(reply.batchItemFailures).toEqual([]);
      const landed = await readAll(topic);
      expect(landed.map((r) => JSON.parse(r.value!.toString()))).toEqual(expect.arrayContaining(expected));
      expect(landed).toHaveLength(expected.length);
      expect(new Set(landed.map((r) => r.headers['s3.key']))).toEqual(new Set(objects.map((o) => o.key)));
      expect(
        landed.every(
          (r) => r.headers['s3.bucket'] === objects[0]!.bucket && /^\d+$/.test(r.headers['s3.line']!),
        ),
      ).toBe(true);
    },
  );
});

describe('schedule and direct invoke fixtures', () => {
  it('a direct invocation with { messages } exports each and returns a summary', async () => {
    const { topic, h } = await setup();
    const summary = await handleInvokeEvent(loadEvent('invoke/messages'), context(), {
      exporter: h.exporter,
      scheduledInput: async () => undefined,
    });
    expect(summary).toMatchObject({ messages: 4, delivered: 4, failed: 0 });
    expect((await readAll(topic)).map((r) => JSON.parse(r.value!.toString()))).toEqual(
      expect.arrayContaining([{ bees: 1 }, 'a plain string', 42, { bees: 3 }]),
    );
  });

  it('a scheduled event exports the configured input', async () => {
    const { topic, h } = await setup(
      'schedule:\n  input:\n    - { data: { tick: true } }\n    - heartbeat\n',
    );
    const summary = await handleInvokeEvent(loadEvent('schedule/eventbridge-scheduled'), context(), {
      exporter: h.exporter,
      scheduledInput: async () => (await h.exporter.config()).schedule.input,
    });
    expect(summary).toMatchObject({ messages: 2, delivered: 2 });
    // Keyless messages spread over the topic's 3 partitions: what landed, in any order.
    const values = (await readAll(topic)).map((r) => JSON.parse(r.value!.toString()));
    expect(values).toHaveLength(2);
    expect(values).toEqual(expect.arrayContaining([{ tick: true }, 'heartbeat']));
  });
});
