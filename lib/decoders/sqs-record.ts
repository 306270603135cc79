import { EventShapeError, parseSnsEnvelope, type SqsRecord } from '../events/index.ts';
import type { ExportInput } from '../exporter/index.ts';
import { snsAttributeHeaders, sqsAttributeHeaders } from './sqs-attributes.ts';

/** The messages of one SQS record, or why the record cannot be read (a per-record failure). */
export type SqsDecoded = { ok: true; inputs: ExportInput[] } | { ok: false; reason: string };

/**
 * The exporter messages in one SQS record (DESIGN §4):
 *
 * - a body that is JSON is its value as one message, except that a JSON array
 *   is one message per element (`[]` is no message at all: nothing to send);
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
  const body = readJson(record.body);
  if (!body.ok) {
    inputs = [{ message: record.body }];
  } else {
    let envelope: ReturnType<typeof parseSnsEnvelope>;
    try {
      envelope = parseSnsEnvelope(body.value, 'body');
    } catch (error) {
      if (error instanceof EventShapeError) return { ok: false, reason: error.message };
      throw error;
    }
    if (envelope === undefined) {
      inputs = spread(body.value);
    } else {
      inputs = decodeBody(envelope.Message);
      snsHeaders = snsAttributeHeaders(envelope.MessageAttributes);
    }
  }

  const entries = [...snsHeaders, ...sqsAttributeHeaders(record.messageAttributes)];
  const defaultKey = fifoGroupOf(record);
  for (const input of inputs) {
    // fromEntries makes own properties, so an attribute named `__proto__` stays a plain header.
    if (entries.length > 0) input.headers = Object.fromEntries(entries);
    if (defaultKey !== undefined) input.defaultKey = defaultKey;
  }
  return { ok: true, inputs };
}

/**
 * The messages of a body read as SQS reads it: JSON is its value (a JSON
 * array is one message per element), anything else is one string message.
 * Shared with the triggers whose payloads are read "like an SQS body" (Kinesis data).
 */
export function decodeBody(text: string): ExportInput[] {
  const body = readJson(text);
  return body.ok ? spread(body.value) : [{ message: text }];
}

/** A JSON array is a list of messages; any other value is one. */
function spread(value: unknown): ExportInput[] {
  return (Array.isArray(value) ? value : [value]).map((message) => ({ message }));
}

function readJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    // JSON.parse makes own data properties only: `__proto__` in a body is data, not a prototype.
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** True when `eventSourceARN` names a FIFO queue. */
function isFifoQueue(arn: unknown): boolean {
  return typeof arn === 'string' && arn.endsWith('.fifo');
}

/**
 * The message group of a record from a FIFO queue, or undefined. Standard
 * queues may carry a `MessageGroupId` as well (fair queues) without any
 * ordering promise, so only FIFO queues count.
 */
export function fifoGroupOf(record: Pick<SqsRecord, 'eventSourceARN' | 'attributes'>): string | undefined {
  return isFifoQueue(record.eventSourceARN) ? record.attributes?.MessageGroupId : undefined;
}

/** True when the records of an (unchecked) SQS event come from a FIFO queue. */
export function isFifoEvent(event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const records = (event as { Records?: unknown }).Records;
  if (!Array.isArray(records) || records.length === 0) return false;
  const first: unknown = records[0];
  return typeof first === 'object' && first !== null && isFifoQueue((first as SqsRecord).eventSourceARN);
}
