import { EventShapeError } from '../../events/errors.ts';
import { formatPath, parseWith } from '../../events/issues.ts';
import { parseSnsEnvelope, parseSnsEvent } from '../../events/sns.ts';
import { kindOf } from '../../text/describe.ts';
import { parseJson as parseJsonResult } from '../../text/json.ts';
import { parseSqsEvent, type SqsRecord } from '../sqs/event.ts';
import {
  decodeS3Key,
  EventBridgeS3EventSchema,
  isObjectCreated,
  isS3TestEvent,
  parseS3Event,
} from './notification.ts';

/** An object to read, wherever its notification came from. */
export interface S3ObjectRef {
  bucket: string;
  /** Decoded: ready for GetObject. */
  key: string;
  size?: number;
  eTag?: string;
  /** The version the event announces (versioned buckets): the one read, not whatever is newest by then. */
  versionId?: string;
  /** Set when the notification came through SQS, so failures can be reported per record. */
  sqsMessageId?: string;
}

const EXPECTED_PAYLOAD = 'an S3 event notification, an SNS notification of one, or an EventBridge S3 event';

/**
 * The objects created according to `event`, which may be a direct S3 event
 * notification, an EventBridge S3 event, an SNS event whose messages are S3
 * notifications, or an SQS event whose bodies are any of these (or SNS
 * envelopes of them). Only new objects are returned: `s3:TestEvent` messages,
 * other S3 event types (removals, restores) and other EventBridge detail types
 * are skipped, as there is nothing to read for them.
 *
 * @throws EventShapeError naming the first place that is none of the above
 */
export function s3ObjectsFromEvent(event: unknown): S3ObjectRef[] {
  if (isRecordsEvent(event)) {
    const first = event.Records[0] as Record<string, unknown> | undefined;
    if (first === undefined) return [];
    if (first.eventSource === 'aws:sqs')
      return parseSqsEvent(event).Records.flatMap((record, index) =>
        s3ObjectsFromSqsRecord(record, `Records[${index}]`),
      );
    if (first.EventSource === 'aws:sns')
      return parseSnsEvent(event).Records.flatMap((record, index) =>
        objectsFromPayload(parseJson(record.Sns.Message, `Records[${index}].Sns.Message`), {
          path: `Records[${index}].Sns.Message`,
          snsAllowed: false,
        }),
      );
  }
  return objectsFromPayload(event, { path: '', snsAllowed: false });
}

/**
 * The objects named by one SQS record's body, so a handler can report a bad
 * record alone (batchItemFailures) instead of failing the batch.
 *
 * @param path - name of the record in error texts
 * @throws EventShapeError when the body is not a notification of new objects
 */
export function s3ObjectsFromSqsRecord(record: SqsRecord, path = 'record'): S3ObjectRef[] {
  const bodyPath = `${path}.body`;
  return objectsFromPayload(parseJson(record.body, bodyPath), {
    path: bodyPath,
    snsAllowed: true,
    sqsMessageId: record.messageId,
  });
}

interface PayloadContext {
  path: string;
  /** An SQS body may be an SNS envelope; an SNS message may not be another one. */
  snsAllowed: boolean;
  sqsMessageId?: string;
}

function objectsFromPayload(payload: unknown, context: PayloadContext): S3ObjectRef[] {
  const { path, sqsMessageId } = context;
  const extra = sqsMessageId === undefined ? {} : { sqsMessageId };
  if (isS3TestEvent(payload)) return [];
  if (context.snsAllowed) {
    const envelope = parseSnsEnvelope(payload, path);
    if (envelope !== undefined) {
      const messagePath = `${path}.Message`;
      const message = parseJson(envelope.Message, messagePath);
      return objectsFromPayload(message, { ...context, path: messagePath, snsAllowed: false });
    }
  }
  if (isRecordsEvent(payload)) {
    const recordsPath = path === '' ? 'Records' : `${path}.Records`;
    return parseS3Event(payload, path)
      .Records.map((record, index) => ({ record, index }))
      .filter(({ record }) => isObjectCreated(record))
      .map(({ record, index }) => {
        const { object } = record.s3;
        return {
          bucket: record.s3.bucket.name,
          key: decodeS3Key(object.key, `${recordsPath}[${index}].s3.object.key`),
          ...(object.size === undefined ? {} : { size: object.size }),
          ...(object.eTag === undefined ? {} : { eTag: object.eTag }),
          ...(typeof object.versionId === 'string' ? { versionId: object.versionId } : {}),
          ...extra,
        };
      });
  }
  if (isPlainRecord(payload) && payload.source === 'aws.s3') {
    const event = parseWith(EventBridgeS3EventSchema, payload, path);
    if (event['detail-type'] !== 'Object Created') return [];
    const { bucket, object } = event.detail;
    return [
      {
        bucket: bucket.name,
        key: object.key,
        ...(object.size === undefined ? {} : { size: object.size }),
        ...(object.etag === undefined ? {} : { eTag: object.etag }),
        ...(object['version-id'] === undefined ? {} : { versionId: object['version-id'] }),
        ...extra,
      },
    ];
  }
  throw new EventShapeError(formatPath(path, []), EXPECTED_PAYLOAD, kindOf(payload));
}

function parseJson(text: string, path: string): unknown {
  const parsed = parseJsonResult(text);
  if (parsed.ok) return parsed.value;
  throw new EventShapeError(path, `JSON of ${EXPECTED_PAYLOAD}`, 'text that is not JSON', {
    cause: new SyntaxError(parsed.why),
  });
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecordsEvent(value: unknown): value is { Records: unknown[] } {
  return isPlainRecord(value) && Array.isArray(value.Records);
}
