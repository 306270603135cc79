import type { ResolvedConfig } from '../config/index.ts';
import { type Delivery, type ProduceRecord, toNotDelivered } from '../kafka/index.ts';
import { type ExportInput, jsonTextRecord, mergeHeaders, toRecord } from '../messages/index.ts';

/** An export's records: the results so far (invalid messages), the records to send, and whose they are. */
export interface RecordBatch {
  /** One per input; filled for invalid messages now, for the rest once sent. */
  results: Delivery[];
  records: ProduceRecord[];
  /** positions[n]: the input of records[n]. */
  positions: number[];
}

/**
 * Turns the inputs into records with the config's default topic and headers
 * (the trigger's headers under the message's own, the trigger's default key
 * when the message names none). Releases each input's message once it is a
 * record (see Exporter.export).
 */
export function toRecords(
  inputs: readonly ExportInput[],
  config: Pick<ResolvedConfig, 'topic' | 'headers'>,
  now: () => number,
): RecordBatch {
  const results: Delivery[] = new Array(inputs.length);
  const records: ProduceRecord[] = [];
  const positions: number[] = [];
  inputs.forEach((input, i) => {
    const defaults = {
      topic: config.topic,
      now,
      // The trigger's headers over the config's (no object built when the trigger adds none).
      headers: mergeHeaders(config.headers, input.headers),
    };
    const decoded =
      input.jsonText === undefined
        ? toRecord(input.message, defaults)
        : { ok: true as const, record: jsonTextRecord(input.jsonText, defaults) };
    if (!decoded.ok) {
      results[i] = toNotDelivered(decoded.error);
      return;
    }
    if (decoded.record.key === null && input.defaultKey !== undefined) decoded.record.key = input.defaultKey;
    records.push(decoded.record);
    positions.push(i);
    // The record holds all that is sent; dropping the parsed message now spares the GC copying it
    // (with its strings) on every scavenge while Kafka answers. See Exporter.export.
    input.message = undefined;
  });
  return { results, records, positions };
}
