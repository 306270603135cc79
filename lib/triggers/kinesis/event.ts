import * as z from 'zod/mini';
import { parseWith } from '../../events/issues.ts';

/** One record as Lambda delivers it from a Kinesis data stream. */
export const KinesisRecordSchema = z.looseObject({
  kinesis: z.looseObject({
    kinesisSchemaVersion: z.optional(z.string()),
    partitionKey: z.string(),
    sequenceNumber: z.string(),
    /** The record's bytes, base64. */
    data: z.string(),
    approximateArrivalTimestamp: z.optional(z.number()),
  }),
  eventSource: z.literal('aws:kinesis'),
  eventVersion: z.optional(z.string()),
  /** `shardId-000000000006:<sequence number>`: the only place the event names the shard. */
  eventID: z.string(),
  eventName: z.optional(z.string()),
  invokeIdentityArn: z.optional(z.string()),
  awsRegion: z.optional(z.string()),
  eventSourceARN: z.string(),
});

export const KinesisEventSchema = z.looseObject({
  Records: z.array(KinesisRecordSchema),
});

export type KinesisRecord = z.infer<typeof KinesisRecordSchema>;
export type KinesisEvent = z.infer<typeof KinesisEventSchema>;

/**
 * The event of a Kinesis event source mapping, checked.
 *
 * @throws EventShapeError naming the first wrong field (`Records[0].kinesis.data: expected string; got undefined`)
 */
export function parseKinesisEvent(event: unknown): KinesisEvent {
  return parseWith(KinesisEventSchema, event);
}

/** The shard of a record: the part of `eventID` before the colon. */
export function shardOf(record: KinesisRecord): string {
  const colon = record.eventID.indexOf(':');
  return colon < 0 ? record.eventID : record.eventID.slice(0, colon);
}

/** The stream's name from its ARN (`arn:aws:kinesis:region:account:stream/NAME`), else the ARN itself. */
export function streamOf(arn: string): string {
  const slash = arn.indexOf(':stream/');
  return slash < 0 ? arn : arn.slice(slash + ':stream/'.length).split('/')[0]!;
}
