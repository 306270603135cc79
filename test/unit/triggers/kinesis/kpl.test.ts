import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deaggregate, isKplAggregated } from '../../../../lib/triggers/kinesis/kpl.ts';
import { loadEvent } from '../../../events/load.ts';
import { kplAggregate } from '../../../helpers/kpl.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** An aggregate with `protobuf` as its body and a correct checksum. */
function withBody(protobuf: number[]): Buffer {
  const body = Buffer.from(protobuf);
  return Buffer.concat([
    Buffer.from([0xf3, 0x89, 0x9a, 0xc2]),
    body,
    createHash('md5').update(body).digest(),
  ]);
}

describe('KPL de-aggregation', () => {
  it('reads the user records of the fixture with their own partition keys, skipping tags', () => {
    type Fixture = { Records: Array<{ kinesis: { data: string } }> };
    const data = Buffer.from(loadEvent<Fixture>('kinesis/kpl-aggregated').Records[0]!.kinesis.data, 'base64');
    expect(isKplAggregated(data)).toBe(true);
    const result = deaggregate(data);
    if (!result.ok) throw new Error(result.reason);
    expect(result.records.map((r) => [r.partitionKey, text(r.data)])).toEqual([
      ['hive-1', '{"bees":1}'],
      ['hive-2', '[{"bees":2},{"bees":3}]'],
      ['hive-1', 'buzz'],
    ]);
  });

  it('keeps explicit hash keys and binary data as they are', () => {
    const data = Uint8Array.of(0, 255, 128);
    const result = deaggregate(kplAggregate([{ partitionKey: 'k', explicitHashKey: '12345', data }]));
    if (!result.ok) throw new Error(result.reason);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ partitionKey: 'k', explicitHashKey: '12345' });
    expect(Buffer.from(result.records[0]!.data)).toEqual(Buffer.from(data));
  });

  it('does not take plain text or JSON for an aggregate', () => {
    expect(isKplAggregated(Buffer.from('{"bees":1}'))).toBe(false);
    expect(isKplAggregated(Buffer.from([0xf3, 0x89]))).toBe(false);
  });

  it('refuses a record whose checksum does not match', () => {
    const data = kplAggregate([{ partitionKey: 'k', data: 'x' }]);
    data[data.length - 1]! ^= 1;
    expect(deaggregate(data)).toEqual({
      ok: false,
      reason: 'KPL aggregated record: MD5 checksum does not match (corrupt record)',
    });
  });

  it('refuses a record too short to hold its checksum', () => {
    expect(deaggregate(Buffer.from([0xf3, 0x89, 0x9a, 0xc2, 1, 2]))).toEqual({
      ok: false,
      reason: 'KPL aggregated record: shorter than its magic bytes and MD5 checksum',
    });
  });

  it.each([
    ['a length past the end', [0x0a, 0x05, 0x41], 'KPL aggregated record: length past the end at byte 1'],
    ['a truncated varint', [0x1a, 0x02, 0x08, 0x80], 'KPL aggregated record: truncated varint at byte 3'],
    ['field number 0', [0x00, 0x01], 'KPL aggregated record: field number 0 at byte 0'],
    ['an unknown wire type', [0x0b], 'KPL aggregated record: unsupported wire type 3 at byte 1'],
    [
      'a varint longer than 10 bytes',
      [0x1a, 0x0c, 0x08, ...Array(11).fill(0xff)],
      'KPL aggregated record: varint longer than 10 bytes at byte 3',
    ],
    [
      'a partition key index out of the table',
      [0x0a, 0x01, 0x6b, 0x1a, 0x05, 0x08, 0x01, 0x1a, 0x01, 0x78],
      'KPL aggregated record: user record 0 names partition key 1 of 1',
    ],
    [
      'a user record without data',
      [0x0a, 0x01, 0x6b, 0x1a, 0x02, 0x08, 0x00],
      'KPL aggregated record: user record 0 lacks its data',
    ],
    [
      'a partition key that is not UTF-8',
      [0x0a, 0x01, 0xff],
      'KPL aggregated record: a partition key is not UTF-8',
    ],
  ])('refuses %s, saying where', (_what, protobuf, reason) => {
    expect(deaggregate(withBody(protobuf))).toEqual({ ok: false, reason });
  });

  it('skips unknown fields of every wire type', () => {
    const unknown = [0x20, 0x05, 0x29, 1, 2, 3, 4, 5, 6, 7, 8, 0x35, 1, 2, 3, 4, 0x3a, 0x01, 0x00];
    const record = [0x08, 0x00, 0x1a, 0x01, 0x78];
    const result = deaggregate(withBody([0x0a, 0x01, 0x6b, ...unknown, 0x1a, record.length, ...record]));
    if (!result.ok) throw new Error(result.reason);
    expect(result.records.map((r) => [r.partitionKey, text(r.data)])).toEqual([['k', 'x']]);
  });
});
