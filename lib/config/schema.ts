import * as z from 'zod/mini';
import { BasicAuthSchema, GlueRegistrySchema, SchemaRegistryConfigSchema } from './registry-schema.ts';
import { TopicNameSchema } from './topic-schema.ts';
import {
  DynamodbConfigSchema,
  dynamodbDefaults,
  EventBridgeConfigSchema,
  eventBridgeDefaults,
  HttpConfigSchema,
  httpDefaults,
  KinesisConfigSchema,
  kinesisDefaults,
  S3ConfigSchema,
  ScheduleConfigSchema,
  s3Defaults,
} from './trigger-schemas.ts';

/*
 * exporter.yaml, after templates are resolved. Keys are Mage's Kafka exporter
 * keys with Mage's meaning, plus extensions marked below. Every schema states
 * what it expects in its own words ("expected ..."); issues.ts adds the path
 * and what was found, so users never see zod's generic texts.
 */

export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_TIMEOUT_MS = 500;
export const DEFAULT_CLIENT_ID = 'serverless-kafka-exporter';
export const DEFAULT_OAUTH_REFRESH_MARGIN_SECONDS = 60;
export const DEFAULT_OAUTH_TIMEOUT_MS = 10_000;

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_SSL', 'SASL_PLAINTEXT'] as const;
export const SASL_MECHANISMS = [
  'PLAIN',
  'SCRAM-SHA-256',
  'SCRAM-SHA-512',
  'OAUTHBEARER',
  'AWS_MSK_IAM',
] as const;
/** The sasl_config keys of AWS_MSK_IAM (an extension; Mage has no IAM mechanism). */
export const AWS_IAM_KEYS = ['aws_region', 'aws_role_arn', 'aws_role_session_name'] as const;
/** Produce codecs: gzip is KafkaJS's own; snappy, lz4 and zstd come from lib/kafka/codecs (no native add-ons). */
export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

const oneOf = (values: readonly (string | number)[]) => `expected one of ${values.join(', ')}`;
const STRING = 'expected a string';
const BOOLEAN = 'expected true or false';
const INTEGER = 'expected an integer';
const MAPPING = 'expected a mapping';
const FILE = 'expected a file path or PEM text';
const HOST_PORT = 'expected host:port';
const PORT_RANGE = 'expected a port from 1 to 65535';

const AWS_REGION = 'expected an AWS region such as "us-east-1"';
const ROLE_ARN = 'expected an IAM role ARN such as "arn:aws:iam::123456789012:role/name"';
const SESSION_NAME = 'expected a role session name (2-64 characters of a-z, A-Z, 0-9, "+=,.@-")';
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

const HOST_PORT_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?):([0-9]{1,5})$/;

/** Why an entry is not a usable broker address, or undefined when it is. */
export function brokerProblem(entry: string): string | undefined {
  const match = HOST_PORT_PATTERN.exec(entry);
  if (match === null) return HOST_PORT;
  const port = Number(match[3]);
  return port >= 1 && port <= 65_535 ? undefined : PORT_RANGE;
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

const str = () => z.string({ error: STRING });

/** `host:port`, `host:port,host:port`, or a YAML list; always a list afterwards. */
export const BootstrapServerSchema = z.pipe(
  z.union([z.string(), z.array(z.unknown())], { error: `${HOST_PORT} or a list of host:port` }).check(
    z.superRefine((value, ctx) => {
      if (Array.isArray(value) && value.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'expected at least one host:port', params: { got: value } });
      }
      const entries = typeof value === 'string' ? value.split(',').map((entry) => entry.trim()) : value;
      entries.forEach((entry, index) => {
        const problem = typeof entry === 'string' ? brokerProblem(entry) : HOST_PORT;
        // A comma-separated string reports at its own path, naming the bad entry.
        const path = typeof value === 'string' ? [] : [index];
        if (problem !== undefined)
          ctx.addIssue({ code: 'custom', message: problem, path, params: { got: entry } });
      });
    }),
  ),
  z.transform((value) =>
    (typeof value === 'string' ? value.split(',') : (value as string[])).map((entry) => entry.trim()),
  ),
);

const API_VERSION = 'expected a dotted version such as "0.10.2" or "3.9"';

/** Accepted for Mage compatibility and ignored: KafkaJS negotiates API versions with the broker. */
export const ApiVersionSchema = z
  .pipe(z.union([z.string(), z.number()], { error: API_VERSION }), z.transform(String))
  .check(z.refine((version) => /^[0-9]+(\.[0-9]+){0,3}$/.test(version), { error: API_VERSION }));

/** Mage's rule: a missing, zero or negative value means the default. */
const positiveOrDefault = (fallback: number) =>
  z.pipe(
    z.optional(z.int({ error: INTEGER })),
    z.transform((value) => (value === undefined || value <= 0 ? fallback : value)),
  );

const FileReferenceSchema = z.string({ error: FILE }).check(z.minLength(1, { error: FILE }));

export const SslConfigSchema = z.strictObject(
  {
    cafile: z.optional(FileReferenceSchema),
    certfile: z.optional(FileReferenceSchema),
    keyfile: z.optional(FileReferenceSchema),
    /** Passphrase of an encrypted keyfile. */
    password: z.optional(str()),
    /** Secure default, unlike Mage's False. */
    check_hostname: z._default(z.boolean({ error: BOOLEAN }), true),
  },
  { error: MAPPING },
);

export const SaslConfigSchema = z.strictObject(
  {
    mechanism: z._default(z.enum(SASL_MECHANISMS, { error: oneOf(SASL_MECHANISMS) }), 'PLAIN'),
    username: z.optional(str()),
    password: z.optional(str()),
    oauth_token_url: z.optional(
      z
        .string({ error: 'expected an http(s) URL' })
        .check(z.refine(isHttpUrl, { error: 'expected an http(s) URL' })),
    ),
    oauth_client_id: z.optional(str()),
    oauth_client_secret: z.optional(str()),
    oauth_scope: z.optional(str()),
    // Extensions: Mage hard-codes 60 s and a 10 s token request timeout.
    oauth_refresh_margin_seconds: z._default(
      z
        .number({ error: 'expected a number of seconds, 0 or more' })
        .check(z.gte(0, { error: 'expected a number of seconds, 0 or more' })),
      DEFAULT_OAUTH_REFRESH_MARGIN_SECONDS,
    ),
    oauth_timeout_ms: z._default(
      z
        .int({ error: 'expected a positive integer' })
        .check(z.positive({ error: 'expected a positive integer' })),
      DEFAULT_OAUTH_TIMEOUT_MS,
    ),
    // Extensions for AWS_MSK_IAM.
    aws_region: z.optional(
      z.string({ error: AWS_REGION }).check(z.regex(AWS_REGION_PATTERN, { error: AWS_REGION })),
    ),
    aws_role_arn: z.optional(
      z.string({ error: ROLE_ARN }).check(z.regex(ROLE_ARN_PATTERN, { error: ROLE_ARN })),
    ),
    aws_role_session_name: z.optional(
      z.string({ error: SESSION_NAME }).check(z.regex(SESSION_NAME_PATTERN, { error: SESSION_NAME })),
    ),
  },
  { error: MAPPING },
);

export const ExporterConfigSchema = z.strictObject(
  {
    connector_type: z.optional(z.literal('kafka', { error: 'expected "kafka"' })),
    bootstrap_server: BootstrapServerSchema,
    topic: TopicNameSchema,
    api_version: z.optional(ApiVersionSchema),
    batch_size: positiveOrDefault(DEFAULT_BATCH_SIZE),
    timeout_ms: positiveOrDefault(DEFAULT_TIMEOUT_MS),
    security_protocol: z._default(
      z.enum(SECURITY_PROTOCOLS, { error: oneOf(SECURITY_PROTOCOLS) }),
      'PLAINTEXT',
    ),
    ssl_config: z.optional(SslConfigSchema),
    sasl_config: z.optional(SaslConfigSchema),
    // Extensions beyond Mage (see README.md).
    acks: z.pipe(
      z._default(z.literal(['all', -1, 0, 1], { error: oneOf(['all', -1, 0, 1]) }), 'all'),
      z.transform((acks) => (acks === 'all' ? -1 : acks)),
    ),
    compression: z._default(z.enum(COMPRESSIONS, { error: oneOf(COMPRESSIONS) }), 'none'),
    client_id: z._default(
      z
        .string({ error: 'expected a non-empty string' })
        .check(z.minLength(1, { error: 'expected a non-empty string' })),
      DEFAULT_CLIENT_ID,
    ),
    idempotent: z._default(z.boolean({ error: BOOLEAN }), false),
    headers: z._default(
      z.record(z.string(), str(), { error: 'expected a mapping of header names to strings' }),
      {},
    ),
    dead_letter_topic: z.optional(TopicNameSchema),
    schema_registry: z.optional(SchemaRegistryConfigSchema),
    /** Write the invocation's W3C trace context (`traceparent`, `tracestate`) as headers of each record. */
    trace_context: z._default(z.boolean({ error: BOOLEAN }), true),
    // Each trigger's defaults come from its own schema (trigger-schemas.ts), written once.
    http: z._default(HttpConfigSchema, httpDefaults),
    s3: z._default(S3ConfigSchema, s3Defaults),
    schedule: z._default(ScheduleConfigSchema, {}),
    kinesis: z._default(KinesisConfigSchema, kinesisDefaults),
    dynamodb: z._default(DynamodbConfigSchema, dynamodbDefaults),
    eventbridge: z._default(EventBridgeConfigSchema, eventBridgeDefaults),
  },
  { error: MAPPING },
);

/** exporter.yaml as written (snake_case keys, before defaults). */
export type ExporterConfigInput = z.input<typeof ExporterConfigSchema>;
/** exporter.yaml after validation: defaults applied, brokers split, acks numeric. */
export type ExporterConfig = z.output<typeof ExporterConfigSchema>;
export type SslConfig = z.output<typeof SslConfigSchema>;
export type SaslConfig = z.output<typeof SaslConfigSchema>;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** The keys each mapping accepts, for "did you mean" hints. Keyed by formatted path ('' = top level). */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(ExporterConfigSchema.shape),
  ssl_config: Object.keys(SslConfigSchema.shape),
  sasl_config: Object.keys(SaslConfigSchema.shape),
  http: Object.keys(HttpConfigSchema.shape),
  s3: Object.keys(S3ConfigSchema.shape),
  schedule: Object.keys(ScheduleConfigSchema.shape),
  kinesis: Object.keys(KinesisConfigSchema.shape),
  dynamodb: Object.keys(DynamodbConfigSchema.shape),
  eventbridge: Object.keys(EventBridgeConfigSchema.shape),
  schema_registry: Object.keys(SchemaRegistryConfigSchema.shape),
  'schema_registry.glue': Object.keys(GlueRegistrySchema.shape),
  'schema_registry.basic_auth': Object.keys(BasicAuthSchema.shape),
};

/**
 * Fields that are not strings. A template always yields text, so a templated
 * value in one of these is read as a number or boolean before validation.
 */
export const NON_STRING_FIELDS: Readonly<Record<string, 'number' | 'boolean'>> = {
  batch_size: 'number',
  timeout_ms: 'number',
  acks: 'number',
  idempotent: 'boolean',
  trace_context: 'boolean',
  'ssl_config.check_hostname': 'boolean',
  'sasl_config.oauth_refresh_margin_seconds': 'number',
  'sasl_config.oauth_timeout_ms': 'number',
  'http.max_body_bytes': 'number',
  'http.max_messages': 'number',
  'http.hmac_max_skew_seconds': 'number',
  's3.deterministic_keys': 'boolean',
  's3.max_record_bytes': 'number',
  'schema_registry.keys': 'boolean',
  'schema_registry.auto_register': 'boolean',
};
