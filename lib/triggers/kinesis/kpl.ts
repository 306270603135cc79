import { createHash } from 'node:crypto';
import { ProtobufError, ProtobufReader, WIRE } from './protobuf-reader.ts';

/** The first bytes of a record the Kinesis Producer Library aggregated. */
export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const MD5_BYTES = 16;

/** One user record inside an aggregated record. */
export interface KplUserRecord {
  partitionKey: string;
  explicitHashKey?: string;
  data: Uint8Array;
}

export type KplResult = { ok: true; records: KplUserRecord[] } | { ok: false; reason: string };

/** True when `data` starts with the KPL's magic bytes (no text can: 0xC2 cannot follow 0xF3 0x89 0x9A in UTF-8). */
export function isKplAggregated(data: Uint8Array): boolean {
  return data.length >= KPL_MAGIC.length && KPL_MAGIC.every((byte, i) => data[i] === byte);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ProtobufError(`${what} is not UTF-8`);
  }
}

/**
 * The user records of a KPL aggregated record: the magic bytes, a protobuf
 * `AggregatedRecord { repeated string partition_key_table = 1; repeated string
 * explicit_hash_key_table = 2; repeated Record records = 3 }` with `Record {
 * uint64 partition_key_index = 1; uint64 explicit_hash_key_index = 2; bytes
 * data = 3; repeated Tag tags = 4 }`, then the MD5 of the protobuf bytes.
 * A record that fails any check is refused with the reason, never read in part.
 */
export function deaggregate(data: Uint8Array): KplResult {
  if (data.length < KPL_MAGIC.length + MD5_BYTES)
    return { ok: false, reason: 'KPL aggregated record: shorter than its magic bytes and MD5 checksum' };
  const body = data.subarray(KPL_MAGIC.length, data.length - MD5_BYTES);
  const digest = createHash('md5').update(body).digest();
  if (!digest.equals(data.subarray(data.length - MD5_BYTES)))
    return { ok: false, reason: 'KPL aggregated record: MD5 checksum does not match (corrupt record)' };
  try {
    return { ok: true, records: readAggregated(body) };
  } catch (error) {
    if (error instanceof ProtobufError)
      return { ok: false, reason: `KPL aggregated record: ${error.message}` };
    throw error;
  }
}

function readAggregated(body: Uint8Array): KplUserRecord[] {
  const partitionKeys: string[] = [];
  const hashKeys: string[] = [];
  const raw: Array<{ pk?: number; ehk?: number; data?: Uint8Array }> = [];
  const reader = new ProtobufReader(body);
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE.bytes) partitionKeys.push(text(reader.bytesField(), 'a partition key'));
    else if (field === 2 && wire === WIRE.bytes)
      hashKeys.push(text(reader.bytesField(), 'an explicit hash key'));
    else if (field === 3 && wire === WIRE.bytes) raw.push(readRecord(reader.message()));
    else reader.skip(wire);
  }
  return raw.map((r, i) => {
    if (r.pk === undefined || r.data === undefined)
      throw new ProtobufError(
        `user record ${i} lacks its ${r.pk === undefined ? 'partition key index' : 'data'}`,
      );
    const partitionKey = partitionKeys[r.pk];
    if (partitionKey === undefined)
      throw new ProtobufError(`user record ${i} names partition key ${r.pk} of ${partitionKeys.length}`);
    const record: KplUserRecord = { partitionKey, data: r.data };
    if (r.ehk !== undefined) {
      const explicitHashKey = hashKeys[r.ehk];
      if (explicitHashKey === undefined)
        throw new ProtobufError(`user record ${i} names explicit hash key ${r.ehk} of ${hashKeys.length}`);
      record.explicitHashKey = explicitHashKey;
    }
    return record;
  });
}

function readRecord(reader: ProtobufReader): { pk?: number; ehk?: number; data?: Uint8Array } {
  const record: { pk?: number; ehk?: number; data?: Uint8Array } = {};
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE.varint) record.pk = reader.varint();
    else if (field === 2 && wire === WIRE.varint) record.ehk = reader.varint();
    else if (field === 3 && wire === WIRE.bytes) record.data = reader.bytesField();
    else reader.skip(wire);
  }
  return record;
}
