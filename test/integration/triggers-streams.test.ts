import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { handleDynamodbEvent } from '../../lib/triggers/dynamodb/handler.ts';
import { handleKinesisEvent } from '../../lib/triggers/kinesis/handler.ts';
import { dynamodbClient, kinesisClient } from '../helpers/aws.ts';
import { createTopics, plainKafka, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { kplAggregate } from '../helpers/kpl.ts';
import {
  createKinesisStream,
  createStreamedTable,
  dynamodbEvents,
  kinesisEvents,
} from '../helpers/streams.ts';
import { context, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

/** The Kinesis handler's dependencies as functions/kinesis.ts builds them, from a harness. */
const kinesisDeps = (h: TriggerHarness) => ({
  exporter: h.exporter,
  logger: h.logger,
  settings: async () => (await h.exporter.config()).kinesis,
});

const kinesis = kinesisClient();
const dynamodb = dynamodbClient();
let harness: TriggerHarness | undefined;
afterEach(async () => {
  await harness?.exporter.close();
  harness = undefined;
});
afterAll(() => {
  kinesis.destroy();
  dynamodb.destroy();
});

const put = (stream: string, key: string, data: string | Uint8Array) =>
  kinesis.send(
    new PutRecordCommand({
      StreamName: stream,
      PartitionKey: key,
      Data: typeof data === 'string' ? Buffer.from(data) : data,
    }),
  );

/**
 * Raises the topic's max.message.bytes as an operator would, and waits until
 * the broker serves it: in KRaft, alterConfigs returns once the controller has
 * the change, and the broker applies it a moment later.
 */
async function raiseLimit(topic: string): Promise<void> {
  const value = '1048588';
  const admin = plainKafka().admin();
  await admin.connect();
  try {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name: topic, configEntries: [{ name: 'max.message.bytes', value }] }],
    });
    const started = Date.now();
    for (;;) {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic, configNames: ['max.message.bytes'] }],
      });
      if (resources[0]?.configEntries[0]?.configValue === value) break;
      if (Date.now() - started > 30_000)
        throw new Error(`${topic}: max.message.bytes still not ${value} after 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The broker's config view is published just before its logs take the new limit.
    await new Promise((r) => setTimeout(r, 1000));
  } finally {
    await admin.disconnect();
  }
}

async function topicWithLimit(maxMessageBytes: number): Promise<string> {
  const topic = uniqueTopic('kinesis-limit');
  const admin = plainKafka().admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      {
        topic,
        numPartitions: 1,
        configEntries: [{ name: 'max.message.bytes', value: String(maxMessageBytes) }],
      },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  return topic;
}

describe('Kinesis records put in the emulator, read from the stream as Lambda reads it', () => {
  it('land with their partition keys and stream, shard and sequence headers; KPL aggregates de-aggregated', async () => {
    const [topic] = await createTopics([uniqueTopic('kinesis')], 3);
    harness = await triggerHarness(topic!);
    const stream = `hives-${randomUUID().slice(0, 8)}`;
    const arn = await createKinesisStream(kinesis, stream);
    await put(stream, 'hive-1', '{"data":{"bees":23}}');
    await put(stream, 'hive-2', '[{"bees":1},{"bees":2}]');
    await put(stream, 'hive-3', 'hive 3 is quiet today');
    await put(
      stream,
      'kpl',
      kplAggregate([
        { partitionKey: 'hive-4', data: '{"bees":4}' },
        { partitionKey: 'hive-5', data: 'buzz' },
      ]),
    );
    const [event] = await kinesisEvents(kinesis, stream, arn);
    expect(event!.Records).toHaveLength(4);
    expect(await handleKinesisEvent(event, context(), kinesisDeps(harness))).toEqual({
      batchItemFailures: [],
    });

    const landed = await readAll(topic!);
    const view = landed.map((r) => [r.key?.toString(), r.value?.toString()]);
    expect(view.sort()).toEqual(
      [
        ['hive-1', '{"bees":23}'],
        ['hive-2', '{"bees":1}'],
        ['hive-2', '{"bees":2}'],
        ['hive-3', '"hive 3 is quiet today"'],
        ['hive-4', '{"bees":4}'],
        ['hive-5', '"buzz"'],
      ].sort(),
    );
    const first = event!.Records[0]!;
    expect(landed.find((r) => r.key?.toString() === 'hive-1')!.headers).toEqual({
      'kinesis.stream': stream,
      'kinesis.shard': first.eventID.split(':')[0],
      'kinesis.sequence_number': first.kinesis.sequenceNumber,
    });
    expect(landed.find((r) => r.key?.toString() === 'hive-5')!.headers['kinesis.sub_sequence_number']).toBe(
      '1',
    );
  });

  it("carry the sender's exact JSON: big integers, 1.0, key order and escapes land as written, in arrays and KPL aggregates too", async () => {
    const [topic] = await createTopics([uniqueTopic('kinesis-exact')]);
    harness = await triggerHarness(topic!);
    const stream = `exact-${randomUUID().slice(0, 8)}`;
    const arn = await createKinesisStream(kinesis, stream);
    await put(stream, 'hive-1', '{"data":{"id":12345678901234567890}}');
    await put(stream, 'hive-2', '[ {"z":1.0, "a":"\\u00e9"} , 98765432109876543210 ]');
    await put(
      stream,
      'kpl',
      kplAggregate([
        { partitionKey: 'hive-3', data: '{"data":{"weight":0.1000000000000000055511151231257827}}' },
      ]),
    );
    const [event] = await kinesisEvents(kinesis, stream, arn);
    expect(await handleKinesisEvent(event, context(), kinesisDeps(harness))).toEqual({
      batchItemFailures: [],
    });
    const landed = (await readAll(topic!)).map((r) => r.value?.toString());
    // One partition: the shard's order.
    expect(landed).toEqual([
      '{"id":12345678901234567890}',
      '{"z":1.0,"a":"\\u00e9"}',
      '98765432109876543210',
      '{"weight":0.1000000000000000055511151231257827}',
    ]);
  });

  it('a failure mid-shard reports exactly that record and the rest of the shard; earlier ones land once, later ones are not sent; the retry delivers the rest once, in order', async () => {
    const topic = await topicWithLimit(4096);
    harness = await triggerHarness(topic);
    const stream = `order-${randomUUID().slice(0, 8)}`;
    const arn = await createKinesisStream(kinesis, stream);
    for (let i = 0; i < 8; i++)
      await put(stream, `hive-${i % 3}`, JSON.stringify({ i, pad: i === 4 ? 'x'.repeat(10_000) : '' }));
    const [event] = await kinesisEvents(kinesis, stream, arn);
    const sequence = event!.Records.map((r) => r.kinesis.sequenceNumber);

    const reply = await handleKinesisEvent(event, context(), kinesisDeps(harness));
    expect(reply.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(sequence.slice(4));
    const order = async () => (await readAll(topic)).map((r) => JSON.parse(r.value!.toString()).i);
    expect(await order()).toEqual([0, 1, 2, 3]);

    // The operator raises the limit; Lambda retries the shard from the lowest failed sequence number.
    await raiseLimit(topic);
    const retry = { Records: event!.Records.filter((r) => sequence.indexOf(r.kinesis.sequenceNumber) >= 4) };
    expect(await handleKinesisEvent(retry, context(), kinesisDeps(harness))).toEqual({
      batchItemFailures: [],
    });
    expect(await order()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('Kinesis with ordering: key, against the real broker', () => {
  it('a failure mid-shard stops its key; the records before it land once, each key in order, the retry replaying from the failure', async () => {
    const topic = await topicWithLimit(4096);
    harness = await triggerHarness(topic, 'kinesis:\n  ordering: key\n');
    const stream = `keys-${randomUUID().slice(0, 8)}`;
    const arn = await createKinesisStream(kinesis, stream);
    for (let i = 0; i < 9; i++)
      await put(stream, `hive-${i % 3}`, JSON.stringify({ i, pad: i === 4 ? 'x'.repeat(10_000) : '' }));
    const [event] = await kinesisEvents(kinesis, stream, arn);
    const sequence = event!.Records.map((r) => r.kinesis.sequenceNumber);

    const reply = await handleKinesisEvent(event, context(), kinesisDeps(harness));
    expect(reply.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(sequence.slice(4));
    const landed = async () =>
      (await readAll(topic)).map((r) => ({
        key: r.key!.toString(),
        i: JSON.parse(r.value!.toString()).i as number,
      }));
    const first = await landed();
    // hive-1 stopped at its failed record 4: its record 7 was never sent.
    expect(first.filter((r) => r.key === 'hive-1').map((r) => r.i)).toEqual([1]);
    expect(
      first
        .filter((r) => r.i < 4)
        .map((r) => r.i)
        .sort(),
    ).toEqual([0, 1, 2, 3]);

    await raiseLimit(topic);
    const retry = { Records: event!.Records.slice(4) };
    expect(await handleKinesisEvent(retry, context(), kinesisDeps(harness))).toEqual({
      batchItemFailures: [],
    });
    const all = await landed();
    // Before the failure: exactly once. After it: at least once.
    expect(
      all
        .filter((r) => r.i < 4)
        .map((r) => r.i)
        .sort(),
    ).toEqual([0, 1, 2, 3]);
    expect([...new Set(all.map((r) => r.i))].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Per key: what the first attempt sent is the key's records in order, then the retry replays the
    // key's records from the failed one on, in order (records of other keys may go out twice).
    for (const [k, key] of ['hive-0', 'hive-1', 'hive-2'].entries()) {
      const records = [k, k + 3, k + 6];
      const order = all.filter((r) => r.key === key).map((r) => r.i);
      const replay = records.filter((i) => i >= 4);
      expect(order.slice(order.length - replay.length)).toEqual(replay);
      const firstAttempt = order.slice(0, order.length - replay.length);
      expect(firstAttempt).toEqual(records.slice(0, firstAttempt.length));
    }
  });
});

describe('DynamoDB items put in the emulator, read with the dynamodbstreams API as Lambda reads them', () => {
  it('land as {eventName, keys, newImage, oldImage} with N values exactly as written, keyed by the item key, in order', async () => {
    const [topic] = await createTopics([uniqueTopic('dynamodb')], 3);
    harness = await triggerHarness(topic!);
    const deps = { ...harness, settings: async () => (await harness!.exporter.config()).dynamodb };
    const table = `hives-${randomUUID().slice(0, 8)}`;
    const streamArn = await createStreamedTable(dynamodb, table);
    const Key = { pk: { S: 'hive#7' }, sk: { N: '1' } };
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          ...Key,
          count: { N: '12345678901234567890' },
          weight: { N: '0.1000000000000000055511151231257827' },
          tags: { SS: ['calm', 'sunny'] },
          queens: { NS: ['1', '2'] },
          photo: { B: Buffer.from('hive 7') },
          location: { M: { lat: { N: '51.5074' } } },
          frames: { L: [{ N: '10' }, { BOOL: true }, { NULL: true }] },
        },
      }),
    );
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key,
        UpdateExpression: 'SET #c = :c',
        ExpressionAttributeNames: { '#c': 'count' },
        ExpressionAttributeValues: { ':c': { N: '12345678901234567891' } },
      }),
    );
    await dynamodb.send(new DeleteItemCommand({ TableName: table, Key }));

    const events = await dynamodbEvents(streamArn);
    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    for (const event of events)
      expect(await handleDynamodbEvent(event, context(), deps)).toEqual({ batchItemFailures: [] });

    const landed = await readAll(topic!);
    expect(landed.map((r) => r.key?.toString())).toEqual(Array(3).fill('{"pk":"hive#7","sk":1}'));
    const values = landed.map((r) => r.value!.toString());
    expect(values[0]).toContain('"count":12345678901234567890');
    expect(values[0]).toContain('"weight":0.1000000000000000055511151231257827');
    expect(values[1]).toContain('"newImage":{');
    expect(values[1]).toMatch(
      /"newImage":\{[\s\S]*"count":12345678901234567891[\s\S]*"oldImage":\{[\s\S]*"count":12345678901234567890/,
    );
    const insert = JSON.parse(values[0]!);
    expect(insert).toMatchObject({
      eventName: 'INSERT',
      keys: { pk: 'hive#7', sk: 1 },
      newImage: {
        tags: ['calm', 'sunny'],
        queens: [1, 2],
        photo: Buffer.from('hive 7').toString('base64'),
        location: { lat: 51.5074 },
        frames: [10, true, null],
      },
    });
    expect(insert).not.toHaveProperty('oldImage');
    expect(JSON.parse(values[2]!)).toMatchObject({ eventName: 'REMOVE', oldImage: { pk: 'hive#7' } });
    expect(landed[2]!.headers).toMatchObject({ 'dynamodb.table': table, 'dynamodb.event_name': 'REMOVE' });
  });
});
