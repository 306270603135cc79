export { ConfigError, type ConfigIssue, formatIssue } from './errors.ts';
export type { ReadTextFile } from './files.ts';
export {
  type LoadDeps,
  loadConfig,
  type RawConfig,
  type ResolveDeps,
  resolveConfig,
  type ValidationResult,
  validateConfig,
} from './load.ts';
export { type ConfigLocation, type LocateDeps, locateConfig } from './locate.ts';
export type {
  ResolvedAwsIam,
  ResolvedConfig,
  ResolvedOAuth,
  ResolvedSasl,
  ResolvedSaslMechanism,
  ResolvedSsl,
} from './resolved.ts';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CLIENT_ID,
  DEFAULT_TIMEOUT_MS,
  type ExporterConfig,
  type ExporterConfigInput,
  ExporterConfigSchema,
  type SaslMechanism,
  type SecurityProtocol,
} from './schema.ts';
export { findTemplates, resolveTemplates, type TemplateResolver } from './templates.ts';
export type { DynamodbConfig, EventBridgeConfig, KinesisConfig } from './trigger-schemas.ts';
export { DYNAMODB_PARTS, EVENTBRIDGE_DATA, STREAM_ORDERINGS } from './trigger-schemas.ts';
