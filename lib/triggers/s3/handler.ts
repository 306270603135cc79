import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { readBeforeDeadline } from '../../aws/deadline.ts';
import { SkeError } from '../../errors.ts';
import type { Exporter } from '../../exporter/index.ts';
import type { ExportInput } from '../../messages/index.ts';
import { invocationTraceHeaders, type Logger } from '../../observability/index.ts';
import { type LambdaContextLike, untilDeadline } from '../deadline.ts';
import { isSqsEvent, parseSqsEvent } from '../sqs/event.ts';
import { type SqsBatchResponse, toBatchResponse } from '../sqs/reply.ts';
import { decodeS3Object, deterministicKey } from './decode.ts';
import { describe, getObject } from './get-object.ts';
import { type S3ObjectRef, s3ObjectsFromEvent, s3ObjectsFromSqsRecord } from './objects.ts';

export interface S3HandlerDeps {
  exporter: Exporter;
  /** Lazily created: importing the handler costs no client. */
  s3: () => Pick<S3Client, 'send'> | Promise<Pick<S3Client, 'send'>>;
  logger: Logger;
  settings: () => Promise<{ batchSize: number; deterministicKeys: boolean; maxRecordBytes: number }>;
  env?: Record<string, string | undefined>;
}

/** How an object went: counted, never thrown per message. */
export interface ObjectOutcome {
  bucket: string;
  key: string;
  versionId?: string;
  messages: number;
  delivered: number;
  failed: number;
  firstError?: string;
}

/** Exports in flight at once while the object is still being read. */
const IN_FLIGHT = 4;

/**
 * Streams one object: decodes it chunk by chunk, exports `batchSize` messages
 * at a time (a few batches in flight while reading goes on), and counts what
 * was delivered. Memory holds at most a few batches, never the object.
 */
export async function exportObject(
  deps: S3HandlerDeps,
  ref: Pick<S3ObjectRef, 'bucket' | 'key' | 'versionId' | 'eTag' | 'size'>,
  deadline: number,
): Promise<ObjectOutcome> {
  const { bucket, key } = ref;
  const settings = await deps.settings();
  // S3 notifications carry no trace context of their own: the invocation's X-Ray trace.
  const traceHeaders = invocationTraceHeaders(deps.env);
  const outcome: ObjectOutcome = { bucket, key, messages: 0, delivered: 0, failed: 0 };
  if (ref.versionId !== undefined) outcome.versionId = ref.versionId;
  const fail = (count: number, why: string) => {
    outcome.failed += count;
    outcome.firstError ??= why;
  };
  const read = await getObject(deps, ref, deadline);
  if (!read.ok) {
    fail(1, read.reason);
    return outcome;
  }
  const { object } = read;
  const info = { bucket, key, contentType: object.ContentType, contentEncoding: object.ContentEncoding };
  const pending = new Set<Promise<void>>();
  const flush = (inputs: ExportInput[]) => {
    const sending = deps.exporter.export(inputs, { deadline, traceHeaders }).then(({ results }) => {
      for (const r of results) {
        if (r.ok) outcome.delivered++;
        else fail(1, r.error.message);
      }
    });
    const tracked = sending.finally(() => pending.delete(tracked));
    pending.add(tracked);
    return tracked;
  };

  let batch: ExportInput[] = [];
  const body = readBeforeDeadline(object.Body as Readable, `reading the body of ${describe(ref)}`, deadline);
  let stopped: string | undefined;
  try {
    for await (const item of decodeS3Object(body, info, { maxRecordBytes: settings.maxRecordBytes })) {
      outcome.messages++;
      if (!item.ok) {
        fail(1, item.reason);
        continue;
      }
      if (settings.deterministicKeys) item.input.defaultKey = deterministicKey(bucket, key, item.line);
      batch.push(item.input);
      if (batch.length >= settings.batchSize) {
        if (Date.now() >= deadline) break;
        flush(batch);
        batch = [];
        // Backpressure: reading waits while Kafka catches up.
        if (pending.size >= IN_FLIGHT) await Promise.race(pending);
      }
    }
  } catch (err) {
    // The body could not be read to the end (a dropped connection, the deadline): a retry may succeed.
    stopped = `${(err as Error).name}: ${(err as Error).message}`;
    batch = [];
  }
  if (batch.length > 0) flush(batch);
  // Stopped early (deadline): release the connection instead of leaving the body half-read.
  (object.Body as Readable | undefined)?.destroy?.();
  await Promise.all(pending);
  const unfinished = outcome.messages - outcome.delivered - outcome.failed;
  if (stopped !== undefined) fail(Math.max(1, unfinished), stopped);
  else if (unfinished > 0) fail(unfinished, 'deadline exceeded before the whole object was read');
  return outcome;
}

/** Thrown so Lambda retries: S3 notifications have no partial-failure reply. */
export class S3ExportError extends SkeError {
  constructor(readonly outcomes: ObjectOutcome[]) {
    const failed = outcomes.filter((o) => o.failed > 0);
    super(
      `${failed.length} of ${outcomes.length} object(s) not fully exported: ${failed
        .map((o) =>
          o.messages === 0
            ? `${describe(o)} not read (${o.firstError})`
            : `${describe(o)}: ${o.failed} of ${o.messages} message(s) failed (${o.firstError})`,
        )
        .join('; ')}`,
      { retriable: true },
    );
    this.name = 'S3ExportError';
  }
}

/**
 * The S3 trigger: every ObjectCreated object (direct, via SNS, EventBridge or
 * SQS) is streamed into Kafka. Delivered only when every message of every
 * object is acknowledged; otherwise it throws (or, for an SQS-delivered
 * notification, names the SQS records) so the object is tried again. At
 * least once: a retry re-sends what already landed (see s3.deterministic_keys).
 */
async function exportAll(
  deps: S3HandlerDeps,
  objects: readonly S3ObjectRef[],
  deadline: number,
): Promise<ObjectOutcome[]> {
  const outcomes: ObjectOutcome[] = [];
  for (const object of objects) {
    const outcome = await exportObject(deps, object, deadline);
    deps.logger.info('S3 object exported', { ...outcome });
    outcomes.push(outcome);
  }
  return outcomes;
}

/** S3 notifications delivered by SQS: each SQS record succeeds when all of its objects did. */
async function handleViaSqs(
  event: unknown,
  deadline: number,
  deps: S3HandlerDeps,
): Promise<SqsBatchResponse> {
  const { Records: records } = parseSqsEvent(event);
  const ok: boolean[] = [];
  for (const record of records) {
    let objects: S3ObjectRef[];
    try {
      objects = s3ObjectsFromSqsRecord(record);
    } catch (err) {
      deps.logger.warn('SQS record is not an S3 notification; reporting it failed', {
        messageId: record.messageId,
        err,
      });
      ok.push(false);
      continue;
    }
    const outcomes = await exportAll(deps, objects, deadline);
    ok.push(outcomes.every((o) => o.failed === 0));
  }
  return toBatchResponse(records, ok);
}

/**
 * The S3 trigger: every ObjectCreated object (direct, via SNS, EventBridge or
 * SQS) is streamed into Kafka. Delivered only when every message of every
 * object is acknowledged; otherwise it throws (or, for notifications that
 * came through SQS, names the SQS records) so the object is tried again. At
 * least once: a retry re-sends what already landed (see s3.deterministic_keys).
 */
export function handleS3Event(
  event: unknown,
  context: LambdaContextLike,
  deps: S3HandlerDeps,
): Promise<{ objects: ObjectOutcome[] } | SqsBatchResponse> {
  return untilDeadline(context, deps.env, (deadline) => handleS3Objects(event, deadline, deps));
}

async function handleS3Objects(
  event: unknown,
  deadline: number,
  deps: S3HandlerDeps,
): Promise<{ objects: ObjectOutcome[] } | SqsBatchResponse> {
  await deps.settings();
  if (isSqsEvent(event)) return handleViaSqs(event, deadline, deps);
  const outcomes = await exportAll(deps, s3ObjectsFromEvent(event), deadline);
  if (outcomes.some((o) => o.failed > 0)) throw new S3ExportError(outcomes);
  return { objects: outcomes };
}
