import type { ExportInput } from '../../messages/index.ts';
import { objectBytes } from './body.ts';
import { decodeCsv } from './csv.ts';
import { S3ObjectContentError } from './errors.ts';
import { detectS3Format, type S3Format, type S3ObjectInfo } from './format.ts';
import { decodeJson } from './json.ts';
import { decodeNdjson, decodeText } from './lines.ts';
import type { RecordDecoder } from './record.ts';

export type { S3Format, S3ObjectInfo } from './format.ts';
export { detectS3Format } from './format.ts';

/** Largest single record (line, element, row) decoded by default: 1 MiB, Kafka's default max message size. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

export interface S3DecodeOptions {
  /**
   * Largest single line, JSON element or CSV row, in bytes (default 1 MiB). A
   * larger one is an error item and is skipped without being held in memory.
   */
  maxRecordBytes?: number;
}

/**
 * One message of an object, or why a record of it could not be decoded.
 * `line` is the 1-based line where the record starts (ndjson, text, csv), or
 * the element's index + 1 (json array; 1 for a whole value).
 */
export type S3Item =
  | { ok: true; input: ExportInput; line: number }
  | { ok: false; line: number; reason: string };

const DECODERS: Readonly<Record<S3Format, RecordDecoder>> = {
  ndjson: decodeNdjson,
  json: decodeJson,
  csv: decodeCsv,
  text: decodeText,
};

/**
 * Streams an S3 object into exporter messages, one record at a time.
 *
 * The body is pulled only as the caller asks for items (`for await`), so a
 * slow Kafka slows the reading instead of filling memory; memory stays at
 * about one chunk plus one record whatever the object's size. The format and
 * gzip come from {@link detectS3Format}, with the gzip magic bytes sniffed as
 * well. Each message carries the headers `s3.bucket`, `s3.key` and `s3.line`.
 *
 * Problems with the content are items (`ok: false`), and decoding goes on
 * where it can (the next line, row or element); invalid gzip ends the object
 * with an error item. Failing to read the body (a dropped connection) is
 * thrown: a retry may succeed.
 */
export async function* decodeS3Object(
  body: AsyncIterable<Uint8Array>,
  info: S3ObjectInfo,
  options: S3DecodeOptions = {},
): AsyncGenerator<S3Item> {
  const { format, gzip } = detectS3Format(info);
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let line = 0;
  try {
    for await (const record of DECODERS[format](objectBytes(body, gzip), maxRecordBytes)) {
      line = record.line;
      if (!record.ok) yield record;
      else yield { ok: true, input: toInput(info, record), line: record.line };
    }
  } catch (err) {
    if (!(err instanceof S3ObjectContentError)) throw err;
    // Records up to `line` came out whole; the one after it is where the bytes went bad.
    yield { ok: false, line: line + 1, reason: `line ${line + 1}: ${err.message}` };
  }
}

function toInput(
  info: S3ObjectInfo,
  { message, line, json }: { message: unknown; line: number; json?: string },
) {
  const input: ExportInput = {
    message,
    headers: { 's3.bucket': info.bucket, 's3.key': info.key, 's3.line': String(line) },
  };
  // The sender's own JSON text becomes the record's value (exact numbers, key order).
  if (json !== undefined) input.json = json;
  return input;
}

/**
 * A key that is the same every time the same record of the same object is
 * exported (`bucket/key#line`), so a retried object can be de-duplicated
 * downstream (a compacted topic keeps the last copy). The handler decides
 * whether to use it as `defaultKey`: a key also fixes the partition.
 */
export function deterministicKey(bucket: string, key: string, line: number): string {
  return `${bucket}/${key}#${line}`;
}
