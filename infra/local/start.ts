/**
 * `npm start`: the whole product on this machine. Brings the local stack up,
 * runs every trigger's handler on sample events (SQS standard and FIFO, S3
 * objects of each format, an HTTP request, a direct invocation, an EventBridge
 * event, Kinesis records and a KPL aggregate, DynamoDB stream records), prints what
 * landed in Kafka, then serves the HTTP function on localhost for curl until
 * Ctrl-C. `--once` stops after the table (used by the tests).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { Kafka, logLevel } from 'kafkajs';
import { localContext } from '../../lib/triggers/deadline.ts';
import { loadHandler, replySucceeded } from '../../lib/triggers/registry.ts';
import { ROOT, stackLayout } from '../stack/layout.ts';
import { down, status, up } from '../stack/stack.ts';
import { createTopicsWhenReady } from '../stack/topics.ts';
import { startLocalHttp } from './http-adapter.ts';
import { SAMPLE_OBJECTS, s3Notification, sampleEvent, sampleObject } from './samples.ts';
import { printRecords } from './table.ts';
import { endOffsets, type LandedRecord, type PartitionOffsets, readTopic } from './topic-reader.ts';

const TOPICS = [
  { topic: 'events', numPartitions: 3 },
  { topic: 'orders-priority', numPartitions: 1 },
];
const BUCKET = 'ske-local-landing';
const once = process.argv.includes('--once');
const port = Number(process.env.PORT ?? 3000);

function localApiKey(stateDir: string): string {
  const file = join(stateDir, 'local-api-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function putSecret(client: SecretsManagerClient, name: string, value: object): Promise<void> {
  const SecretString = JSON.stringify(value);
  await client.send(new CreateSecretCommand({ Name: name, SecretString })).catch(async (err: Error) => {
    if (err.name !== 'ResourceExistsException') throw err;
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
  });
}

/** A `ske tail` line that works as printed: the CLI needs the same environment as the functions. */
function tailHint(info: Awaited<ReturnType<typeof up>>): string {
  const env = [
    `KAFKA_BOOTSTRAP=${info.bootstrap.plaintext}`,
    `AWS_ENDPOINT_URL=${info.aws.endpoint}`,
    `AWS_REGION=${info.aws.region}`,
    `AWS_ACCESS_KEY_ID=${info.aws.accessKeyId}`,
    `AWS_SECRET_ACCESS_KEY=${info.aws.secretAccessKey}`,
  ];
  return `${env.join(' ')} \\\n    npx ske tail events --from-beginning --max 5`;
}

async function main(): Promise<void> {
  // The functions' JSON logs and metric lines would bury the summary: warnings only, no metrics.
  process.env.LOG_LEVEL ??= 'warn';
  process.env.SKE_METRICS ??= 'off';
  const layout = stackLayout();
  const wasRunning = Object.values(status(layout)).every((pid) => pid !== undefined);
  console.log('Starting the local stack (Kafka, OAuth server, AWS emulator)...');
  const info = await up(layout);
  const apiKey = localApiKey(layout.stateDir);

  // The functions read their settings from the environment, as in Lambda.
  Object.assign(process.env, {
    KAFKA_BOOTSTRAP: info.bootstrap.plaintext,
    SKE_CONFIG_FILE: process.env.SKE_CONFIG_FILE ?? join(ROOT, 'exporter.yaml'),
    AWS_ENDPOINT_URL: info.aws.endpoint,
    AWS_REGION: info.aws.region,
    AWS_ACCESS_KEY_ID: info.aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: info.aws.secretAccessKey,
  });
  const aws = { endpoint: info.aws.endpoint, region: info.aws.region };
  await putSecret(new SecretsManagerClient(aws), 'serverless-kafka-exporter/http', { api_key: apiKey });

  const kafka = new Kafka({ brokers: [info.bootstrap.plaintext], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWhenReady(admin, TOPICS);
  await admin.disconnect();
  const before = new Map<string, PartitionOffsets>();
  for (const { topic } of TOPICS) before.set(topic, await endOffsets(kafka, topic));

  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => {});
  for (const o of SAMPLE_OBJECTS) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: o.key, Body: sampleObject(o.file) }));
  }

  const http = sampleEvent('apigw/rest-v1') as {
    headers: Record<string, string>;
    multiValueHeaders?: unknown;
  };
  http.headers['X-Api-Key'] = apiKey;
  delete http.multiValueHeaders;
  const runs: Array<[string, string, unknown]> = [
    ['sqs', 'SQS standard queue (test/events/sqs/standard.json)', sampleEvent('sqs/standard')],
    ['sqs', 'SQS FIFO queue (test/events/sqs/fifo.json)', sampleEvent('sqs/fifo')],
    [
      's3',
      `S3 objects in s3://${BUCKET}/incoming/ (NDJSON, gzip, CSV, JSON, text)`,
      s3Notification(
        BUCKET,
        SAMPLE_OBJECTS.map((o) => o.key),
      ),
    ],
    ['http', 'HTTP POST /events (test/events/apigw/rest-v1.json)', http],
    [
      'invoke',
      'direct invocation { messages } (test/events/invoke/messages.json)',
      sampleEvent('invoke/messages'),
    ],
    [
      'invoke',
      'EventBridge rule event (test/events/eventbridge/custom-event.json)',
      sampleEvent('eventbridge/custom-event'),
    ],
    ['kinesis', 'Kinesis records (test/events/kinesis/records.json)', sampleEvent('kinesis/records')],
    [
      'kinesis',
      'Kinesis KPL aggregate (test/events/kinesis/kpl-aggregated.json)',
      sampleEvent('kinesis/kpl-aggregated'),
    ],
    [
      'dynamodb',
      'DynamoDB Streams insert, modify, remove (test/events/dynamodb/insert-modify-remove.json)',
      sampleEvent('dynamodb/insert-modify-remove'),
    ],
  ];
  let failures = 0;
  for (const [trigger, what, event] of runs) {
    const handler = await loadHandler(trigger);
    try {
      const reply = await handler(event, localContext(30_000));
      const ok = replySucceeded(reply);
      if (!ok) failures++;
      console.log(
        `${ok ? '✓' : '✗'} ${trigger.padEnd(8)} ${what}${ok ? '' : `\n    ${JSON.stringify(reply).slice(0, 400)}`}`,
      );
    } catch (err) {
      failures++;
      console.log(`✗ ${trigger.padEnd(8)} ${what}\n    ${(err as Error).message}`);
    }
  }

  const landed: LandedRecord[] = [];
  for (const { topic } of TOPICS)
    landed.push(...(await readTopic(kafka, topic, { from: before.get(topic) })));
  console.log(`\nWhat landed in Kafka (${landed.length} records):`);
  printRecords(landed);

  if (once) {
    if (!wasRunning) await down(layout);
    process.exit(failures === 0 ? 0 : 1);
  }
  const handler = await loadHandler('http');
  await startLocalHttp(handler, port);
  console.log(`\nThe HTTP function is listening on http://localhost:${port}/events. Try:

  curl -s -X POST http://localhost:${port}/events \\
    -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' \\
    -d '{"data": {"bees": 23}, "metadata": {"key": "hive-1"}}'

  ${tailHint(info)}

Ctrl-C to stop${wasRunning ? ' (the stack was already running and stays up)' : ' (and the local stack)'}.`);
  const stop = async () => {
    if (!wasRunning) await down(layout);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
});
