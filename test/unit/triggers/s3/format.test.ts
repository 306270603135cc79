import { describe, expect, it } from 'vitest';
import { detectS3Format } from '../../../../lib/triggers/s3/decode.ts';

const object = (key: string, extra: { contentType?: string; contentEncoding?: string } = {}) => ({
  bucket: 'exports',
  key,
  ...extra,
});

describe('detectS3Format', () => {
  it.each([
    ['events/2024/05/01/part-0001.ndjson', 'ndjson'],
    ['events.jsonl', 'ndjson'],
    ['orders.json', 'json'],
    ['ORDERS.CSV', 'csv'],
    ['notes.txt', 'text'],
    ['app.log', 'text'],
    ['archive.parquet', 'text'],
  ] as const)('reads the format of %s from its extension', (key, format) => {
    expect(detectS3Format(object(key))).toEqual({ format, gzip: false });
  });

  it.each([['firehose/2024/05/01/stream-1-2024-05-01-10-00-00.jsonl.gz'], ['orders.JSONL.GZIP']])(
    'strips a gzip suffix before reading the extension of %s',
    (key) => {
      expect(detectS3Format(object(key))).toEqual({ format: 'ndjson', gzip: true });
    },
  );

  it('lets Content-Type decide when the key has no known extension', () => {
    expect(detectS3Format(object('exports/part-0001', { contentType: 'application/x-ndjson' })).format).toBe(
      'ndjson',
    );
    expect(
      detectS3Format(object('exports/part-0001', { contentType: 'Application/JSON; charset=utf-8' })).format,
    ).toBe('json');
    expect(detectS3Format(object('exports/part-0001.dat', { contentType: 'text/csv' })).format).toBe('csv');
  });

  it('prefers the extension over Content-Type', () => {
    expect(detectS3Format(object('orders.csv', { contentType: 'application/json' })).format).toBe('csv');
    expect(detectS3Format(object('orders.txt', { contentType: 'application/json' })).format).toBe('text');
  });

  it('falls back to text for unknown types and names that only look like extensions', () => {
    expect(detectS3Format(object('exports/part-0001', { contentType: 'binary/octet-stream' })).format).toBe(
      'text',
    );
    expect(detectS3Format(object('folder.json/part-0001')).format).toBe('text');
    expect(detectS3Format(object('exports/.json')).format).toBe('text');
    expect(detectS3Format(object('odd.constructor')).format).toBe('text');
  });

  it('declares gzip from Content-Encoding, including a list that S3 stored', () => {
    expect(detectS3Format(object('orders.json', { contentEncoding: 'gzip' })).gzip).toBe(true);
    expect(detectS3Format(object('orders.json', { contentEncoding: 'aws-chunked, GZIP' })).gzip).toBe(true);
    expect(detectS3Format(object('orders.json', { contentEncoding: 'x-gzip' })).gzip).toBe(true);
    expect(detectS3Format(object('orders.json', { contentEncoding: 'identity' })).gzip).toBe(false);
  });
});
