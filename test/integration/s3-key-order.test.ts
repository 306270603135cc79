import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/observability/index.ts';
import { handleS3Event } from '../../lib/triggers/s3/handler.ts';
import { s3Client } from '../helpers/aws.ts';
import { testExporter } from '../helpers/exporter.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { oauthConfig } from '../helpers/mage-configs.ts';
import { dropProxiedConnections, stack } from '../helpers/stack.ts';
import { context } from '../helpers/triggers.ts';

const LINES = 30_000;
const KEYS = 50;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A keyed NDJSON object: line n is `{"data":{"n":n},"metadata":{"key":"k<n % 50>"}}`. */
async function putKeyedObject(): Promise<{ bucket: string; key: string }> {
  const bucket = `order-${randomUUID().slice(0, 8)}`;
  const key = 'keyed.ndjson';
  const lines = Array.from(
    { length: LINES },
    (_, n) => `{"data":{"n":${n}},"metadata":{"key":"k${n % KEYS}"}}`,
  );
  await s3Client().send(new CreateBucketCommand({ Bucket: bucket }));
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${lines.join('\n')}\n` }));
  return { bucket, key };
}

/** A fresh exporter (a cold container) over the SASL_SSL listener behind the counting proxy. */
function coldExport(topic: string, extra = '') {
  const yaml = `${oauthConfig(topic, stack().bootstrap.counted, JSON.stringify(stack().oauth.clientSecret))}${extra}`;
  const { exporter } = testExporter(yaml);
  closers.push(() => exporter.close());
  const logger = createLogger({ write: () => {} });
  const s3 = s3Client();
  const settings = async () => ({ batchSize: 100, deterministicKeys: false, maxRecordBytes: 1 << 20 });
  return (bucket: string, key: string) =>
    handleS3Event(
      {
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: bucket }, object: { key } },
          },
        ],
      },
      context(120_000),
      { exporter, logger, s3: () => s3, settings },
    ).then(
      () => undefined,
      (err: Error) => err,
    );
}

/** Per key, in the order the broker holds them: how often a line comes after a later line, and the copies. */
async function orderOf(topic: string) {
  const records = (await readAll(topic)).sort(
    (a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset),
  );
  const last = new Map<string, number>();
  const seen = new Set<number>();
  let violations = 0;
  let duplicates = 0;
  for (const r of records) {
    const { n } = JSON.parse(r.value!.toString()) as { n: number };
    const key = r.key!.toString();
    if (seen.has(n)) duplicates++;
    else if ((last.get(key) ?? -1) > n) violations++;
    seen.add(n);
    last.set(key, Math.max(last.get(key) ?? -1, n));
  }
  return { landed: seen.size, violations, duplicates };
}

describe('per-key order of a large keyed S3 object', () => {
  it(`keeps every key's lines in line order on a cold run (${LINES} lines, ${KEYS} keys, 6 partitions)`, async () => {
    const [topic] = await createTopics([uniqueTopic('s3-order-cold')], 6);
    const { bucket, key } = await putKeyedObject();
    const error = await coldExport(topic!)(bucket, key);
    expect(error).toBeUndefined();
    expect(await orderOf(topic!)).toEqual({ landed: LINES, violations: 0, duplicates: 0 });
  }, 300_000);

  it('keeps them in line order while connections are cut, with idempotent: true and without duplicates', async () => {
    const [topic] = await createTopics([uniqueTopic('s3-order-cuts')], 6);
    const { bucket, key } = await putKeyedObject();
    let running = true;
    let cuts = 0;
    const cutter = (async () => {
      while (running) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        if (running && (await dropProxiedConnections()) > 0) cuts++;
      }
    })();
    const error = await coldExport(topic!, 'idempotent: true\n')(bucket, key);
    running = false;
    await cutter;
    const order = await orderOf(topic!);
    console.log(
      `[order] ${cuts} connection cuts; ${order.landed} of ${LINES} lines landed${error ? ` (${error.message.slice(0, 200)})` : ''}`,
    );
    expect(cuts).toBeGreaterThan(0);
    // Whatever landed (a cut may fail a batch for the S3 retry), each key's lines are in line order, once each.
    expect(order.violations).toBe(0);
    expect(order.duplicates).toBe(0);
    expect(order.landed).toBeGreaterThan(0);
  }, 300_000);
});
