import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../stack/layout.ts';

/** A Lambda event fixture from test/events (real AWS shapes), fresh each time. */
export function sampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'events', `${name}.json`), 'utf8'));
}

/** The sample objects (test/events/s3-objects) uploaded for the S3 trigger, with the keys they get. */
export const SAMPLE_OBJECTS = [
  { file: 'orders.ndjson', key: 'incoming/orders.ndjson' },
  { file: 'orders.ndjson.gz', key: 'incoming/orders 2.ndjson.gz' },
  { file: 'orders.csv', key: 'incoming/orders.csv' },
  { file: 'orders.json', key: 'incoming/orders.json' },
  { file: 'app.log', key: 'incoming/app.log' },
] as const;

export function sampleObject(file: string): Buffer {
  return readFileSync(join(ROOT, 'test', 'events', 's3-objects', file));
}

/**
 * An S3 ObjectCreated notification for objects, keys encoded the way S3
 * encodes them. The template's ETag, size and version are left out: they
 * describe the template's object, and the S3 trigger checks them.
 */
export function s3Notification(bucket: string, keys: readonly string[]): Record<string, unknown> {
  type S3Record = { s3: { bucket: { name: string; arn: string }; object: { key: string } } };
  const template = sampleEvent('s3/object-created') as { Records: S3Record[] };
  return {
    Records: keys.map((key) => {
      const record = structuredClone(template.Records[0]!);
      record.s3.bucket.name = bucket;
      record.s3.bucket.arn = `arn:aws:s3:::${bucket}`;
      record.s3.object = { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/') };
      return record;
    }),
  };
}
