import { SkeError } from '../../errors.ts';

/**
 * The object's bytes cannot be read as what they claim to be: gzip that is not
 * gzip, or stops half-way. Reading the same object again gives the same bytes,
 * so it is not retriable. The decoder turns it into an error item; failures to
 * *fetch* the bytes (a reset connection) are thrown as they are, since a retry
 * may succeed.
 */
export class S3ObjectContentError extends SkeError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
    this.name = 'S3ObjectContentError';
  }
}
