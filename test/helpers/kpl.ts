import { createHash } from 'node:crypto';

/** Test-side writer of the protobuf wire format, independent of the reader under test. */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

const field = (number: number, wire: number) => varint(number * 8 + wire);
const bytesField = (number: number, bytes: Uint8Array | number[]) => [
  ...field(number, 2),
  ...varint(bytes.length),
  ...bytes,
];

export interface UserRecord {
  partitionKey: string;
  data: string | Uint8Array;
  explicitHashKey?: string;
}

/**
 * A record as the Kinesis Producer Library aggregates user records: magic
 * bytes, the AggregatedRecord protobuf (with a tag on the first record, which
 * readers must skip), then the MD5 of the protobuf bytes.
 */
export function kplAggregate(records: readonly UserRecord[]): Buffer {
  const keys = [...new Set(records.map((r) => r.partitionKey))];
  const hashKeys = [...new Set(records.flatMap((r) => (r.explicitHashKey ? [r.explicitHashKey] : [])))];
  const body: number[] = [];
  for (const key of keys) body.push(...bytesField(1, Buffer.from(key)));
  for (const key of hashKeys) body.push(...bytesField(2, Buffer.from(key)));
  records.forEach((r, i) => {
    const record: number[] = [...field(1, 0), ...varint(keys.indexOf(r.partitionKey))];
    if (r.explicitHashKey) record.push(...field(2, 0), ...varint(hashKeys.indexOf(r.explicitHashKey)));
    record.push(...bytesField(3, typeof r.data === 'string' ? Buffer.from(r.data) : r.data));
    if (i === 0)
      record.push(
        ...bytesField(4, [...bytesField(1, Buffer.from('origin')), ...bytesField(2, Buffer.from('test'))]),
      );
    body.push(...bytesField(3, record));
  });
  const protobuf = Buffer.from(body);
  return Buffer.concat([
    Buffer.from([0xf3, 0x89, 0x9a, 0xc2]),
    protobuf,
    createHash('md5').update(protobuf).digest(),
  ]);
}
