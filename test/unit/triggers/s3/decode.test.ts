import { createReadStream, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeS3Object, deterministicKey, type S3Item } from '../../../../lib/triggers/s3/decode.ts';

const SAMPLES = new URL('../../../events/s3-objects/', import.meta.url);
const sample = (name: string) => readFileSync(new URL(name, SAMPLES));

/** `bytes` as an S3 body that arrives in chunks of `size` bytes. */
async function* body(bytes: Uint8Array | string, size = 16 * 1024): AsyncGenerator<Uint8Array> {
  const all = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
}

async function decode(
  bytes: Uint8Array | string,
  key: string,
  extra: { contentType?: string; contentEncoding?: string; maxRecordBytes?: number; size?: number } = {},
): Promise<S3Item[]> {
  const { maxRecordBytes, size, ...info } = extra;
  const items: S3Item[] = [];
  for await (const item of decodeS3Object(
    body(bytes, size),
    { bucket: 'exports', key, ...info },
    { maxRecordBytes },
  )) {
    items.push(item);
  }
  return items;
}

/** Messages of ok items and reasons of failed ones, by line: what a reader of the output cares about. */
const summary = (items: S3Item[]) =>
  items.map((item) => [item.line, item.ok ? item.input.message : item.reason]);

describe('decodeS3Object', () => {
  it('turns each NDJSON line into a message with the object and line as headers', async () => {
    const items = await decode(sample('orders.ndjson'), 'in/orders.ndjson');
    expect(items[0]).toEqual({
      ok: true,
      line: 1,
      input: {
        message: { data: { order_id: 1001, total: 25.5, currency: 'EUR' }, metadata: { key: '1001' } },
        json: '{"data": {"order_id": 1001, "total": 25.5, "currency": "EUR"}, "metadata": {"key": "1001"}}',
        headers: { 's3.bucket': 'exports', 's3.key': 'in/orders.ndjson', 's3.line': '1' },
      },
    });
    expect(summary(items).map(([line]) => line)).toEqual([1, 2, 4, 5]);
    expect(summary(items)[3]).toEqual([5, 'a scalar line']);
  });

  it('reports an NDJSON line that is not JSON and goes on', async () => {
    const text = '\ufeff{"a":1}\r\n\r\n   \nnot json\n[1,2]\n';
    expect(summary(await decode(text, 'x.jsonl'))).toEqual([
      [1, { a: 1 }],
      [4, `line 4: not valid JSON (Unexpected token 'o', "not json" is not valid JSON)`],
      [5, [1, 2]],
    ]);
  });

  it('turns each element of a JSON array into a message, numbered from 1', async () => {
    expect(summary(await decode(sample('orders.json'), 'orders.json'))).toEqual([
      [1, { data: { order_id: 2001, items: [{ sku: 'A-1', qty: 2 }] }, metadata: { key: '2001' } }],
      [2, { data: { order_id: 2002, comment: 'brackets ] [ } { and "quotes" in a string' } }],
      [3, 42],
    ]);
  });

  it('turns a JSON value that is not an array into one message', async () => {
    expect(summary(await decode('{"data":{"a":[1]},"metadata":{"key":"k"}}', 'one.json'))).toEqual([
      [1, { data: { a: [1] }, metadata: { key: 'k' } }],
    ]);
  });

  it('reports a JSON element that is not valid and goes on, but stops at broken structure', async () => {
    expect(summary(await decode('[1, {"a": tru}, 3, {"b": 1]]', 'a.json'))).toEqual([
      [1, 1],
      [2, expect.stringMatching(/^element 2 \(byte 4\): not valid JSON \(Unexpected token/)],
      [3, 3],
      [4, 'byte 26: expected }; got ]'],
    ]);
    expect(summary(await decode('{"a": 1', 'a.json'))).toEqual([
      [1, expect.stringMatching(/^the object is not valid JSON \(/)],
    ]);
  });

  it('turns each CSV row into an object of strings named by the header', async () => {
    expect(summary(await decode(sample('orders.csv'), 'orders.csv'))).toEqual([
      [2, { order_id: '3001', customer: 'Zoë', comment: 'Ships Monday, before noon' }],
      [
        3,
        { order_id: '3002', customer: "O'Brien", comment: 'He said "fragile"\r\nsecond line of the comment' },
      ],
    ]);
  });

  it('keeps CSV values as text, with no guessing of types', async () => {
    expect(summary(await decode('zip,amount,flag,empty\n007,1e3,true,\n', 'a.csv'))).toEqual([
      [2, { zip: '007', amount: '1e3', flag: 'true', empty: '' }],
    ]);
  });

  it('reports a CSV row with the wrong number of fields and goes on', async () => {
    const text = 'a,b,c,d,e\n1,2,3,4,5\n1,2,3,4\n\n6,7,8,9,10\n';
    expect(summary(await decode(text, 'a.csv'))).toEqual([
      [2, { a: '1', b: '2', c: '3', d: '4', e: '5' }],
      [3, 'line 3: expected 5 fields; got 4'],
      [5, { a: '6', b: '7', c: '8', d: '9', e: '10' }],
    ]);
  });

  it.each([
    ['id,name,id\n1,a,2\n', 'line 1: header names column "id" twice'],
    ['id,,name\n1,a,2\n', 'line 1: header column 2 has no name'],
    ['\n\nid,"name"x\n1,2\n', 'line 3: unexpected text after the closing quote of field 2 (the header row)'],
  ])('stops at a CSV header that cannot name every column: %j', async (text, reason) => {
    const items = await decode(text, 'a.csv');
    expect(items).toEqual([{ ok: false, line: expect.any(Number), reason }]);
  });

  it('keeps a CSV column named __proto__ as a column', async () => {
    const [item] = await decode('__proto__,a\nx,y\n', 'a.csv');
    const message = (item as { input: { message: Record<string, string> } }).input.message;
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect(JSON.stringify(message)).toBe('{"__proto__":"x","a":"y"}');
  });

  it('turns each non-empty line of another object into a string message', async () => {
    expect(summary(await decode(sample('app.log'), 'logs/app.log'))).toEqual([
      [1, '2024-05-01T10:00:00Z INFO service started'],
      [2, '2024-05-01T10:00:01Z WARN disk 91% full'],
      [4, '2024-05-01T10:00:02Z ERROR connection reset by peer'],
    ]);
  });

  it('gunzips an object whose key ends in .gz', async () => {
    const items = await decode(sample('orders.ndjson.gz'), 'in/orders.ndjson.gz', { size: 7 });
    expect(summary(items)).toEqual(summary(await decode(sample('orders.ndjson'), 'in/orders.ndjson')));
    expect(items[0]?.ok && items[0].input.headers?.['s3.key']).toBe('in/orders.ndjson.gz');
  });

  it('reads a Node stream body, as the S3 client returns it, and releases it at the end', async () => {
    const stream = createReadStream(new URL('orders.ndjson.gz', SAMPLES), { highWaterMark: 16 });
    const items: S3Item[] = [];
    for await (const item of decodeS3Object(stream, { bucket: 'exports', key: 'in/orders.ndjson.gz' })) {
      items.push(item);
    }
    expect(summary(items)).toEqual(summary(await decode(sample('orders.ndjson'), 'in/orders.ndjson')));
    expect(stream.destroyed).toBe(true);
  });

  it('gunzips an object declared gzip by Content-Encoding', async () => {
    const items = await decode(gzipSync('a,b\n1,2\n'), 'table.csv', { contentEncoding: 'gzip' });
    expect(summary(items)).toEqual([[2, { a: '1', b: '2' }]]);
  });

  it('gunzips an object that starts with the gzip magic bytes though nothing declares it', async () => {
    const items = await decode(gzipSync('[1,2]'), 'data.json', { size: 1 });
    expect(summary(items)).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('reads gzip files of several members, as cat a.gz b.gz writes them', async () => {
    const both = Buffer.concat([gzipSync('one\n'), gzipSync('two\n')]);
    expect(summary(await decode(both, 'x.txt.gz'))).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
  });

  it('reports an object declared gzip that is not gzip', async () => {
    expect(await decode('a,b\n1,2\n', 'table.csv.gz')).toEqual([
      {
        ok: false,
        line: 1,
        reason: 'line 1: declared gzip, but the object does not start with the gzip bytes 1f 8b',
      },
    ]);
  });

  it('reports gzip that stops half-way after the lines it could read', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i + 1} ${'.'.repeat(i % 50)}`).join('\n');
    const zipped = gzipSync(lines);
    const items = await decode(zipped.subarray(0, zipped.length - 100), 'x.txt.gz', { size: 1000 });
    const last = items.at(-1)!;
    expect(items.slice(0, -1).every((item) => item.ok)).toBe(true);
    expect(last).toEqual({
      ok: false,
      line: items.length,
      reason: `line ${items.length}: not valid gzip (unexpected end of file)`,
    });
  });

  it('reads an empty object as no messages, whatever its format', async () => {
    for (const key of ['a.ndjson', 'a.json', 'a.csv', 'a.txt', 'a.json.gz'])
      expect(await decode('', key)).toEqual([]);
  });

  it('reports a record longer than maxRecordBytes and goes on with the next', async () => {
    const text = `{"a":1}\n{"long":"${'x'.repeat(200)}"}\n{"b":2}\n`;
    expect(summary(await decode(text, 'a.ndjson', { maxRecordBytes: 100, size: 10 }))).toEqual([
      [1, { a: 1 }],
      [2, 'line 2: 211 bytes, more than maxRecordBytes (100); skipped'],
      [3, { b: 2 }],
    ]);
  });
});

describe('deterministicKey', () => {
  it('names the bucket, the key and the line', () => {
    expect(deterministicKey('exports', 'in/orders.ndjson', 7)).toBe('exports/in/orders.ndjson#7');
  });
});
