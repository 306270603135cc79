import { SkeError } from '../errors.ts';

/**
 * The registry could not be asked, or refused (unreachable, 5xx, bad
 * credentials, unknown subject, incompatible or invalid schema). Always
 * retriable: the message is not at fault, so it is never dead-lettered for
 * this; the trigger retries it once the registry or the config is fixed.
 */
export class SchemaRegistryError extends SkeError {
  readonly code: string;

  constructor(message: string, options: { cause?: unknown; code?: string } = {}) {
    super(message, { ...options, retriable: true });
    this.name = 'SchemaRegistryError';
    this.code = options.code ?? 'SCHEMA_REGISTRY_ERROR';
  }
}

/** A message that its subject's schema does not accept: a per-message error, never retried. */
export class SchemaMismatchError extends SkeError {
  readonly code = 'SCHEMA_MISMATCH';

  constructor(message: string) {
    super(message, { retriable: false });
    this.name = 'SchemaMismatchError';
  }
}
