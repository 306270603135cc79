import { afterEach, describe, expect, it } from 'vitest';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent } from '../events/load.ts';
import { sqsRecord } from '../events/sqs-record.ts';
import { createTopics, plainKafka, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { context, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

let harness: TriggerHarness | undefined;
afterEach(async () => {
  await harness?.exporter.close();
  harness = undefined;
});

async function topicWithLimit(maxBytes: number): Promise<string> {
  const topic = uniqueTopic('dlt-src');
  const admin = plainKafka().admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: String(maxBytes) }] },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  return topic;
}

describe('dead_letter_topic', () => {
  it('keeps a record the broker refuses and a message that is not valid, so the SQS batch needs no retry', async () => {
    const topic = await topicWithLimit(4096);
    const [dlt] = await createTopics([uniqueTopic('dlt')]);
    harness = await triggerHarness(topic, `dead_letter_topic: ${dlt}\n`);
    const event = {
      Records: [
        ...Array.from({ length: 8 }, (_, i) => sqsRecord(`ok-${i}`, JSON.stringify({ data: { i } }))),
        sqsRecord(
          'too-large',
          JSON.stringify({ data: { pad: 'x'.repeat(100_000) }, metadata: { key: 'big' } }),
        ),
        sqsRecord('bad-key', JSON.stringify({ data: 1, metadata: { key: { not: 'a key' } } })),
      ],
    };
    expect(await handleSqsEvent(event, context(), harness)).toEqual({ batchItemFailures: [] });
    expect((await readAll(topic)).map((r) => JSON.parse(r.value!.toString()).i).sort()).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);

    const letters = await readAll(dlt!);
    expect(letters).toHaveLength(2);
    const byCode = new Map(letters.map((r) => [r.headers['ske.error.code'], r]));
    const large = JSON.parse(byCode.get('MESSAGE_TOO_LARGE')!.value!.toString());
    expect(large.error).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    expect(large.original).toMatchObject({ topic, key: 'big', truncated: true });
    expect(large.original.value.length).toBe(64 * 1024);
    expect(byCode.get('MESSAGE_TOO_LARGE')!.key!.toString()).toBe('big');
    const invalid = JSON.parse(byCode.get('MessageError')!.value!.toString());
    expect(invalid.error.message).toBe('metadata.key: expected a string or number; got object');
    expect(JSON.parse(invalid.original.message)).toEqual({ data: 1, metadata: { key: { not: 'a key' } } });
  });

  it('tells an HTTP caller which messages went to the dead-letter topic (207)', async () => {
    const [topic, dlt] = await createTopics([uniqueTopic('dlt-http'), uniqueTopic('dlt')]);
    harness = await triggerHarness(topic!, `dead_letter_topic: ${dlt}\n`);
    const request = loadEvent<{ body: string; multiValueHeaders?: unknown }>('apigw/rest-v1');
    delete request.multiValueHeaders;
    request.body = JSON.stringify([{ data: 1 }, { data: 2, metadata: { time: 'yesterday' } }]);
    const reply = (await handleHttpEvent(request, context(), harness)) as {
      statusCode: number;
      body: string;
    };
    expect(reply.statusCode).toBe(207);
    const body = JSON.parse(reply.body);
    expect(body).toMatchObject({ delivered: 1, deadLettered: 1, failed: 0 });
    expect(body.results[1]).toMatchObject({ topic: dlt, deadLettered: true, error: 'INVALID_MESSAGE' });
    expect(await readAll(dlt!)).toHaveLength(1);
  });

  it('keeps the messages for a topic that does not exist too (KafkaJS gave up: not retriable)', async () => {
    const [dlt] = await createTopics([uniqueTopic('dlt')]);
    harness = await triggerHarness(uniqueTopic('missing'), `dead_letter_topic: ${dlt}\n`);
    const reply = await handleSqsEvent({ Records: [sqsRecord('m1', '"x"')] }, context(8000), harness);
    expect(reply.batchItemFailures).toEqual([]);
    const [letter] = await readAll(dlt!);
    expect(letter!.headers['ske.error.code']).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });
});
