/**
 * Runs the S3 handler on one object in a process of its own, like a Lambda
 * container, and prints what it measured as JSON on the last line:
 * { reply, rssGrowthMb, peakRssMb, ms }.
 * Usage: node [--flags] --import tsx test/helpers/measure-s3-export.ts TOPIC BUCKET KEY [BATCH_SIZE]
 */
import { handleS3Event } from '../../lib/triggers/s3/handler.ts';
import { loadEvent, withoutObjectChecks } from '../events/load.ts';
import { sampleRss } from './rss-sampler.ts';
import { context, triggerHarness } from './triggers.ts';

const [topic, bucket, key, batchSize = '500'] = process.argv.slice(2) as [string, string, string, string?];
const harness = await triggerHarness(topic, `batch_size: ${batchSize}\n`);
// Connect first: the figure is the cost of streaming, not of a cold producer.
await harness.exporter.export([], { deadline: Date.now() + 10_000 });
await harness.exporter.config();

const event = loadEvent<{ Records: Array<{ s3: { bucket: { name: string }; object: { key: string } } }> }>(
  's3/object-created',
);
event.Records = [withoutObjectChecks(event.Records[0]!)];
event.Records[0]!.s3.bucket.name = bucket;
event.Records[0]!.s3.object.key = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

const rss = sampleRss();
const started = Date.now();
const reply = await handleS3Event(event, context(600_000), harness);
const ms = Date.now() - started;
const memory = rss.stop();
await harness.exporter.close();
console.log(JSON.stringify({ reply, ...memory, ms }));
process.exit(0);
