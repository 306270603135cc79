/**
 * The baseline for the S3 benchmark: what a hand-written exporter with raw
 * KafkaJS does with the same object (stream, gunzip, split lines, sendBatch
 * of 500 with up to 4 in flight, the same bucket/key/line headers), in a process of its own.
 * Usage: node --import tsx bench/raw-s3-export.ts BOOTSTRAP TOPIC BUCKET KEY
 * Prints { messages, ms, rssGrowthMb, peakRssMb }.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { sampleRss } from '../test/helpers/rss-sampler.ts';

const [bootstrap, topic, bucket, key] = process.argv.slice(2) as [string, string, string, string];
const producer = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer();
await producer.connect();
const rss = sampleRss();
const started = Date.now();
const object = await new S3Client({}).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
const lines = createInterface({
  input: (object.Body as Readable).pipe(createGunzip()),
  crlfDelay: Number.POSITIVE_INFINITY,
});
let batch: Array<{ value: string; headers: Record<string, string> }> = [];
let messages = 0;
const pending = new Set<Promise<unknown>>();
const flush = (messagesToSend: typeof batch) => {
  const p = producer
    .sendBatch({ topicMessages: [{ topic, messages: messagesToSend }], acks: -1 })
    .finally(() => pending.delete(p));
  pending.add(p);
};
for await (const line of lines) {
  if (!line) continue;
  const parsed = JSON.parse(line) as { data: unknown };
  messages++;
  // The same records the S3 function writes: the value plus bucket, key and line headers.
  batch.push({
    value: JSON.stringify(parsed.data),
    headers: { 's3.bucket': bucket, 's3.key': key, 's3.line': String(messages) },
  });
  if (batch.length >= 500) {
    flush(batch);
    batch = [];
    if (pending.size >= 4) await Promise.race(pending);
  }
}
if (batch.length) flush(batch);
await Promise.all(pending);
const ms = Date.now() - started;
const memory = rss.stop();
await producer.disconnect();
console.log(JSON.stringify({ messages, ms, ...memory }));
process.exit(0);
