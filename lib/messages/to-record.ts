import type { ProduceRecord } from '../kafka/types.ts';
import { MessageError } from './errors.ts';
import { exactText, type JsonSpan, memberSpan, wholeSpan } from './json-text.ts';
import { encodeJson, isPlainObject, type JsonEncoding, MAX_JSON_DEPTH } from './json-value.ts';
import { readMetadata } from './metadata.ts';

/** What toRecord makes: a record ready for Kafka (lib/kafka owns its shape). */
export type ExporterRecord = ProduceRecord;

export interface RecordDefaults {
  /** The config's `topic`, used when a message names no `dest_topic`. */
  topic: string;
  /** Clock for messages without `metadata.time`. */
  now: () => number;
  /** Headers every record carries; a message's `metadata.headers` win over them. */
  headers?: Record<string, string>;
}

export type ToRecordResult = { ok: true; record: ExporterRecord } | { ok: false; error: MessageError };

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function isEmpty(headers: Record<string, string> | undefined): boolean {
  for (const _ in headers) return false;
  return true;
}

/** `own` headers over `defaults`. Shared, not copied, when one side is empty (records never change them). */
export function mergeHeaders(
  defaults: Record<string, string> | undefined,
  own: Record<string, string> | undefined,
): Record<string, string> {
  if (isEmpty(own)) return defaults ?? NO_HEADERS;
  return isEmpty(defaults) ? own! : { ...defaults, ...own };
}

/**
 * Turns one exporter message into a Kafka record, following Mage's sink:
 *
 * - not a plain object (a string, number, boolean, null or an array): the
 *   value is its JSON, default topic, no key, time = now. An array is one
 *   message here, as in Mage; triggers that accept "an array = several
 *   messages" split it before calling this.
 * - an object with a `data` key: the value is the JSON of `data`, whatever it
 *   is (`null`, `0` and `false` included, as Python's `dict.get` only falls
 *   back when the key is absent).
 * - an object without `data`: the value is the whole object, `metadata`
 *   included, and `metadata` still routes it (both exactly as Mage does).
 *
 * With `json`, the JSON text `message` was parsed from, the value is the
 * sender's own text of `data` (or of the whole message) with whitespace
 * outside strings removed: big integers, `1.0`, key order and escapes arrive
 * as sent. A numeric `metadata.key` keeps its digits too. Without it (a value
 * built in memory: direct invocation, CSV rows) the value is JSON.stringify's.
 *
 * Never throws for bad input: the error is returned for that message only.
 */
export function toRecord(message: unknown, defaults: RecordDefaults, json?: string): ToRecordResult {
  const isObject = isPlainObject(message);
  const hasData = isObject && Object.hasOwn(message, 'data');
  const data = hasData ? message.data : message;
  const path = hasData ? 'data' : 'message';

  const whole = json === undefined ? undefined : wholeSpan(json);
  const encoded = whole ? exactValue(json!, whole, hasData, data, path) : encodeJson(data, path);
  if (!encoded.ok) return encoded;

  const metadata = isObject ? message.metadata : undefined;
  const meta = readMetadata(metadata, whole && numberKeyText(json!, whole, metadata));
  if (!meta.ok) return meta;
  const { routing } = meta;

  const record: ExporterRecord = {
    topic: routing.topic ?? defaults.topic,
    key: routing.key,
    value: encoded.text,
    timestamp: routing.timestamp ?? String(Math.trunc(defaults.now())),
    headers: mergeHeaders(defaults.headers, routing.headers),
  };
  if (routing.partition !== undefined) record.partition = routing.partition;
  return { ok: true, record };
}

/** The sender's text of `data` (or the whole message); refusals are worded from the parsed value, as without text. */
function exactValue(
  json: string,
  whole: JsonSpan,
  hasData: boolean,
  data: unknown,
  path: string,
): JsonEncoding {
  const span = hasData ? memberSpan(json, whole, 'data') : whole;
  const exact = span && exactText(json, span);
  if (exact === undefined || exact.ok) return exact ?? encodeJson(data, path);
  // Refused (too deep, a number beyond a double): encodeJson's error names the spot. It finds none
  // only when a repeated name hid the spot from JSON.parse; the text still holds it, so it is refused.
  const encoded = encodeJson(data, path);
  if (!encoded.ok) return encoded;
  const expected =
    exact.reason === 'depth'
      ? `at most ${MAX_JSON_DEPTH} levels of nesting`
      : 'a JSON value (finite numbers)';
  return { ok: false, error: new MessageError(path, expected, data) };
}

/** The digits of a numeric `metadata.key` as written: 12345678901234567890 must not become ...7000. */
function numberKeyText(json: string, whole: JsonSpan, metadata: unknown): string | undefined {
  if (!isPlainObject(metadata) || typeof metadata.key !== 'number') return undefined;
  const meta = memberSpan(json, whole, 'metadata');
  const key = meta && memberSpan(json, meta, 'key');
  return key && json.slice(key.start, key.end);
}
