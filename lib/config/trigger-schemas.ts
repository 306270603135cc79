import * as z from 'zod/mini';
import { TopicNameSchema } from './topic-schema.ts';

/*
 * Extensions beyond Mage for the triggers, each under its own key so a plain
 * Mage config never meets them: `http`, `s3`, `schedule`, `kinesis`, `dynamodb`, `eventbridge`.
 */

export const HTTP_AUTH_MODES = ['api_key', 'hmac', 'gateway', 'none'] as const;
export const DEFAULT_HTTP_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_HTTP_MAX_MESSAGES = 1000;
export const DEFAULT_HMAC_MAX_SKEW_SECONDS = 300;
export const DEFAULT_S3_MAX_RECORD_BYTES = 1024 * 1024;

const positiveInt = (fallback: number) =>
  z._default(
    z
      .int({ error: 'expected a positive integer' })
      .check(z.positive({ error: 'expected a positive integer' })),
    fallback,
  );

const topicList = z.array(TopicNameSchema, { error: 'expected a list of topic names' });

/**
 * The HTTP trigger. Authentication is on by default (`api_key`): callers send
 * the secret in `x-api-key`; `hmac` wants `x-ske-timestamp` and
 * `x-ske-signature: sha256=<hex of HMAC(secret, timestamp + "." + body)>`;
 * `gateway` trusts an authorizer configured on API Gateway (and refuses
 * requests that arrive without one); `none` turns authentication off.
 */
export const HttpConfigSchema = z.strictObject(
  {
    auth: z._default(
      z.enum(HTTP_AUTH_MODES, { error: `expected one of ${HTTP_AUTH_MODES.join(', ')}` }),
      'api_key',
    ),
    secret: z.optional(z.string({ error: 'expected a string' })),
    /** Topics a caller may name in metadata.dest_topic besides the default topic. */
    allowed_topics: z._default(topicList, []),
    max_body_bytes: positiveInt(DEFAULT_HTTP_MAX_BODY_BYTES),
    max_messages: positiveInt(DEFAULT_HTTP_MAX_MESSAGES),
    hmac_max_skew_seconds: positiveInt(DEFAULT_HMAC_MAX_SKEW_SECONDS),
  },
  { error: 'expected a mapping' },
);

export const S3ConfigSchema = z.strictObject(
  {
    /** Key every record `bucket/key#line` when the message names none, so consumers can drop duplicates of a retry. */
    deterministic_keys: z._default(z.boolean({ error: 'expected true or false' }), false),
    max_record_bytes: positiveInt(DEFAULT_S3_MAX_RECORD_BYTES),
  },
  { error: 'expected a mapping' },
);

export const ScheduleConfigSchema = z.strictObject(
  {
    /** What a scheduled run exports when its event carries no messages: one message or a list. */
    input: z.optional(z.unknown()),
  },
  { error: 'expected a mapping' },
);

/**
 * Order kept within a stream shard: `shard` sends one record at a time and
 * nothing after a failure (the whole shard in order, nothing sent twice);
 * `key` keeps each key's records in order and sends different keys side by
 * side (much faster; after a failure, records of other keys already sent are
 * sent again by the retry). Lambda's own ParallelizationFactor keeps `key` order.
 */
export const STREAM_ORDERINGS = ['shard', 'key'] as const;

const ordering = z._default(
  z.enum(STREAM_ORDERINGS, { error: `expected one of ${STREAM_ORDERINGS.join(', ')}` }),
  'shard',
);

export const KinesisConfigSchema = z.strictObject(
  {
    /** `key` = the record's partition key. */
    ordering,
  },
  { error: 'expected a mapping' },
);

/** The parts of a DynamoDB stream record its message holds, in this order. */
export const DYNAMODB_PARTS = ['eventName', 'keys', 'newImage', 'oldImage'] as const;

export const DynamodbConfigSchema = z.strictObject(
  {
    /** Which parts of each stream record its message holds (a part the record lacks is left out). */
    parts: z._default(
      z
        .array(z.enum(DYNAMODB_PARTS, { error: `expected one of ${DYNAMODB_PARTS.join(', ')}` }), {
          error: `expected a list of ${DYNAMODB_PARTS.join(', ')}`,
        })
        .check(z.minLength(1, { error: `expected a non-empty list of ${DYNAMODB_PARTS.join(', ')}` })),
      () => [...DYNAMODB_PARTS],
    ),
    /** `key` = the item's key. */
    ordering,
  },
  { error: 'expected a mapping' },
);

/** What an EventBridge event (any rule but a schedule) sends as the record value. */
export const EVENTBRIDGE_DATA = ['event', 'detail'] as const;

export const EventBridgeConfigSchema = z.strictObject(
  {
    /** `event`: the whole event (envelope and detail); `detail`: only its `detail`. */
    data: z._default(
      z.enum(EVENTBRIDGE_DATA, { error: `expected one of ${EVENTBRIDGE_DATA.join(', ')}` }),
      'event',
    ),
  },
  { error: 'expected a mapping' },
);

export type HttpConfig = z.output<typeof HttpConfigSchema>;

/** The http settings of a config that has none: the schema's own defaults (a fresh object each call). */
export const httpDefaults = (): HttpConfig => z.parse(HttpConfigSchema, {});
/** The s3 settings of a config that has none. */
export const s3Defaults = (): S3Config => z.parse(S3ConfigSchema, {});
export type S3Config = z.output<typeof S3ConfigSchema>;
export type ScheduleConfig = z.output<typeof ScheduleConfigSchema>;
export type KinesisConfig = z.output<typeof KinesisConfigSchema>;
export type DynamodbConfig = z.output<typeof DynamodbConfigSchema>;
export type EventBridgeConfig = z.output<typeof EventBridgeConfigSchema>;

/** The kinesis settings of a config that has none. */
export const kinesisDefaults = (): KinesisConfig => z.parse(KinesisConfigSchema, {});
/** The dynamodb settings of a config that has none. */
export const dynamodbDefaults = (): DynamodbConfig => z.parse(DynamodbConfigSchema, {});
/** The eventbridge settings of a config that has none. */
export const eventBridgeDefaults = (): EventBridgeConfig => z.parse(EventBridgeConfigSchema, {});
