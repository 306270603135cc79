import { EventShapeError } from '../../events/errors.ts';
import { parseSnsEnvelope } from '../../events/sns.ts';
import { type ExportInput, spreadJson, withoutBom } from '../../messages/index.ts';
import { sqsTraceHeaders } from '../../observability/index.ts';
import { parseJson } from '../../text/json.ts';
import { snsAttributeHeaders, sqsAttributeHeaders } from './attributes.ts';
import type { SqsRecord } from './event.ts';
import { fifoGroupOf } from './fifo.ts';

/** The messages of one SQS record, or why the record cannot be read (a per-record failure). */
export type SqsDecoded = { ok: true; inputs: ExportInput[] } | { ok: false; reason: string };

/**
 * The exporter messages in one SQS record (DESIGN §4):
 *
 * - a body that is JSON is its value as one message, except that a JSON array
 *   is one message per element (`[]` is no message at all: nothing to send);
 *   each message keeps its own text, which its record carries as sent;
 * - a leading byte order mark is dropped first;
 * - a body that is not JSON is one string message, the body as it is;
 * - an SNS Notification envelope (a topic without raw delivery) is unwrapped
 *   first, and its `Message` read by the same rules.
 *
 * String and Number message attributes, of the SNS notification and of the SQS
 * message (which wins on a clash), become headers of every message. On a FIFO
 * queue, the message group is every message's default key, so a group's
 * messages share a partition and keep their order; a message that names its
 * own key keeps it.
 */
export function decodeSqsRecord(record: SqsRecord): SqsDecoded {
  let inputs: ExportInput[];
  let snsHeaders: Array<[string, string]> = [];
  // A byte order mark is not part of the text (HTTP and S3 drop it too).
  const text = withoutBom(record.body);
  const body = parseJson(text);
  if (!body.ok) {
    inputs = [{ message: text }];
  } else {
    let envelope: ReturnType<typeof parseSnsEnvelope>;
    try {
      envelope = parseSnsEnvelope(body.value, 'body');
    } catch (error) {
      if (error instanceof EventShapeError) return { ok: false, reason: error.message };
      throw error;
    }
    if (envelope === undefined) {
      inputs = spreadJson(text, body.value);
    } else {
      inputs = decodeBody(envelope.Message);
      snsHeaders = snsAttributeHeaders(envelope.MessageAttributes);
    }
  }

  const entries = [...snsHeaders, ...sqsAttributeHeaders(record.messageAttributes)];
  const defaultKey = fifoGroupOf(record);
  // The sender's X-Ray trace (a `traceparent` attribute, being a header, wins over it).
  const traceHeaders = sqsTraceHeaders(record.attributes);
  for (const input of inputs) {
    // fromEntries makes own properties, so an attribute named `__proto__` stays a plain header.
    if (entries.length > 0) input.headers = Object.fromEntries(entries);
    if (traceHeaders !== undefined) input.traceHeaders = traceHeaders;
    if (defaultKey !== undefined) input.defaultKey = defaultKey;
  }
  return { ok: true, inputs };
}

/**
 * The messages of a body read as SQS reads it: a leading byte order mark
 * dropped, JSON is its value (a JSON array is one message per element), each
 * with its own text so its record carries the sender's JSON exactly
 * (ExportInput.json); anything else is one string message. Shared with the
 * triggers whose payloads are read "like an SQS body" (SNS Message, Kinesis data).
 */
export function decodeBody(raw: string): ExportInput[] {
  const text = withoutBom(raw);
  const body = parseJson(text);
  return body.ok ? spreadJson(text, body.value) : [{ message: text }];
}
