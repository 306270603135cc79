import { SkeError } from '../errors.ts';

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

const MAX_SHOWN_STRING = 60;

/**
 * Short description of a wrong value for an error text. Strings, numbers and
 * booleans are shown (the "almost right" cases: `"my topic"`, `-1`); containers
 * are shown by kind only, so an error never echoes a whole payload.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > MAX_SHOWN_STRING ? `${value.slice(0, MAX_SHOWN_STRING)}...` : value;
      return JSON.stringify(shown);
    }
    case 'number':
    case 'boolean':
      return String(value);
    case 'object': {
      const ctor = Object.getPrototypeOf(value)?.constructor?.name;
      return ctor && ctor !== 'Object' ? ctor : 'object';
    }
    default:
      return typeof value;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `data` + `bees` -> `data.bees`; `data` + `a b` -> `data["a b"]`; `data` + 0 -> `data[0]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
