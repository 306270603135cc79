import { childPath } from '../text/path.ts';
import { MessageError } from './errors.ts';

/** Python's json module gives up near 1000 levels (RecursionError), so Mage could never send deeper values. */
export const MAX_JSON_DEPTH = 1000;

export type JsonEncoding = { ok: true; text: string } | { ok: false; error: MessageError };

/**
 * JSON text of `value`, or the first place where it is not JSON.
 *
 * `JSON.stringify` alone is not enough: it turns NaN and Infinity into `null`,
 * drops `undefined` properties, calls `toJSON` on Dates and throws on BigInt
 * and cycles. A consumer must parse back exactly the value it was given (as
 * with Mage's `json.dumps`), so anything that would be silently changed is a
 * per-message error instead. Accepted: null, booleans, finite numbers,
 * strings, arrays and plain objects.
 *
 * @param path - name of the value in error texts (`data`, `message`)
 */
export function encodeJson(value: unknown, path: string): JsonEncoding {
  // Hot path (every message): a check that builds no paths; only a failing value is walked again to name the spot.
  if (isJsonSafe(value, 0)) return { ok: true, text: JSON.stringify(value) };
  const error = findNonJson(value, path, new Set(), 0) ?? new MessageError(path, 'a JSON value', value);
  return { ok: false, error };
}

/** True when JSON.stringify would write `value` exactly (a cycle ends at the depth limit, so no set is needed). */
function isJsonSafe(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isJsonSafe(value[i], depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (Object.hasOwn(value, key) && !isJsonSafe((value as Record<string, unknown>)[key], depth + 1))
      return false;
  }
  return true;
}

function findNonJson(
  value: unknown,
  path: string,
  ancestors: Set<object>,
  depth: number,
): MessageError | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value)
        ? undefined
        : new MessageError(path, 'a JSON value (a finite number)', value);
    case 'object':
      break;
    default:
      return new MessageError(path, 'a JSON value', value);
  }
  if (value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH)
    return new MessageError(path, `at most ${MAX_JSON_DEPTH} levels of nesting`, value);
  if (ancestors.has(value)) return new MessageError(path, 'a JSON value (no circular reference)', value);
  if (!Array.isArray(value) && !isPlainObject(value)) return new MessageError(path, 'a JSON value', value);

  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const error = findNonJson(value[i], childPath(path, i), ancestors, depth + 1);
        if (error) return error;
      }
      return undefined;
    }
    for (const [key, child] of Object.entries(value)) {
      const error = findNonJson(child, childPath(path, key), ancestors, depth + 1);
      if (error) return error;
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}

/** Objects as `JSON.parse` makes them (or `Object.create(null)`): no class, no `toJSON` surprises. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
