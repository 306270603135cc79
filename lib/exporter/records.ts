import type { ResolvedConfig } from '../config/index.ts';
import { type Delivery, type ProduceRecord, toNotDelivered } from '../kafka/index.ts';
import { type ExportInput, mergeHeaders, toRecord } from '../messages/index.ts';

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
 * (the trace context, then the trigger's headers, under the message's own;
 * the trigger's default key when the message names none). Releases each input's message once it is a
 * record (see Exporter.export).
 */
export function toRecords(
  inputs: readonly ExportInput[],
  config: Pick<ResolvedConfig, 'topic' | 'headers' | 'traceContext'>,
  now: () => number,
  traceHeaders?: Record<string, string>,
): RecordBatch {
  const results: Delivery[] = new Array(inputs.length);
  const records: ProduceRecord[] = [];
  const positions: number[] = [];
  const traced = config.traceContext;
  // Config headers, then the invocation's trace context, then each message's (see trace-context.ts).
  const base = traced ? mergeHeaders(config.headers, traceHeaders) : config.headers;
  inputs.forEach((input, i) => {
    const under = traced && input.traceHeaders ? mergeHeaders(base, input.traceHeaders) : base;
    const decoded = toRecord(
      input.message,
      {
        topic: config.topic,
        now,
        // The trigger's headers over those (no object built when the trigger adds none).
        headers: mergeHeaders(under, input.headers),
      },
      input.json,
    );
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
    input.json = undefined;
  });
  return { results, records, positions };
}
