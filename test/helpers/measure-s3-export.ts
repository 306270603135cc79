/**
 * Runs the S3 handler on one object in a process of its own, like a Lambda
 * container, and prints what it measured as JSON on the last line:
 * { reply, rssGrowthMb, peakRssMb, ms }.
 * Usage: node [--flags] --import tsx test/helpers/measure-s3-export.ts TOPIC BUCKET KEY [BATCH_SIZE]
 */
import { handleS3Event } from '../../lib/triggers/s3-handler.ts';
import { loadEvent } from '../events/load.ts';
import { context, triggerHarness } from './triggers.ts';

const [topic, bucket, key, batchSize = '500'] = process.argv.slice(2) as [string, string, string, string?];
const harness = await triggerHarness(topic, `batch_size: ${batchSize}\n`);
// Connect first: the figure is the cost of streaming, not of a cold producer.
await harness.exporter.export([], { deadline: Date.now() + 10_000 });
await harness.exporter.config();

const event = loadEvent<{ Records: Array<{ s3: { bucket: { name: string }; object: { key: string } } }> }>(
  's3/object-created',
);
event.Records = [event.Records[0]!];
event.Records[0]!.s3.bucket.name = bucket;
event.Records[0]!.s3.object.key = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const started = Date.now();
const reply = await handleS3Event(event, context(600_000), harness);
const ms = Date.now() - started;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await harness.exporter.close();
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
console.log(JSON.stringify({ reply, rssGrowthMb: mb(peak - baseline), peakRssMb: mb(peak), ms }));
process.exit(0);
