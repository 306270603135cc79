import { type LineEvent, LineSplitter } from '../../formats/line-splitter.ts';
import { parseJson } from '../../text/json.ts';
import type { DecodedRecord } from './record.ts';

/** Whitespace only: JSON would reject it, and NDJSON writers leave such lines as separators. */
const BLANK = /^\s*$/;

/**
 * NDJSON / JSON Lines: one JSON value per line. Blank lines are skipped; a
 * line that is not JSON (or not UTF-8, or too long) is an error record and
 * decoding goes on with the next line.
 *
 * @param maxRecordBytes - longest line decoded; a longer one is an error record, skipped unread
 */
export function decodeNdjson(
  bytes: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
): AsyncGenerator<DecodedRecord> {
  return decodeLines(bytes, maxRecordBytes, (line, text) => {
    if (BLANK.test(text)) return undefined;
    const parsed = parseJson(text);
    return parsed.ok
      ? { ok: true, message: parsed.value, line, json: text }
      : { ok: false, line, reason: `line ${line}: not valid JSON (${parsed.why})` };
  });
}

/**
 * Plain text: each line is one string message, exactly as written (no
 * trimming: leading spaces may matter to whoever reads it). Only empty lines
 * are skipped.
 *
 * @param maxRecordBytes - longest line decoded; a longer one is an error record, skipped unread
 */
export function decodeText(
  bytes: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
): AsyncGenerator<DecodedRecord> {
  return decodeLines(bytes, maxRecordBytes, (line, text) =>
    text === '' ? undefined : { ok: true, message: text, line },
  );
}

/** What a line becomes; undefined skips it. */
type LineDecoder = (line: number, text: string) => DecodedRecord | undefined;

/**
 * Lines come straight out of the sync splitter, chunk by chunk: an async
 * generator per line would cost more than splitting does.
 */
async function* decodeLines(
  bytes: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
  decode: LineDecoder,
): AsyncGenerator<DecodedRecord> {
  const splitter = new LineSplitter(maxRecordBytes);
  for await (const chunk of bytes) yield* records(splitter.push(chunk), decode);
  yield* records(splitter.end(), decode);
}

function* records(events: Iterable<LineEvent>, decode: LineDecoder): Generator<DecodedRecord> {
  for (const event of events) {
    const record =
      'error' in event
        ? { ok: false as const, line: event.line, reason: event.error }
        : decode(event.line, event.text);
    if (record) yield record;
  }
}
