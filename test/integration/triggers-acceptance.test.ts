import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../lib/triggers/http/auth.ts';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent } from '../events/load.ts';
import { functionNodeOptions } from '../helpers/function-node-options.ts';
import { createTopics, plainKafka, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { context, FIXTURE_API_KEY, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

const run = promisify(execFile);
let harness: TriggerHarness | undefined;
afterEach(async () => {
  await harness?.exporter.close();
  harness = undefined;
});

type SqsEvent = { Records: Array<{ messageId: string; body: string }> };

describe('SQS partial failure', () => {
  it('a batch of 10 where one record is over the broker limit: exactly that record fails, the 9 others land once', async () => {
    const topic = uniqueTopic('max-size');
    const admin = plainKafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: '4096' }] }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    harness = await triggerHarness(topic);
    const event = loadEvent<SqsEvent>('sqs/standard');
    const template = event.Records[1]!;
    event.Records = Array.from({ length: 10 }, (_, i) => ({
      ...structuredClone(template),
      messageId: `msg-${i}`,
      body: JSON.stringify({ data: { i, pad: i === 6 ? 'x'.repeat(10_000) : '' } }),
    }));
    const reply = await handleSqsEvent(event, context(), harness);
    expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-6' }] });
    const landed = (await readAll(topic)).map((r) => JSON.parse(r.value!.toString()).i).sort((a, b) => a - b);
    expect(landed).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9]);
  });
});

describe('S3 at scale', () => {
  it('exports a 50 MB gzip NDJSON object completely while RSS grows by less than 100 MB', async () => {
    const [topic] = await createTopics([uniqueTopic('s3-big')], 3);
    const bucket = `big-${randomUUID().slice(0, 8)}`;
    const key = 'exports/big file.ndjson.gz';
    // ~50 MB *compressed* (~110 MB of NDJSON), made in another process so it does not inflate our RSS.
    const lines = 480_000;
    const script = 'test/helpers/put-big-ndjson.ts';
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, bucket, key, String(lines)]);
    const size = Number(stdout.trim());
    console.log(`[s3 50 MB] object is ${(size / 1024 / 1024).toFixed(1)} MB gzip`);
    expect(size).toBeGreaterThan(50 * 1024 * 1024);

    // Measured in a process of its own, started like the deployed function (NODE_OPTIONS from serverless.yml).
    const { stdout: measured } = await run(
      process.execPath,
      [...functionNodeOptions(), '--import', 'tsx', 'test/helpers/measure-s3-export.ts', topic!, bucket, key],
      { maxBuffer: 16 * 1024 * 1024, timeout: 280_000 },
    );
    const { reply, rssGrowthMb, peakRssMb, ms } = JSON.parse(measured.trim().split('\n').at(-1)!);
    console.log(
      `[s3 50 MB] ${lines} messages in ${ms} ms; RSS growth ${rssGrowthMb} MB (peak ${peakRssMb} MB)`,
    );
    expect(reply).toMatchObject({ objects: [{ bucket, key, messages: lines, delivered: lines, failed: 0 }] });
    expect(rssGrowthMb).toBeLessThan(100);

    const admin = plainKafka().admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic!);
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(lines);
  }, 300_000);
});

describe('hostile and malformed HTTP requests', () => {
  type Event = {
    body: string | null;
    isBase64Encoded: boolean;
    headers: Record<string, string>;
    multiValueHeaders?: Record<string, string[]>;
  };
  const base = (): Event => {
    const event = loadEvent<Event>('apigw/rest-v1');
    // multiValueHeaders duplicate headers in REST events: keep one source of truth for the test.
    delete event.multiValueHeaders;
    return event;
  };
  const gz = (text: string | Buffer) => gzipSync(text).toString('base64');
  const bomb = gzipSync(Buffer.alloc(60 * 1024 * 1024)).toString('base64');

  const body = (value: string | null) => (e: Event) => {
    e.body = value;
  };
  const header = (name: string, value: string) => (e: Event) => {
    e.headers[name] = value;
  };
  const cases: Array<[string, (e: Event) => void, number]> = [
    ['bad JSON', body('{"data": '), 400],
    ['an empty body', body(''), 400],
    ['no body at all', body(null), 400],
    ['an unsupported content type', header('Content-Type', 'application/xml'), 415],
    ['an unsupported content encoding', header('Content-Encoding', 'br'), 415],
    [
      'invalid base64',
      (e) => {
        e.isBase64Encoded = true;
        e.body = '@@@not base64@@@';
      },
      400,
    ],
    [
      'a gzip bomb (60 MB of zeros)',
      (e) => {
        e.isBase64Encoded = true;
        e.body = bomb;
        e.headers['Content-Encoding'] = 'gzip';
      },
      413,
    ],
    [
      'a corrupt gzip body',
      (e) => {
        e.isBase64Encoded = true;
        e.body = Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]).toString('base64');
        e.headers['Content-Encoding'] = 'gzip';
      },
      400,
    ],
    ['a body over the size limit', body(JSON.stringify({ data: 'x'.repeat(2 * 1024 * 1024) })), 413],
    [
      'a gzip body that inflates over the limit',
      (e) => {
        e.isBase64Encoded = true;
        e.body = gz(JSON.stringify({ data: 'x'.repeat(3 * 1024 * 1024) }));
        e.headers['Content-Encoding'] = 'gzip';
      },
      413,
    ],
    ['too many messages', body(JSON.stringify(Array.from({ length: 1001 }, (_, i) => i))), 413],
    [
      'invalid UTF-8',
      (e) => {
        e.isBase64Encoded = true;
        e.body = Buffer.from([0x22, 0xff, 0xfe, 0x22]).toString('base64');
      },
      400,
    ],
    [
      'an NDJSON body with a bad line',
      (e) => {
        e.headers['Content-Type'] = 'application/x-ndjson';
        e.body = '{"data":1}\n{oops}\n';
      },
      400,
    ],
    ['records that is not a list', body('{"records": {"data": 1}}'), 400],
    ['JSON nested 5000 levels deep', body(`${'['.repeat(5000)}${']'.repeat(5000)}`), 400],
    ['no API key', (e) => void delete e.headers['X-Api-Key'], 401],
    ['a wrong API key', header('X-Api-Key', 'wrong-key'), 403],
    [
      'an API key that differs only in its last character',
      header('X-Api-Key', `${FIXTURE_API_KEY.slice(0, -1)}X`),
      403,
    ],
    ['an HMAC signature where an API key is expected', header('X-Api-Key', signBody('k', '1', 'b')), 403],
    ['a dest_topic outside the allow-list', body('{"data":1,"metadata":{"dest_topic":"secrets"}}'), 403],
    [
      'one allowed and one forbidden dest_topic (all or nothing)',
      body('[{"data":1},{"data":2,"metadata":{"dest_topic":"admin-events"}}]'),
      403,
    ],
    [
      'not an HTTP event at all',
      (e) => void Object.assign(e, { httpMethod: 42, requestContext: 'nope' }),
      400,
    ],
  ];

  it(`answers each of ${cases.length} bad requests with its status, and produces nothing`, async () => {
    const [topic] = await createTopics([uniqueTopic('hostile')]);
    harness = await triggerHarness(topic!);
    const seen: string[] = [];
    for (const [name, mutate, status] of cases) {
      const event = base();
      mutate(event);
      const reply = (await handleHttpEvent(event, context(), harness)) as {
        statusCode: number;
        body: string;
      };
      seen.push(`${name}: ${reply.statusCode}`);
      expect.soft(reply.statusCode, name).toBe(status);
      const body = JSON.parse(reply.body) as { error?: string };
      expect.soft(typeof body.error, `${name} says why`).toBe('string');
    }
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(await readAll(topic!)).toEqual([]);
  }, 60_000);
});
