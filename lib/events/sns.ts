import * as z from 'zod/mini';
import { parseWith } from './issues.ts';
import { keepProtoKey } from './proto-keys.ts';

/**
 * One SNS message attribute. `Type` is `String`, `String.Array` (a JSON array
 * as text), `Number` or `Binary` (base64 text).
 */
export const SnsMessageAttributeSchema = z.looseObject({
  Type: z.string(),
  Value: z.string(),
});

/**
 * An SNS Notification as JSON: the body SQS receives from a topic without raw
 * message delivery. (Lambda's own SNS records hold the same fields, with
 * `SigningCertUrl`/`UnsubscribeUrl` spelled differently; we read neither.)
 */
export const SnsNotificationSchema = z.looseObject({
  Type: z.literal('Notification'),
  MessageId: z.optional(z.string()),
  TopicArn: z.string(),
  Subject: z.nullish(z.string()),
  Message: z.string(),
  Timestamp: z.optional(z.string()),
  MessageAttributes: z.optional(z.record(z.string(), SnsMessageAttributeSchema)),
});

export const SnsRecordSchema = z.looseObject({
  EventSource: z.literal('aws:sns'),
  EventSubscriptionArn: z.optional(z.string()),
  Sns: SnsNotificationSchema,
});

/** The event of an SNS subscription that invokes Lambda directly. */
export const SnsEventSchema = z.looseObject({
  Records: z.array(SnsRecordSchema),
});

export type SnsMessageAttribute = z.infer<typeof SnsMessageAttributeSchema>;
export type SnsNotification = z.infer<typeof SnsNotificationSchema>;
export type SnsEvent = z.infer<typeof SnsEventSchema>;

/**
 * True when `value` (already JSON-parsed) announces itself as an SNS
 * Notification: `Type` is `Notification` and `TopicArn` and `Message` are
 * present. Anything else is an ordinary message, even when it has some of
 * these fields.
 */
export function isSnsNotification(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  return (
    fields.Type === 'Notification' &&
    typeof fields.TopicArn === 'string' &&
    Object.hasOwn(fields, 'TopicArn') &&
    Object.hasOwn(fields, 'Message')
  );
}

/**
 * The SNS Notification in `value` (a JSON-parsed SQS body or similar), or
 * undefined when `value` is not one (see {@link isSnsNotification}).
 *
 * @param path - name of `value` in error texts, e.g. `Records[0].body`
 * @throws EventShapeError when `value` announces a Notification but a field we read is wrong
 */
export function parseSnsEnvelope(value: unknown, path = 'body'): SnsNotification | undefined {
  if (!isSnsNotification(value)) return undefined;
  const parsed = parseWith(SnsNotificationSchema, value, path);
  const attributes = keepProtoKey(
    (value as { MessageAttributes?: unknown }).MessageAttributes,
    parsed.MessageAttributes,
    SnsMessageAttributeSchema,
    `${path}.MessageAttributes`,
  );
  if (attributes !== undefined) parsed.MessageAttributes = attributes;
  return parsed;
}

/**
 * The event of a direct SNS subscription, checked.
 *
 * @throws EventShapeError naming the first wrong field
 */
export function parseSnsEvent(event: unknown): SnsEvent {
  return parseWith(SnsEventSchema, event);
}
