import type { ProduceRecord } from '../kafka/types.ts';
import type { MessageError } from './errors.ts';
import { encodeJson, isPlainObject } from './json-value.ts';
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
 * Never throws for bad input: the error is returned for that message only.
 */
export function toRecord(message: unknown, defaults: RecordDefaults): ToRecordResult {
  const isObject = isPlainObject(message);
  const hasData = isObject && Object.hasOwn(message, 'data');
  const data = hasData ? message.data : message;

  const encoded = encodeJson(data, hasData ? 'data' : 'message');
  if (!encoded.ok) return encoded;

  const meta = readMetadata(isObject ? message.metadata : undefined);
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

/**
 * The record of a value a trigger already holds as JSON text (it built the
 * text itself, so it is not checked again): the default topic, no key, time
 * now. No metadata: such a value is data, never routing.
 */
export function jsonTextRecord(text: string, defaults: RecordDefaults): ExporterRecord {
  return {
    topic: defaults.topic,
    key: null,
    value: text,
    timestamp: String(Math.trunc(defaults.now())),
    headers: defaults.headers ?? NO_HEADERS,
  };
}
