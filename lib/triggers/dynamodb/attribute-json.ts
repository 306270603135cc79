import { isObject } from '../../events/shape-checks.ts';
import { MAX_JSON_DEPTH } from '../../messages/index.ts';
import { kindOf } from '../../text/describe.ts';
import { jsonNumberText } from './json-number.ts';

/** An attribute value that is not one DynamoDB writes; the message names where and what. */
export class AttributeValueError extends Error {
  constructor(path: string, expected: string, got: string) {
    super(`${path}: expected ${expected}; got ${got}`);
    this.name = 'AttributeValueError';
  }
}

const TYPES = 'an attribute value with one of S, N, B, BOOL, NULL, M, L, SS, NS, BS';
const quote = (text: string) => JSON.stringify(text);

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AttributeValueError(path, 'a string', kindOf(value));
  return quote(value);
}

function number(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AttributeValueError(path, 'a number as a string', kindOf(value));
  const text = jsonNumberText(value);
  // The value itself is shown: a number is never a secret, and the reason must say which one.
  if (text === undefined) throw new AttributeValueError(path, 'a number', quote(value));
  return text;
}

function set(value: unknown, path: string, item: (v: unknown, p: string) => string): string {
  if (!Array.isArray(value)) throw new AttributeValueError(path, 'a list', kindOf(value));
  return `[${value.map((v, i) => item(v, `${path}[${i}]`)).join(',')}]`;
}

/**
 * The plain JSON text of a DynamoDB attribute value, as the DocumentClient
 * would unmarshal it but exact: `S` a string, `N` a number written as DynamoDB
 * wrote it (see jsonNumberText), `B` its base64 text as the event carries it,
 * `BOOL`, `NULL` (null), `M` an object, `L` an array, and the sets `SS`, `NS`,
 * `BS` arrays of the same.
 *
 * @throws AttributeValueError naming the first value that is not one DynamoDB writes
 */
export function attributeJson(value: unknown, path: string, depth = 0): string {
  if (!isObject(value)) throw new AttributeValueError(path, TYPES, kindOf(value));
  const types = Object.keys(value);
  if (types.length !== 1) throw new AttributeValueError(path, TYPES, `${types.length} types`);
  if (depth >= MAX_JSON_DEPTH)
    throw new AttributeValueError(path, `at most ${MAX_JSON_DEPTH} levels of nesting`, 'more');
  const type = types[0]!;
  const inner = value[type];
  const at = `${path}.${type}`;
  switch (type) {
    case 'S':
    case 'B':
      return string(inner, at);
    case 'N':
      return number(inner, at);
    case 'BOOL':
      if (typeof inner !== 'boolean') throw new AttributeValueError(at, 'true or false', kindOf(inner));
      return String(inner);
    case 'NULL':
      if (inner !== true) throw new AttributeValueError(at, 'true', kindOf(inner));
      return 'null';
    case 'M':
      if (!isObject(inner)) throw new AttributeValueError(at, 'a map of attribute values', kindOf(inner));
      return mapJson(inner, at, depth + 1);
    case 'L':
      return set(inner, at, (v, p) => attributeJson(v, p, depth + 1));
    case 'SS':
    case 'BS':
      return set(inner, at, string);
    case 'NS':
      return set(inner, at, number);
    default:
      throw new AttributeValueError(path, TYPES, quote(type));
  }
}

/**
 * The JSON object text of an attribute map (an item image, a key, an `M`), its
 * names in the given order, or sorted when `sorted` (a deterministic text for
 * the same key, whatever order the event listed it in).
 */
export function mapJson(map: Record<string, unknown>, path: string, depth = 0, sorted = false): string {
  const names = Object.keys(map);
  if (sorted) names.sort();
  return `{${names.map((name) => `${quote(name)}:${attributeJson(map[name], childPath(path, name), depth)}`).join(',')}}`;
}

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const childPath = (path: string, name: string) =>
  NAME.test(name) ? `${path}.${name}` : `${path}[${quote(name)}]`;
