import { z } from 'zod';
import { HttpConfigSchema, S3ConfigSchema, ScheduleConfigSchema } from './trigger-schemas.ts';

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
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
/** Only codecs KafkaJS ships without native add-ons (snappy, lz4, zstd need them). */
export const COMPRESSIONS = ['none', 'gzip'] as const;

const oneOf = (values: readonly (string | number)[]) => `expected one of ${values.join(', ')}`;
const STRING = 'expected a string';
const BOOLEAN = 'expected true or false';
const INTEGER = 'expected an integer';
const MAPPING = 'expected a mapping';
const FILE = 'expected a file path or PEM text';
const HOST_PORT = 'expected host:port';
const PORT_RANGE = 'expected a port from 1 to 65535';
const TOPIC =
  'expected a Kafka topic name (1-249 characters of a-z, A-Z, 0-9, ".", "_", "-"; not "." or "..")';

const HOST_PORT_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?):([0-9]{1,5})$/;
const TOPIC_PATTERN = /^[a-zA-Z0-9._-]{1,249}$/;

/** Why an entry is not a usable broker address, or undefined when it is. */
export function brokerProblem(entry: string): string | undefined {
  const match = HOST_PORT_PATTERN.exec(entry);
  if (match === null) return HOST_PORT;
  const port = Number(match[3]);
  return port >= 1 && port <= 65_535 ? undefined : PORT_RANGE;
}

/** Kafka's own rule for topic names (kafka.common.internals.Topic). */
export function isTopicName(name: string): boolean {
  return TOPIC_PATTERN.test(name) && name !== '.' && name !== '..';
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

const str = () => z.string({ error: STRING });

/** `host:port`, `host:port,host:port`, or a YAML list; always a list afterwards. */
export const BootstrapServerSchema = z
  .union([z.string(), z.array(z.unknown())], { error: `${HOST_PORT} or a list of host:port` })
  .superRefine((value, ctx) => {
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
  })
  .transform((value) =>
    (typeof value === 'string' ? value.split(',') : (value as string[])).map((entry) => entry.trim()),
  );

export const TopicNameSchema = z.string({ error: TOPIC }).refine(isTopicName, { error: TOPIC });

/** Accepted for Mage compatibility and ignored: KafkaJS negotiates API versions with the broker. */
export const ApiVersionSchema = z
  .union([z.string(), z.number()], { error: 'expected a dotted version such as "0.10.2" or "3.9"' })
  .transform(String)
  .refine((version) => /^[0-9]+(\.[0-9]+){0,3}$/.test(version), {
    error: 'expected a dotted version such as "0.10.2" or "3.9"',
  });

/** Mage's rule: a missing, zero or negative value means the default. */
const positiveOrDefault = (fallback: number) =>
  z
    .int({ error: INTEGER })
    .optional()
    .transform((value) => (value === undefined || value <= 0 ? fallback : value));

const FileReferenceSchema = z.string({ error: FILE }).min(1, { error: FILE });

export const SslConfigSchema = z.strictObject(
  {
    cafile: FileReferenceSchema.optional(),
    certfile: FileReferenceSchema.optional(),
    keyfile: FileReferenceSchema.optional(),
    /** Passphrase of an encrypted keyfile. */
    password: str().optional(),
    /** Secure default, unlike Mage's False. */
    check_hostname: z.boolean({ error: BOOLEAN }).default(true),
  },
  { error: MAPPING },
);

export const SaslConfigSchema = z.strictObject(
  {
    mechanism: z.enum(SASL_MECHANISMS, { error: oneOf(SASL_MECHANISMS) }).default('PLAIN'),
    username: str().optional(),
    password: str().optional(),
    oauth_token_url: z
      .string({ error: 'expected an http(s) URL' })
      .refine(isHttpUrl, { error: 'expected an http(s) URL' })
      .optional(),
    oauth_client_id: str().optional(),
    oauth_client_secret: str().optional(),
    oauth_scope: str().optional(),
    // Extensions: Mage hard-codes 60 s and a 10 s token request timeout.
    oauth_refresh_margin_seconds: z
      .number({ error: 'expected a number of seconds, 0 or more' })
      .min(0, { error: 'expected a number of seconds, 0 or more' })
      .default(DEFAULT_OAUTH_REFRESH_MARGIN_SECONDS),
    oauth_timeout_ms: z
      .int({ error: 'expected a positive integer' })
      .positive({ error: 'expected a positive integer' })
      .default(DEFAULT_OAUTH_TIMEOUT_MS),
  },
  { error: MAPPING },
);

export const ExporterConfigSchema = z.strictObject(
  {
    connector_type: z.literal('kafka', { error: 'expected "kafka"' }).optional(),
    bootstrap_server: BootstrapServerSchema,
    topic: TopicNameSchema,
    api_version: ApiVersionSchema.optional(),
    batch_size: positiveOrDefault(DEFAULT_BATCH_SIZE),
    timeout_ms: positiveOrDefault(DEFAULT_TIMEOUT_MS),
    security_protocol: z.enum(SECURITY_PROTOCOLS, { error: oneOf(SECURITY_PROTOCOLS) }).default('PLAINTEXT'),
    ssl_config: SslConfigSchema.optional(),
    sasl_config: SaslConfigSchema.optional(),
    // Extensions beyond Mage (see README.md).
    acks: z
      .literal(['all', -1, 0, 1], { error: oneOf(['all', -1, 0, 1]) })
      .default('all')
      .transform((acks) => (acks === 'all' ? -1 : acks)),
    compression: z.enum(COMPRESSIONS, { error: oneOf(COMPRESSIONS) }).default('none'),
    client_id: z
      .string({ error: 'expected a non-empty string' })
      .min(1, { error: 'expected a non-empty string' })
      .default(DEFAULT_CLIENT_ID),
    idempotent: z.boolean({ error: BOOLEAN }).default(false),
    headers: z
      .record(z.string(), str(), { error: 'expected a mapping of header names to strings' })
      .default({}),
    dead_letter_topic: TopicNameSchema.optional(),
    http: HttpConfigSchema.default({
      auth: 'api_key',
      allowed_topics: [],
      max_body_bytes: 1024 * 1024,
      max_messages: 1000,
      hmac_max_skew_seconds: 300,
    }),
    s3: S3ConfigSchema.default({ deterministic_keys: false, max_record_bytes: 1024 * 1024 }),
    schedule: ScheduleConfigSchema.default({}),
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
  'ssl_config.check_hostname': 'boolean',
  'sasl_config.oauth_refresh_margin_seconds': 'number',
  'sasl_config.oauth_timeout_ms': 'number',
  'http.max_body_bytes': 'number',
  'http.max_messages': 'number',
  'http.hmac_max_skew_seconds': 'number',
  's3.deterministic_keys': 'boolean',
  's3.max_record_bytes': 'number',
};
