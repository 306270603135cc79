import { processRedactor } from './observability/redactor.ts';

/**
 * Base of every error this project throws on purpose. `retriable` says whether
 * trying the same thing again later may succeed (a broker restart, a throttled
 * API), so triggers can choose between "report failed, let AWS retry" and
 * "reject for good".
 *
 * The message is redacted when the error is made (resolved secrets, URL user
 * info): errors the functions throw are logged by Lambda and returned to
 * synchronous callers as they are, without passing through our logger.
 */
export class SkeError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(
      processRedactor.redact(message),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'SkeError';
    this.retriable = options.retriable ?? false;
  }
}
