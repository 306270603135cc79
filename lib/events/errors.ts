import { SkeError } from '../errors.ts';

/**
 * A Lambda event that does not have the shape its trigger sends. The message
 * names the place and what was expected, `Records[0].body: expected string; got
 * undefined`, and tells only the kind of value found: events carry message
 * bodies and credentials, which never belong in an error text. Not retriable:
 * the same event fails the same way.
 */
export class EventShapeError extends SkeError {
  /** Where in the event the problem is, as written in the message (`event` for the whole event). */
  readonly path: string;

  constructor(path: string, expected: string, got: string, options: { cause?: unknown } = {}) {
    super(`${path}: expected ${expected}; got ${got}`, { ...options, retriable: false });
    this.name = 'EventShapeError';
    this.path = path;
  }
}
