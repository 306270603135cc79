import * as z from 'zod/mini';
import { EventShapeError } from '../../events/errors.ts';
import { parseWith } from '../../events/issues.ts';

export const S3NotificationObjectSchema = z.looseObject({
  /** URL-encoded, with `+` for a space: see {@link decodeS3Key}. */
  key: z.string(),
  size: z.optional(z.number()),
  eTag: z.optional(z.string()),
  versionId: z.nullish(z.string()),
  sequencer: z.optional(z.string()),
});

export const S3NotificationRecordSchema = z.looseObject({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  awsRegion: z.optional(z.string()),
  eventTime: z.optional(z.string()),
  s3: z.looseObject({
    bucket: z.looseObject({ name: z.string(), arn: z.optional(z.string()) }),
    object: S3NotificationObjectSchema,
  }),
});

/** An S3 event notification, as Lambda, SQS and SNS receive it. */
export const S3EventSchema = z.looseObject({
  Records: z.array(S3NotificationRecordSchema),
});

/** What S3 sends once when a notification is configured; it names no object. */
export const S3TestEventSchema = z.looseObject({
  Service: z.literal('Amazon S3'),
  Event: z.literal('s3:TestEvent'),
  Bucket: z.optional(z.string()),
});

/** An S3 event through EventBridge. Its object key is NOT URL-encoded. */
export const EventBridgeS3EventSchema = z.looseObject({
  source: z.literal('aws.s3'),
  'detail-type': z.string(),
  detail: z.looseObject({
    bucket: z.looseObject({ name: z.string() }),
    object: z.looseObject({
      key: z.string(),
      size: z.optional(z.number()),
      etag: z.optional(z.string()),
      'version-id': z.optional(z.string()),
    }),
  }),
});

export type S3NotificationRecord = z.infer<typeof S3NotificationRecordSchema>;
export type S3Event = z.infer<typeof S3EventSchema>;
export type EventBridgeS3Event = z.infer<typeof EventBridgeS3EventSchema>;

/**
 * A direct S3 event notification, checked. Keys are left as S3 wrote them
 * (URL-encoded); {@link s3ObjectsFromEvent} gives them decoded.
 *
 * @param path - name of `event` in error texts; empty for a whole Lambda event
 * @throws EventShapeError naming the first wrong field
 */
export function parseS3Event(event: unknown, path = ''): S3Event {
  return parseWith(S3EventSchema, event, path);
}

/** True for the `s3:TestEvent` message S3 sends when a notification is set up. */
export function isS3TestEvent(value: unknown): boolean {
  return S3TestEventSchema.safeParse(value).success;
}

/** True for an S3 event notification record that announces a new object (`ObjectCreated:*`). */
export function isObjectCreated(record: S3NotificationRecord): boolean {
  return record.eventName.startsWith('ObjectCreated:');
}

/**
 * An object key as S3 notifications write it, decoded: they URL-encode keys
 * with `+` for a space, so a real `+` arrives as `%2B` (`my+file.txt` is
 * `my file.txt`, `a%2Bb` is `a+b`).
 *
 * @param path - where the key is, for the error text
 * @throws EventShapeError when the key has a malformed %-sequence (S3 never writes one)
 */
export function decodeS3Key(key: string, path = 's3.object.key'): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch (error) {
    throw new EventShapeError(path, 'a URL-encoded object key', 'a malformed %-sequence', { cause: error });
  }
}
