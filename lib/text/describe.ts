/** Containers and absence in the words of the input's language: YAML for the config, JSON for messages. */
const WORDS = {
  yaml: { nothing: 'nothing', list: 'a list', emptyList: 'an empty list', mapping: 'a mapping' },
  json: { nothing: 'undefined', list: 'array', emptyList: 'array', mapping: 'object' },
} as const;

const SHOWN_CHARACTERS = 60;
const characters = (count: number) => `${count} character${count === 1 ? '' : 's'}`;

export interface DescribeOptions {
  /** `yaml` (config: "a mapping", "a list", "nothing") or `json` (messages: "object", "array"). Default json. */
  words?: keyof typeof WORDS;
  /** Secret fields, values from aws_secret: only the type and length are told. */
  redact?: boolean;
}

/**
 * The kind of a value, never the value: `undefined`, `null`, `string`,
 * `number`, `boolean`, `array` or `object` (events: their content is not ours to echo).
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * How a found value reads in "got X", the one rule for every error text:
 * strings quoted and long ones cut (with their length), PEM text never shown,
 * numbers and booleans as they are, containers by kind (a class instance by
 * its class in JSON words), so an error never echoes a whole payload.
 */
export function describeValue(value: unknown, options: DescribeOptions = {}): string {
  const words = WORDS[options.words ?? 'json'];
  if (value === undefined) return words.nothing;
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? words.emptyList : words.list;
  if (typeof value === 'object') {
    if (options.words === 'yaml') return words.mapping;
    const ctor = Object.getPrototypeOf(value)?.constructor?.name;
    return ctor && ctor !== 'Object' ? ctor : words.mapping;
  }
  if (typeof value === 'string') {
    // Private keys pasted inline are secrets whatever field they sit in.
    if (value.includes('-----BEGIN')) return `PEM text of ${characters(value.length)}`;
    if (options.redact) return `a string of ${characters(value.length)}`;
    if (value.length <= SHOWN_CHARACTERS) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, SHOWN_CHARACTERS))}... (${characters(value.length)})`;
  }
  if (options.redact) return `a ${typeof value}`;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
