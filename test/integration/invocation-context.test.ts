import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions } from '../../infra/build/bundle.ts';
import { ROOT } from '../../infra/stack/layout.ts';
import { loadEvent } from '../events/load.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';

const run = promisify(execFile);
type Line = Record<string, unknown>;

const XRAY_ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const XRAY = `Root=${XRAY_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
const FROM_XRAY = '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01';
const CALLER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const SENDER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
const QUEUED = 'Root=1-6e1a2b3c-4d5e6f708192a3b4c5d6e7f8;Parent=1234567890abcdef;Sampled=0';
const FROM_QUEUED = '00-6e1a2b3c4d5e6f708192a3b4c5d6e7f8-1234567890abcdef-00';

let topic: string;
/** Folder per bundle and config, as Lambda unpacks a zip: index.mjs, its chunks and exporter.yaml. */
let dirs: Record<'http' | 'sqs' | 'httpUntraced' | 'kinesis' | 'dynamodb', string>;

/** Runs a function bundle in a fresh node process as Lambda would, under Lambda's JSON log format. */
async function invoke(dir: string, event: unknown, requestId: string) {
  const eventFile = join(mkdtempSync(join(tmpdir(), 'ske-event-')), 'event.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'test', 'helpers', 'invoke-bundle.mjs'), dir, eventFile],
    {
      env: {
        PATH: process.env.PATH,
        KAFKA_BOOTSTRAP: stack().bootstrap.plaintext,
        SKE_CONFIG_FILE: 'exporter.yaml',
        AWS_LAMBDA_LOG_FORMAT: 'JSON',
        // Debug, so KafkaJS's own lines are written too and must carry the invocation's fields.
        LOG_LEVEL: 'debug',
        KAFKAJS_LOG_LEVEL: 'debug',
        POWERTOOLS_SERVICE_NAME: 'bees',
        AWS_LAMBDA_FUNCTION_NAME: 'serverless-kafka-exporter-test',
        _X_AMZN_TRACE_ID: XRAY,
        SKE_TEST_CONTEXT: JSON.stringify({
          awsRequestId: requestId,
          functionName: 'serverless-kafka-exporter-test',
          invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:serverless-kafka-exporter-test',
          memoryLimitInMB: '512',
        }),
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
  const result = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  if (!result) throw new Error(`no result:\n${stdout.slice(-2000)}`);
  return {
    lines: lines.map((l) => JSON.parse(l) as Line),
    reply: JSON.parse(result.slice('@@RESULT '.length)),
  };
}

const headersOf = (value: string) => async () => {
  const record = (await readAll(topic)).find((r) => r.value?.toString() === value);
  expect(record, `record ${value}`).toBeDefined();
  return Object.fromEntries(Object.entries(record!.headers).map(([k, v]) => [k, String(v)]));
};

beforeAll(async () => {
  [topic] = (await createTopics([uniqueTopic('trace')], 1)) as [string];
  const bundles = Object.fromEntries((await bundleFunctions()).map((b) => [b.name, b]));
  const config = (extra = '') =>
    `bootstrap_server: "{{ env_var('KAFKA_BOOTSTRAP') }}"\ntopic: ${topic}\nhttp:\n  auth: none\n${extra}`;
  const unpack = (name: string, yaml: string) => {
    const dir = mkdtempSync(join(tmpdir(), `ske-${name}-`));
    mkdirSync(dir, { recursive: true });
    copyFileSync(bundles[name]!.file, join(dir, 'index.mjs'));
    // index.mjs imports the chunks it shares with the on-demand ones.
    for (const chunk of bundles[name]!.chunks) {
      mkdirSync(join(dir, 'chunks'), { recursive: true });
      copyFileSync(chunk.file, join(dir, chunk.name));
    }
    writeFileSync(join(dir, 'exporter.yaml'), yaml);
    return dir;
  };
  dirs = {
    http: unpack('http', config()),
    sqs: unpack('sqs', config()),
    httpUntraced: unpack('http', config('trace_context: false\n')),
    kinesis: unpack('kinesis', config()),
    dynamodb: unpack('dynamodb', config()),
  };
}, 120_000);

function httpEvent(value: string, headers: Record<string, string>) {
  const event = loadEvent<{ headers: Record<string, string>; body: string; isBase64Encoded: boolean }>(
    'apigw/http-v2',
  );
  Object.assign(event.headers, headers);
  event.body = JSON.stringify({ data: value });
  event.isBase64Encoded = false;
  return event;
}

describe('every log line of an invocation', () => {
  it('carries the request id and the Powertools fields, KafkaJS lines and the metrics line included', async () => {
    const requestId = randomUUID();
    const value = `logged-${requestId}`;
    const { lines, reply } = await invoke(dirs.http, httpEvent(value, {}), requestId);
    expect(reply.result.statusCode).toBe(200);
    const messages = lines.filter((l) => !('_aws' in l)).map((l) => l.message);
    expect(messages).toContain('export finished');
    expect(lines.some((l) => l.source === 'kafkajs')).toBe(true);
    expect(lines.some((l) => '_aws' in l)).toBe(true);
    console.log(`[invocation] ${lines.length} lines, all checked`);
    for (const line of lines) {
      expect(line).toMatchObject({
        function_request_id: requestId,
        requestId,
        function_name: 'serverless-kafka-exporter-test',
        function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:serverless-kafka-exporter-test',
        function_memory_size: 512,
        cold_start: true,
        xray_trace_id: XRAY_ROOT,
        service: 'bees',
      });
      if ('_aws' in line)
        expect(line).toMatchObject({ Function: 'serverless-kafka-exporter-test', Trigger: 'http' });
      else
        expect(line).toMatchObject({
          trigger: 'http',
          level: expect.stringMatching(/^(DEBUG|INFO|WARN|ERROR)$/),
          message: expect.any(String),
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        });
    }
  });
});

describe('traceparent on the records', () => {
  it("is the HTTP request's traceparent and tracestate", async () => {
    const value = `http-${randomUUID()}`;
    const { reply } = await invoke(
      dirs.http,
      httpEvent(value, { traceparent: CALLER, tracestate: 'congo=t61rcWkgMzE' }),
      randomUUID(),
    );
    expect(reply.result.statusCode).toBe(200);
    expect(await headersOf(JSON.stringify(value))()).toMatchObject({
      traceparent: CALLER,
      tracestate: 'congo=t61rcWkgMzE',
    });
  });

  it("is the invocation's X-Ray trace for a request that has none", async () => {
    const value = `http-xray-${randomUUID()}`;
    await invoke(dirs.http, httpEvent(value, {}), randomUUID());
    expect((await headersOf(JSON.stringify(value))()).traceparent).toBe(FROM_XRAY);
  });

  it("is an SQS message's traceparent attribute, else its AWSTraceHeader, else the invocation's trace", async () => {
    const event = loadEvent<{ Records: Array<Record<string, unknown>> }>('sqs/standard');
    const [template] = event.Records as [Record<string, unknown>];
    const values = ['attribute', 'aws-trace-header', 'invocation'].map((v) => `sqs-${v}-${randomUUID()}`);
    const record = (
      i: number,
      attributes: Record<string, unknown>,
      messageAttributes: Record<string, unknown>,
    ) => ({
      ...template,
      messageId: randomUUID(),
      body: JSON.stringify({ data: values[i] }),
      attributes: { ...(template.attributes as object), ...attributes },
      messageAttributes,
    });
    event.Records = [
      record(0, { AWSTraceHeader: QUEUED }, { traceparent: { dataType: 'String', stringValue: SENDER } }),
      record(1, { AWSTraceHeader: QUEUED }, {}),
      record(2, {}, {}),
    ];
    const { reply } = await invoke(dirs.sqs, event, randomUUID());
    expect(reply.result).toEqual({ batchItemFailures: [] });
    const [attribute, header, invocation] = await Promise.all(
      values.map((v) => headersOf(JSON.stringify(v))()),
    );
    expect(attribute!.traceparent).toBe(SENDER);
    expect(header!.traceparent).toBe(FROM_QUEUED);
    expect(invocation!.traceparent).toBe(FROM_XRAY);
  });

  it.each(['kinesis', 'dynamodb'] as const)(
    "is the invocation's X-Ray trace on the %s function's records, whose every log line carries the request id",
    async (trigger) => {
      const requestId = randomUUID();
      const event = loadEvent<{ Records: Array<{ kinesis?: { data: string } }> }>(
        trigger === 'kinesis' ? 'kinesis/records' : 'dynamodb/insert-modify-remove',
      );
      const value = `${trigger}-${requestId}`;
      if (trigger === 'kinesis')
        event.Records = [
          {
            ...event.Records[0]!,
            kinesis: {
              ...event.Records[0]!.kinesis!,
              data: Buffer.from(JSON.stringify({ data: value })).toString('base64'),
            },
          },
        ];
      const { lines, reply } = await invoke(dirs[trigger], event, requestId);
      expect(reply.result).toEqual({ batchItemFailures: [] });
      expect(lines.filter((l) => !('_aws' in l)).map((l) => l.message)).toContain('export finished');
      for (const line of lines)
        expect(line).toMatchObject({ function_request_id: requestId, cold_start: true });
      const landed = await readAll(topic);
      const records =
        trigger === 'kinesis'
          ? landed.filter((r) => r.value?.toString() === JSON.stringify(value))
          : landed.filter((r) => r.headers['dynamodb.table'] !== undefined);
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) expect(String(r.headers.traceparent)).toBe(FROM_XRAY);
    },
  );

  it('is left out with trace_context: false', async () => {
    const value = `untraced-${randomUUID()}`;
    const { reply } = await invoke(
      dirs.httpUntraced,
      httpEvent(value, { traceparent: CALLER }),
      randomUUID(),
    );
    expect(reply.result.statusCode).toBe(200);
    const headers = await headersOf(JSON.stringify(value))();
    expect(headers).not.toHaveProperty('traceparent');
    expect(headers).not.toHaveProperty('tracestate');
  });
});
