/**
 * Base of every error this project throws on purpose. `retriable` says whether
 * trying the same thing again later may succeed (a broker restart, a throttled
 * API), so triggers can choose between "report failed, let AWS retry" and
 * "reject for good".
 */
export class SkeError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SkeError';
    this.retriable = options.retriable ?? false;
  }
}
