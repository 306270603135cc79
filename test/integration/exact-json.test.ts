import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { keyPartition } from '../../lib/kafka/murmur2.ts';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { handleS3Event } from '../../lib/triggers/s3/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent } from '../events/load.ts';
import { sqsRecord } from '../events/sqs-record.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { context, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

let harness: TriggerHarness | undefined;
afterEach(async () => {
  await harness?.exporter.close();
  harness = undefined;
});

const PARTITIONS = 3;
const BIG_KEY = '12345678901234567890';

/** A message as a sender writes it: numbers no double holds, 1.0, 1e21, integer-like keys out of order, whitespace. */
const SENT = `{ "data" : {
  "id": 12345678901234567890, "long": 9223372036854775808, "neg": -9007199254740993,
  "one": 1.0, "big": 1e21, "order": { "b": 1, "10": 2, "2": 3, "a": 4 }, "text": "a  \\u00e9 \\"b\\""
}, "metadata": { "key": ${BIG_KEY} } }`;
/** What must land: the sender's text of data, insignificant whitespace removed and nothing else changed. */
const VALUE =
  '{"id":12345678901234567890,"long":9223372036854775808,"neg":-9007199254740993,"one":1.0,"big":1e21,"order":{"b":1,"10":2,"2":3,"a":4},"text":"a  \\u00e9 \\"b\\""}';
/** A message without data, whole: its key order and numbers too. */
const WHOLE_SENT = '{"b":1,"10":2.50,"2":-0.0,"a":[1E2, 12345678901234567890]}';
const WHOLE_VALUE = '{"b":1,"10":2.50,"2":-0.0,"a":[1E2,12345678901234567890]}';

async function setup() {
  const [topic] = await createTopics([uniqueTopic('exact-json')], PARTITIONS);
  harness = await triggerHarness(topic!);
  return { topic: topic!, h: harness };
}

/** What landed, in the order the trigger sent it (one message per partition key here). */
async function landed(topic: string) {
  const records = await readAll(topic);
  return records.map((r) => ({
    key: r.key?.toString() ?? null,
    value: r.value!.toString(),
    partition: r.partition,
  }));
}

function expectExact(records: Awaited<ReturnType<typeof landed>>) {
  expect(records).toHaveLength(2);
  const keyed = records.find((r) => r.key === BIG_KEY);
  // The key's own digits, so it hashes to the partition they pick (not ...7000's).
  expect(keyed).toEqual({ key: BIG_KEY, value: VALUE, partition: keyPartition(BIG_KEY, PARTITIONS) });
  expect(records.find((r) => r.key === null)?.value).toBe(WHOLE_VALUE);
}

describe('exact JSON, read back from the broker', () => {
  it('SQS: the body’s own text of data lands, big integers, 1.0, 1e21 and key order kept', async () => {
    const { topic, h } = await setup();
    const event = { Records: [sqsRecord('m1', SENT), sqsRecord('m2', `\uFEFF[${WHOLE_SENT}]`)] };
    const reply = await handleSqsEvent(event, context(), h);
    expect(reply.batchItemFailures).toEqual([]);
    expectExact(await landed(topic));
  });

  it('SQS via SNS: the notification’s message text lands as sent', async () => {
    const { topic, h } = await setup();
    const envelope = JSON.parse(
      loadEvent<{ Records: [{ body: string }] }>('sqs/sns-wrapped').Records[0].body,
    );
    const event = {
      Records: [
        sqsRecord('m1', JSON.stringify({ ...envelope, Message: SENT, MessageAttributes: {} })),
        sqsRecord('m2', JSON.stringify({ ...envelope, Message: WHOLE_SENT, MessageAttributes: {} })),
      ],
    };
    expect((await handleSqsEvent(event, context(), h)).batchItemFailures).toEqual([]);
    expectExact(await landed(topic));
  });

  it.each([
    ['a JSON array', 'application/json', `[ ${SENT} , ${WHOLE_SENT} ]`],
    ['{ records: [...] }', 'application/json', `{"records": [${SENT},${WHOLE_SENT}]}`],
    ['NDJSON', 'application/x-ndjson', `${SENT.replace(/\n/g, ' ')}\r\n${WHOLE_SENT}\n`],
  ])('HTTP (%s): each message’s own text lands', async (_, contentType, body) => {
    const { topic, h } = await setup();
    const request = loadEvent<{ body: string; headers: Record<string, string>; multiValueHeaders?: unknown }>(
      'apigw/rest-v1',
    );
    delete request.multiValueHeaders;
    request.headers['Content-Type'] = contentType;
    request.body = body;
    const reply = (await handleHttpEvent(request, context(), h)) as { statusCode: number; body: string };
    expect(reply.statusCode, reply.body).toBe(200);
    expectExact(await landed(topic));
  });

  it.each([
    ['NDJSON lines', 'day.ndjson', `${SENT.replace(/\n/g, ' ')}\n${WHOLE_SENT}\n`],
    ['JSON array elements', 'day.json', `[\n${SENT},\n  ${WHOLE_SENT}\n]`],
  ])('S3 (%s): each record’s own text lands', async (_, key, body) => {
    const { topic, h } = await setup();
    const bucket = `exact-${randomUUID().slice(0, 8)}`;
    await h.s3().send(new CreateBucketCommand({ Bucket: bucket }));
    await h.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const event = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: bucket }, object: { key } },
        },
      ],
    };
    await handleS3Event(event, context(), h);
    expectExact(await landed(topic));
  });
});
