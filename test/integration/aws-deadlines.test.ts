import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createExporter, type Exporter } from '../../lib/exporter/index.ts';
import { createLogger } from '../../lib/observability/index.ts';
import { createSecretCache } from '../../lib/secrets/index.ts';
import { localContext } from '../../lib/triggers/deadline.ts';
import { handleHttpEvent } from '../../lib/triggers/http/handler.ts';
import { handleInvokeEvent } from '../../lib/triggers/invoke/handler.ts';
import { handleS3Event } from '../../lib/triggers/s3/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent } from '../events/load.ts';
import { sqsRecord } from '../events/sqs-record.ts';
import { awsClientConfig } from '../helpers/aws.ts';
import { type HungEndpoint, hungEndpoint } from '../helpers/hung-endpoint.ts';
import { createTopics, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';

/** The Lambda timeout each invocation gets; the reply must come before it (the deadline is 1.5 s earlier). */
const TIMEOUT_MS = 5000;

let endpoint: HungEndpoint | undefined;
let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.close();
  await endpoint?.close();
  exporter = undefined;
  endpoint = undefined;
});

const logger = createLogger({ write: () => {} });
const clientConfig = (url: string) => ({ ...awsClientConfig(), endpoint: url, maxAttempts: 1 });

/** An exporter whose config reads a secret from a Secrets Manager that accepts connections and never answers. */
async function exporterWithHungSecrets(): Promise<Exporter> {
  endpoint = await hungEndpoint('silent');
  const [topic] = await createTopics([uniqueTopic('hung-secrets')]);
  const yaml = `bootstrap_server: ${stack().bootstrap.plaintext}
topic: ${topic}
http:
  auth: api_key
  secret: "{{ aws_secret('ske/hung/${randomUUID()}') }}"
`;
  return createExporter({
    env: { SKE_CONFIG: yaml, SKE_METRICS: 'off' },
    secrets: createSecretCache({ client: new SecretsManagerClient(clientConfig(endpoint.url)) }),
    logger,
  });
}

/** Runs `invoke` and says how it ended and how long it took. */
async function timed<T>(invoke: () => Promise<T>) {
  const started = Date.now();
  const outcome = await invoke().then(
    (value) => ({ value, error: undefined }),
    (error: Error) => ({ value: undefined, error }),
  );
  return { ...outcome, ms: Date.now() - started };
}

describe('a Secrets Manager that never answers', () => {
  it('HTTP answers 503 with Retry-After before the Lambda timeout', async () => {
    exporter = await exporterWithHungSecrets();
    const settings = async () => {
      const config = await exporter!.config();
      return { http: config.http, topic: config.topic };
    };
    const event = loadEvent('apigw/rest-v1');
    const { value, ms } = await timed(() =>
      handleHttpEvent(event, localContext(TIMEOUT_MS), { exporter: exporter!, logger, settings }),
    );
    expect(value).toMatchObject({ statusCode: 503, headers: { 'retry-after': '5' } });
    expect(JSON.parse((value as { body: string }).body)).toEqual({
      error: 'temporarily unavailable; retry later',
    });
    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(endpoint!.connections()).toBeGreaterThan(0);
  });

  it('SQS fails the batch before the Lambda timeout, naming the secret call that timed out', async () => {
    exporter = await exporterWithHungSecrets();
    const event = { Records: [sqsRecord('m1', '{"data":1}')] };
    const { error, ms } = await timed(() =>
      handleSqsEvent(event, localContext(TIMEOUT_MS), { exporter: exporter!, logger }),
    );
    expect(error?.message).toMatch(
      /deadline exceeded: Secrets Manager GetSecretValue of secret "ske\/hung\/.*" did not answer/,
    );
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('invoke throws before the Lambda timeout, naming the secret call that timed out', async () => {
    exporter = await exporterWithHungSecrets();
    const { error, ms } = await timed(() =>
      handleInvokeEvent({ messages: [1] }, localContext(TIMEOUT_MS), {
        exporter: exporter!,
        scheduledInput: async () => undefined,
      }),
    );
    expect(error?.message).toContain('deadline exceeded: Secrets Manager GetSecretValue of secret');
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });
});

describe('an S3 that never answers', () => {
  async function s3Harness(mode: 'silent' | 'trickle') {
    endpoint = await hungEndpoint(mode);
    const [topic] = await createTopics([uniqueTopic('hung-s3')]);
    exporter = createExporter({
      env: {
        SKE_CONFIG: `bootstrap_server: ${stack().bootstrap.plaintext}\ntopic: ${topic}\n`,
        SKE_METRICS: 'off',
      },
      logger,
    });
    const s3 = new S3Client({ ...clientConfig(endpoint.url), forcePathStyle: true });
    const settings = async () => ({ batchSize: 100, deterministicKeys: false, maxRecordBytes: 1 << 20 });
    return { exporter, logger, s3: () => s3, settings };
  }
  const event = {
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'hung' }, object: { key: 'day.ndjson' } },
      },
    ],
  };

  it('GetObject: the invocation fails before the Lambda timeout, naming GetObject', async () => {
    const deps = await s3Harness('silent');
    const { error, ms } = await timed(() => handleS3Event(event, localContext(TIMEOUT_MS), deps));
    expect(error?.name).toBe('S3ExportError');
    expect(error?.message).toContain('deadline exceeded: S3 GetObject s3://hung/day.ndjson did not answer');
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('a body that trickles: the read is blamed, not Kafka, before the Lambda timeout', async () => {
    const deps = await s3Harness('trickle');
    const { error, ms } = await timed(() => handleS3Event(event, localContext(TIMEOUT_MS), deps));
    expect(error?.name).toBe('S3ExportError');
    expect(error?.message).toContain(
      'deadline exceeded: reading the body of s3://hung/day.ndjson did not answer',
    );
    expect(error?.message).not.toContain('Kafka');
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });
});
