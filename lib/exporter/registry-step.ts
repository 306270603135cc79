import type { Delivery, ProduceRecord } from '../kafka/index.ts';
import { toNotDelivered } from '../kafka/index.ts';
import type { RecordEncoder } from '../registry/encoder.ts';

/** The records to send after the registry encoding, with the input position of each. */
export interface WireRecords {
  records: ProduceRecord[];
  positions: number[];
}

/**
 * Encodes records in the schema registry's wire format. A record that cannot
 * be encoded (its value does not match the schema, the registry is down) gets
 * its result here and is not sent; the others go on. The caller keeps the
 * original records for the dead-letter topic, which carries readable JSON.
 */
export async function encodeForRegistry(
  encoder: () => Promise<RecordEncoder>,
  records: readonly ProduceRecord[],
  positions: readonly number[],
  results: Delivery[],
): Promise<WireRecords> {
  let encoded: Awaited<ReturnType<RecordEncoder['encode']>>;
  try {
    encoded = await (await encoder()).encode(records);
  } catch (err) {
    // Loading the registry code failed: no record can be encoded, and none is sent unencoded.
    const failure = toNotDelivered(err);
    encoded = records.map(() => failure);
  }
  const wire: WireRecords = { records: [], positions: [] };
  encoded.forEach((e, n) => {
    if (e.ok) {
      wire.records.push(e.record);
      wire.positions.push(positions[n]!);
    } else {
      results[positions[n]!] = e;
    }
  });
  return wire;
}
