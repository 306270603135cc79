import { JsonArrayScanner, type JsonScanEvent } from '../../formats/json-array-stream.ts';
import { parseJson } from '../../text/json.ts';
import type { DecodedRecord } from './record.ts';

/**
 * A JSON object file: a top-level array is one message per element, read one
 * element at a time; any other value is one message (held whole, up to
 * `maxRecordBytes`). An element that is not valid JSON is an error record and
 * the next element follows; broken structure ends the object with an error
 * record, since nothing after it can be delimited. `line` is the element's
 * index + 1 (1 for a whole value).
 *
 * @param maxRecordBytes - largest element (or whole value) decoded
 */
export async function* decodeJson(
  bytes: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
): AsyncGenerator<DecodedRecord> {
  const scanner = new JsonArrayScanner(maxRecordBytes);
  for await (const chunk of bytes) {
    for (const event of scanner.push(chunk)) {
      yield toRecord(event);
      if (event.kind === 'error' && event.fatal) return;
    }
  }
  for (const event of scanner.end()) yield toRecord(event);
}

function toRecord(event: JsonScanEvent): DecodedRecord {
  switch (event.kind) {
    case 'error':
      return { ok: false, line: event.index + 1, reason: event.reason };
    case 'value': {
      const parsed = parseJson(event.text);
      return parsed.ok
        ? { ok: true, message: parsed.value, line: 1, json: event.text }
        : { ok: false, line: 1, reason: `the object is not valid JSON (${parsed.why})` };
    }
    case 'element': {
      const parsed = parseJson(event.text);
      const line = event.index + 1;
      return parsed.ok
        ? { ok: true, message: parsed.value, line, json: event.text }
        : {
            ok: false,
            line,
            reason: `element ${line} (byte ${event.position}): not valid JSON (${parsed.why})`,
          };
    }
  }
}
