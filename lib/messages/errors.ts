import { SkeError } from '../errors.ts';
import { describeValue } from '../text/describe.ts';

/**
 * A message that cannot become a Kafka record. It is a per-message result, not
 * a crash: the trigger reports it for that record only. Retrying the same
 * message can never succeed, so it is never retriable.
 */
export class MessageError extends SkeError {
  /** Where in the message the problem is: `metadata.key`, `data.readings[2]`, `message`. */
  readonly field: string;

  constructor(field: string, expected: string, got: unknown) {
    super(`${field}: expected ${expected}; got ${describeValue(got)}`, { retriable: false });
    this.name = 'MessageError';
    this.field = field;
  }
}
