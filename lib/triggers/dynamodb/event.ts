import * as z from 'zod/mini';
import { parseWith } from '../../events/issues.ts';
import { isObject } from '../../events/shape-checks.ts';

/**
 * An item image or key map: attribute name to DynamoDB attribute value. Kept
 * by reference, not copied (a copy would turn an attribute named `__proto__`
 * into a prototype); the attribute values are checked as they are read.
 */
const AttributeMapSchema = z.custom<Record<string, unknown>>(isObject, {
  error: 'expected a map of attribute values',
});

export const DYNAMODB_EVENT_NAMES = ['INSERT', 'MODIFY', 'REMOVE'] as const;

/** One record as Lambda delivers it from a DynamoDB stream. */
export const DynamodbRecordSchema = z.looseObject({
  eventID: z.optional(z.string()),
  eventName: z.enum(DYNAMODB_EVENT_NAMES),
  eventVersion: z.optional(z.string()),
  eventSource: z.literal('aws:dynamodb'),
  awsRegion: z.optional(z.string()),
  dynamodb: z.looseObject({
    ApproximateCreationDateTime: z.optional(z.number()),
    Keys: AttributeMapSchema,
    NewImage: z.optional(AttributeMapSchema),
    OldImage: z.optional(AttributeMapSchema),
    SequenceNumber: z.string(),
    SizeBytes: z.optional(z.number()),
    StreamViewType: z.optional(z.string()),
  }),
  /** `arn:aws:dynamodb:region:account:table/NAME/stream/LABEL`. */
  eventSourceARN: z.string(),
});

export const DynamodbEventSchema = z.looseObject({
  Records: z.array(DynamodbRecordSchema),
});

export type DynamodbRecord = z.infer<typeof DynamodbRecordSchema>;
export type DynamodbEvent = z.infer<typeof DynamodbEventSchema>;

/**
 * The event of a DynamoDB Streams event source mapping, checked.
 *
 * @throws EventShapeError naming the first wrong field (`Records[0].dynamodb.Keys: expected a map of attribute values; got undefined`)
 */
export function parseDynamodbEvent(event: unknown): DynamodbEvent {
  return parseWith(DynamodbEventSchema, event);
}

/** The table's name from a stream ARN, else the ARN itself. */
export function tableOf(arn: string): string {
  const at = arn.indexOf(':table/');
  return at < 0 ? arn : arn.slice(at + ':table/'.length).split('/')[0]!;
}
