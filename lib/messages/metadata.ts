import { isTopicName } from '../kafka/topic-name.ts';
import { childPath } from '../text/path.ts';
import { MessageError } from './errors.ts';
import { isWellFormed } from './json-text.ts';
import { isPlainObject } from './json-value.ts';

/** Routing read from a message's `metadata`; absent fields fall back to the defaults in `toRecord`. */
export interface Routing {
  topic?: string;
  /** As text; KafkaJS writes its UTF-8 bytes (an empty key is no key, as in Mage). */
  key: string | null;
  timestamp?: string;
  headers: Record<string, string>;
  partition?: number;
}

export type RoutingResult = { ok: true; routing: Routing } | { ok: false; error: MessageError };

const MAX_PARTITION = 2 ** 31 - 1;
const DECIMAL_MS = /^\d{1,16}$/;

/**
 * Reads `dest_topic`, `key`, `time`, `headers` and `partition` from a message's
 * metadata. A `null` field means "not set", like an absent one. Other keys are
 * ignored, as Mage's sink reads only the keys it knows.
 *
 * @param metadata - the `metadata` value; `undefined` and `null` mean none
 * @param keyText - a numeric key's digits as the sender wrote them (a double may have lost some)
 */
export function readMetadata(metadata: unknown, keyText?: string): RoutingResult {
  if (metadata === undefined || metadata === null) return { ok: true, routing: { key: null, headers: {} } };
  if (!isPlainObject(metadata))
    return { ok: false, error: new MessageError('metadata', 'an object', metadata) };
  try {
    const routing: Routing = {
      key: readKey(metadata.key, keyText),
      headers: readHeaders(metadata.headers),
    };
    const topic = readTopic(metadata.dest_topic);
    if (topic !== undefined) routing.topic = topic;
    const timestamp = readTime(metadata.time);
    if (timestamp !== undefined) routing.timestamp = timestamp;
    const partition = readPartition(metadata.partition);
    if (partition !== undefined) routing.partition = partition;
    return { ok: true, routing };
  } catch (error) {
    if (error instanceof MessageError) return { ok: false, error };
    throw error;
  }
}

function readTopic(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && isTopicName(value)) return value;
  // The short form of TOPIC_NAME_RULE (lib/kafka/topic-name.ts): a per-message error stays short.
  throw new MessageError(
    'metadata.dest_topic',
    'a topic name (1-249 of a-z A-Z 0-9 . _ -, not "." or "..")',
    value,
  );
}

function readKey(value: unknown, keyText: string | undefined): string | null {
  if (value === undefined || value === null) return null;
  // Mage's key serializer is `x.encode('utf-8') if x else None`: an empty key is sent as no key.
  if (value === '') return null;
  if (typeof value === 'string') return wellFormed('metadata.key', value);
  if (typeof value === 'number' && Number.isFinite(value)) return keyText ?? decimal(value);
  if (typeof value === 'bigint') return value.toString();
  throw new MessageError('metadata.key', 'a string or number', value);
}

/**
 * The number as JSON prints it, so a consumer sees the same digits as in the
 * message; only from 1e21 on, where that would be `1e+21`, integers are
 * written out in full.
 */
function decimal(value: number): string {
  return Number.isInteger(value) && Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
}

/**
 * Keys and headers are written as UTF-8, where a lone surrogate (legal in a
 * JSON string, `"\ud800"`) has no encoding and would silently become U+FFFD.
 */
function wellFormed(path: string, value: string): string {
  if (isWellFormed(value)) return value;
  throw new MessageError(
    path,
    'text without a lone surrogate (an unpaired \\ud800-\\udfff has no UTF-8 form)',
    value,
  );
}

function readTime(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  // Numeric strings are accepted because CSV columns and HTTP query values arrive as text.
  const ms = typeof value === 'string' && DECIMAL_MS.test(value) ? Number(value) : value;
  if (typeof ms === 'number' && Number.isSafeInteger(ms) && ms >= 0) return String(ms);
  throw new MessageError('metadata.time', 'epoch milliseconds as a non-negative integer', value);
}

function readPartition(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PARTITION)
    return value;
  throw new MessageError('metadata.partition', 'a non-negative integer', value);
}

function readHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new MessageError('metadata.headers', 'an object of strings', value);
  const entries: [string, string][] = [];
  for (const [name, raw] of Object.entries(value)) {
    if (typeof raw === 'string') entries.push([name, wellFormed(childPath('metadata.headers', name), raw)]);
    else if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean')
      entries.push([name, String(raw)]);
    else throw new MessageError(childPath('metadata.headers', name), 'a string, number or boolean', raw);
  }
  // fromEntries defines own properties, so a header named "__proto__" stays a header.
  return Object.fromEntries(entries);
}
