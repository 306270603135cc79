import {
  type ExportInput,
  type JsonMessage,
  MAX_JSON_DEPTH,
  memberElements,
  spreadJson,
} from '../../messages/index.ts';
import { parseJson } from '../../text/json.ts';
import { type BodyProblem, bodyText } from './bytes.ts';
import { ACCEPTED_CONTENT_TYPES, bodyFormat } from './content-type.ts';
import type { HttpRequest } from './request.ts';

/** The messages of an HTTP request body, or why there are none to send (and nothing is produced). */
export type HttpDecoded = { ok: true; inputs: ExportInput[] } | ({ ok: false } & BodyProblem);

export interface HttpBodyLimits {
  /** On the decoded body: after base64 and gzip. */
  maxBodyBytes: number;
  maxMessages: number;
}

/** Messages with their own JSON text (none for a text/plain body). */
type Read = JsonMessage | { message: string; json?: undefined };
type Messages = { ok: true; messages: Read[] } | ({ ok: false } & BodyProblem);

/**
 * The exporter messages in an HTTP request body (DESIGN §4), by content type:
 *
 * - `application/json` and `+json` types: one message; a JSON array is one
 *   message per element, and so is `{"records": [...]}` (an object with that
 *   one key, as Kafka REST proxies take);
 * - `application/x-ndjson`, `application/jsonl`, `application/x-jsonlines`:
 *   one JSON value per non-empty line;
 * - `text/plain`: the whole body as one string message;
 * - none: read as JSON, and a body that is not JSON is refused (a client
 *   that sends text says so).
 *
 * Each JSON message keeps its own text, which its record carries as sent
 * (exact numbers, key order). All or nothing: any problem refuses the whole body, so a client can fix and
 * resend it without duplicates. Reasons are short and never quote the body.
 * Statuses: 400 malformed, 413 over a limit, 415 unsupported type or encoding.
 */
export function decodeHttpBody(request: HttpRequest, limits: HttpBodyLimits): HttpDecoded {
  const format = bodyFormat(request.headers['content-type']);
  if (format === 'unsupported')
    return {
      ok: false,
      status: 415,
      reason: `content-type is not supported; send ${ACCEPTED_CONTENT_TYPES}`,
    };

  const text = bodyText(request, limits.maxBodyBytes);
  if (!text.ok) return text;

  const read = readMessages(format, text.text, limits.maxMessages);
  if (!read.ok) return read;
  const { messages } = read;
  if (messages.length > limits.maxMessages) return tooMany(limits.maxMessages);

  // Each level takes an opening and a closing bracket: a short text cannot nest too deep, so only long ones are walked.
  const tooDeep =
    text.text.length <= 2 * MAX_JSON_DEPTH
      ? -1
      : messages.findIndex(({ message }) => nestingDepth(message) > MAX_JSON_DEPTH);
  if (tooDeep !== -1)
    return {
      ok: false,
      status: 400,
      reason: `message ${tooDeep + 1} nests deeper than ${MAX_JSON_DEPTH} levels`,
    };
  return {
    ok: true,
    inputs: messages.map(({ message, json }) => (json === undefined ? { message } : { message, json })),
  };
}

function readMessages(format: 'json' | 'ndjson' | 'text' | 'unknown', text: string, max: number): Messages {
  switch (format) {
    case 'text':
      return { ok: true, messages: [{ message: text }] };
    case 'ndjson':
      return readLines(text, max);
    case 'json':
    case 'unknown': {
      const value = parseJson(text);
      if (!value.ok) {
        const reason =
          format === 'json'
            ? 'body is not valid JSON'
            : 'body is not JSON; set content-type: text/plain to send text';
        return { ok: false, status: 400, reason };
      }
      return jsonMessages(text, value.value);
    }
  }
}

/** An array is many messages; so is an object whose only key is `records`, which must then be an array. */
function jsonMessages(text: string, value: unknown): Messages {
  if (Array.isArray(value)) return { ok: true, messages: spreadJson(text, value) };
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'records') {
      const { records } = value as { records: unknown };
      if (!Array.isArray(records))
        return { ok: false, status: 400, reason: 'records: expected an array of messages' };
      return { ok: true, messages: memberElements(text, 'records', records) };
    }
  }
  return { ok: true, messages: spreadJson(text, value) };
}

function readLines(text: string, max: number): Messages {
  const messages: Read[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    // Stop at the limit instead of parsing the rest of a body that is refused anyway.
    if (messages.length === max) return tooMany(max);
    const value = parseJson(line);
    if (!value.ok) return { ok: false, status: 400, reason: `line ${index + 1} is not valid JSON` };
    messages.push({ message: value.value, json: line });
  }
  if (messages.length === 0) return { ok: false, status: 400, reason: 'empty body' };
  return { ok: true, messages };
}

function tooMany(max: number): { ok: false } & BodyProblem {
  return { ok: false, status: 413, reason: `body has more than ${max} messages` };
}

/** Levels of arrays and objects in a value (0 for a scalar), counted without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    // Past the limit the answer is known; stop before walking a hostile value further.
    if (level > MAX_JSON_DEPTH) return level;
    for (const child of Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}
