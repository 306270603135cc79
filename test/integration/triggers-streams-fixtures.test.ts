import { afterEach, describe, expect, it } from 'vitest';
import { handleDynamodbEvent } from '../../lib/triggers/dynamodb/handler.ts';
import { handleInvokeEvent } from '../../lib/triggers/invoke/handler.ts';
import { handleKinesisEvent } from '../../lib/triggers/kinesis/handler.ts';
import { loadEvent } from '../events/load.ts';
import { createTopics, type LandedRecord, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { context, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

/** The Kinesis handler's dependencies as functions/kinesis.ts builds them, from a harness. */
const kinesisDeps = (h: TriggerHarness) => ({
  exporter: h.exporter,
  logger: h.logger,
  settings: async () => (await h.exporter.config()).kinesis,
});

const view = (r: LandedRecord) => [r.key?.toString() ?? null, r.value!.toString()];

let harness: TriggerHarness | undefined;
afterEach(async () => {
  await harness?.exporter.close();
  harness = undefined;
});

async function setup(extra = '') {
  const [topic] = await createTopics([uniqueTopic('streams-fixture')], 3);
  harness = await triggerHarness(topic!, extra);
  return { topic: topic!, h: harness };
}

describe('Kinesis fixtures, read back', () => {
  it('records: a Mage message with its own key, a JSON array and text, keyed by partition key', async () => {
    const { topic, h } = await setup();
    expect(await handleKinesisEvent(loadEvent('kinesis/records'), context(), kinesisDeps(h))).toEqual({
      batchItemFailures: [],
    });
    expect((await readAll(topic)).map(view).sort()).toEqual(
      [
        ['own-key', '{"bees":23}'],
        ['hive-2', '{"bees":1}'],
        ['hive-2', '{"bees":2}'],
        ['hive-7', '"hive 7 is quiet today"'],
      ].sort(),
    );
  });

  it('kpl-aggregated: every user record, with its own partition key', async () => {
    const { topic, h } = await setup();
    expect(await handleKinesisEvent(loadEvent('kinesis/kpl-aggregated'), context(), kinesisDeps(h))).toEqual({
      batchItemFailures: [],
    });
    const landed = await readAll(topic);
    expect(landed.map(view).sort()).toEqual(
      [
        ['hive-1', '{"bees":1}'],
        ['hive-2', '{"bees":2}'],
        ['hive-2', '{"bees":3}'],
        ['hive-1', '"buzz"'],
      ].sort(),
    );
    // hive-1's two user records share a partition and keep their order.
    expect(landed.filter((r) => r.key?.toString() === 'hive-1').map((r) => r.value!.toString())).toEqual([
      '{"bees":1}',
      '"buzz"',
    ]);
  });
});

describe('DynamoDB fixture, read back', () => {
  it('insert, modify, remove: exact numbers, the sorted key, in order on one partition', async () => {
    const { topic, h } = await setup('dynamodb:\n  parts: [eventName, newImage]\n');
    const deps = { ...h, settings: async () => (await h.exporter.config()).dynamodb };
    const reply = await handleDynamodbEvent(loadEvent('dynamodb/insert-modify-remove'), context(), deps);
    expect(reply).toEqual({ batchItemFailures: [] });
    const landed = await readAll(topic);
    expect(new Set(landed.map((r) => r.partition)).size).toBe(1);
    expect(landed.map(view)).toEqual([
      [
        '{"pk":"hive#7","sk":"reading#2026-12-01"}',
        '{"eventName":"INSERT","newImage":{"pk":"hive#7","sk":"reading#2026-12-01","count":12345678901234567890,' +
          '"weight":0.1000000000000000055511151231257827,"scale":1E+2,"queens":[1,2],"tags":["calm","sunny"],' +
          '"photo":"aGl2ZSA3","thumbs":["AAE=","AgM="],"active":true,"note":null,' +
          '"frames":[10,"ten",{"depth":-0.5}],"location":{"lat":51.5074,"lon":-0.1278}}}',
      ],
      [
        '{"pk":"hive#7","sk":"reading#2026-12-01"}',
        '{"eventName":"MODIFY","newImage":{"pk":"hive#7","sk":"reading#2026-12-01","count":12345678901234567891}}',
      ],
      ['{"pk":"hive#7","sk":"reading#2026-12-01"}', '{"eventName":"REMOVE"}'],
    ]);
    expect(landed[0]!.headers).toEqual({
      'dynamodb.table': 'hives',
      'dynamodb.event_name': 'INSERT',
      'dynamodb.sequence_number': '111000000000000000001',
    });
  });
});

describe('EventBridge fixture, read back (invoke function)', () => {
  it.each([
    ['event', (e: Record<string, unknown>) => e],
    ['detail', (e: Record<string, unknown>) => e.detail],
  ] as const)(
    'eventbridge.data: %s lands as the value, with its headers and the event time',
    async (data, expectedValue) => {
      const { topic, h } = await setup(`eventbridge:\n  data: ${data}\n`);
      const event = loadEvent('eventbridge/custom-event');
      const summary = await handleInvokeEvent(event, context(), {
        exporter: h.exporter,
        scheduledInput: async () => undefined,
        eventBridgeData: async () => (await h.exporter.config()).eventbridge.data,
      });
      expect(summary).toMatchObject({ messages: 1, delivered: 1, failed: 0 });
      const [record, ...rest] = await readAll(topic);
      expect(rest).toEqual([]);
      expect(JSON.parse(record!.value!.toString())).toEqual(expectedValue(event));
      expect(record!.key).toBeNull();
      expect(record!.timestamp).toBe(String(Date.parse('2026-12-01T10:00:00Z')));
      expect(record!.headers).toEqual({
        'eventbridge.source': 'com.example.apiary',
        'eventbridge.detail-type': 'Hive Inspected',
        'eventbridge.id': '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      });
    },
  );
});
