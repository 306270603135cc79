/**
 * One message decoded from an object (before the S3 headers are added), or why
 * a record of the object could not be decoded. `line` is where the record
 * starts: a 1-based line number, or for a JSON array the element's index + 1.
 */
export type DecodedRecord =
  /** `json`: the JSON text the message was parsed from (ndjson lines, json values and elements). */
  { ok: true; message: unknown; line: number; json?: string } | { ok: false; line: number; reason: string };

/**
 * Turns an object's bytes (already gunzipped, without BOM) into records,
 * pulling chunks only as the caller asks for records.
 *
 * @param maxRecordBytes - largest record decoded; a larger one is an error record
 */
export type RecordDecoder = (
  bytes: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
) => AsyncGenerator<DecodedRecord>;
