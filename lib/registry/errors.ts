import { SkeError } from '../errors.ts';

/**
 * The registry could not be asked or refused: unreachable, 5xx, throttled
 * (retriable), or an answer that will not change (unknown subject, bad
 * credentials, incompatible schema: not retriable).
 */
export class SchemaRegistryError extends SkeError {
  readonly code: string;

  constructor(message: string, options: { cause?: unknown; retriable?: boolean; code?: string } = {}) {
    super(message, options);
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
