import type { SchemaRegistryConfig } from './registry-schema.ts';
import type { ExporterConfig, SecurityProtocol } from './schema.ts';
import type { SslMaterial } from './ssl-files.ts';
import type {
  DynamodbConfig,
  EventBridgeConfig,
  HttpConfig,
  KinesisConfig,
  S3Config,
  ScheduleConfig,
} from './trigger-schemas.ts';

/** TLS settings, present exactly when the protocol is SSL or SASL_SSL. */
export interface ResolvedSsl {
  /** PEM text, not paths: files and secrets are already read. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Passphrase of `key` (Mage's ssl_config.password). */
  passphrase?: string;
  /** False turns off only the hostname check; the certificate chain is still verified. */
  checkHostname: boolean;
}

export interface ResolvedOAuth {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Refresh a token when less than this is left of its lifetime. */
  refreshMarginMs: number;
  /** Timeout of one token request. */
  timeoutMs: number;
}

/** AWS_MSK_IAM: where tokens are signed for, and the role to assume first (cross-account). */
export interface ResolvedAwsIam {
  /** sasl_config.aws_region, else AWS_REGION (else AWS_DEFAULT_REGION) of the environment. */
  region: string;
  roleArn?: string;
  /** Session name for the assumed role. Default `serverless-kafka-exporter`. */
  roleSessionName?: string;
}

export const DEFAULT_ROLE_SESSION_NAME = 'serverless-kafka-exporter';

export type ResolvedSaslMechanism =
  | 'plain'
  | 'scram-sha-256'
  | 'scram-sha-512'
  | 'oauthbearer'
  | 'aws_msk_iam';

/** SASL settings, present exactly when the protocol is SASL_SSL or SASL_PLAINTEXT. */
export interface ResolvedSasl {
  /** KafkaJS spelling. */
  mechanism: ResolvedSaslMechanism;
  username?: string;
  password?: string;
  oauth?: ResolvedOAuth;
  awsIam?: ResolvedAwsIam;
}

/** The exporter config as the Kafka layer uses it: camelCase, defaults applied, secrets and files read. */
export interface ResolvedConfig {
  brokers: string[];
  /** Default topic for messages without `metadata.dest_topic`. */
  topic: string;
  /** Most messages per produce request. */
  batchSize: number;
  /** How long the broker may wait for acknowledgements of one produce request (KafkaJS `timeout`). */
  timeoutMs: number;
  securityProtocol: SecurityProtocol;
  ssl?: ResolvedSsl;
  sasl?: ResolvedSasl;
  acks: -1 | 0 | 1;
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  clientId: string;
  idempotent: boolean;
  /** Added to every record; message headers win on a clash. */
  headers: Record<string, string>;
  deadLetterTopic?: string;
  /** Encode records in a schema registry's wire format (schema_registry, as validated: snake_case). */
  schemaRegistry?: SchemaRegistryConfig;
  /** Propagate the trigger's trace context (`traceparent`) into record headers. */
  traceContext: boolean;
  /** Trigger settings (extensions): see trigger-schemas.ts. */
  http: HttpConfig;
  s3: S3Config;
  schedule: ScheduleConfig;
  kinesis: KinesisConfig;
  dynamodb: DynamodbConfig;
  eventbridge: EventBridgeConfig;
}

/**
 * Maps a validated config and its loaded PEM files to the resolved shape.
 * Settings the protocol does not use are left out, as the rules warned about
 * them: ssl_config under PLAINTEXT, for one.
 */
export function toResolvedConfig(
  config: ExporterConfig,
  files: SslMaterial,
  env: Record<string, string | undefined> = {},
): ResolvedConfig {
  const protocol = config.security_protocol;
  const resolved: ResolvedConfig = {
    brokers: config.bootstrap_server,
    topic: config.topic,
    batchSize: config.batch_size,
    timeoutMs: config.timeout_ms,
    securityProtocol: protocol,
    acks: config.acks,
    compression: config.compression,
    clientId: config.client_id,
    idempotent: config.idempotent,
    headers: config.headers,
    traceContext: config.trace_context,
    http: withTrimmedSecret(config.http),
    s3: config.s3,
    schedule: config.schedule,
    kinesis: config.kinesis,
    dynamodb: config.dynamodb,
    eventbridge: config.eventbridge,
  };
  if (config.dead_letter_topic !== undefined) resolved.deadLetterTopic = config.dead_letter_topic;
  if (config.schema_registry !== undefined) resolved.schemaRegistry = config.schema_registry;
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const ssl: ResolvedSsl = { ...files, checkHostname: config.ssl_config?.check_hostname ?? true };
    if (config.ssl_config?.password !== undefined) ssl.passphrase = config.ssl_config.password;
    resolved.ssl = ssl;
  }
  const sasl = config.sasl_config;
  if ((protocol === 'SASL_SSL' || protocol === 'SASL_PLAINTEXT') && sasl !== undefined) {
    const mechanism = sasl.mechanism.toLowerCase() as ResolvedSaslMechanism;
    if (mechanism === 'oauthbearer') {
      // The rules have already required these three.
      const oauth: ResolvedOAuth = {
        tokenUrl: sasl.oauth_token_url!,
        clientId: sasl.oauth_client_id!,
        clientSecret: sasl.oauth_client_secret!,
        refreshMarginMs: sasl.oauth_refresh_margin_seconds * 1000,
        timeoutMs: sasl.oauth_timeout_ms,
      };
      if (sasl.oauth_scope !== undefined) oauth.scope = sasl.oauth_scope;
      resolved.sasl = { mechanism, oauth };
    } else if (mechanism === 'aws_msk_iam') {
      // An empty region is reported by resolveConfig, which knows where to point.
      const awsIam: ResolvedAwsIam = {
        region: sasl.aws_region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
      };
      if (sasl.aws_role_arn !== undefined) {
        awsIam.roleArn = sasl.aws_role_arn;
        awsIam.roleSessionName = sasl.aws_role_session_name ?? DEFAULT_ROLE_SESSION_NAME;
      }
      resolved.sasl = { mechanism, awsIam };
    } else {
      resolved.sasl = { mechanism, username: sasl.username!, password: sasl.password! };
    }
  }
  return resolved;
}

/**
 * `http.secret` without surrounding whitespace. A secret stored with a trailing
 * newline (`echo key | aws secretsmanager ...`) could never match: HTTP strips
 * whitespace around header values, so no request could carry it.
 */
function withTrimmedSecret(http: ExporterConfig['http']): ExporterConfig['http'] {
  const secret = http.secret;
  if (secret === undefined || secret.trim() === secret) return http;
  return { ...http, secret: secret.trim() };
}
