import { formatPath as textPath } from '../text/path.ts';

/** A location inside the YAML document: mapping keys and list indexes. */
export type ConfigPath = readonly (string | number)[];

/** How the document itself (not one of its keys) is named in issues. */
export const ROOT_PATH = '(root)';

/** The path as users read it in YAML: `sasl_config.mechanism`, `bootstrap_server[1]`, `headers["x.trace id"]`. */
export function formatPath(path: ConfigPath): string {
  return textPath(path) || ROOT_PATH;
}

/** True for a YAML mapping (a plain object), false for lists, scalars and null. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `target[key] = value` that stays a plain own property even for `__proto__`,
 * so a YAML key can never change an object's prototype.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value at `path`, or undefined when any step is missing. */
export function valueAt(root: unknown, path: ConfigPath): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isMapping(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current;
}

/**
 * A copy of `value` with every string replaced by `replace(text, path)`.
 * Mapping keys are left alone: templates are values, never keys.
 */
export function mapStrings(
  value: unknown,
  replace: (text: string, path: ConfigPath) => unknown,
  path: ConfigPath = [],
): unknown {
  if (typeof value === 'string') return replace(value, path);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, replace, [...path, index]));
  if (isMapping(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      setOwn(copy, key, mapStrings(item, replace, [...path, key]));
    return copy;
  }
  return value;
}

/** Calls `visit` for every string value in the document, with its path. */
export function forEachString(value: unknown, visit: (text: string, path: ConfigPath) => void): void {
  mapStrings(value, (text, path) => {
    visit(text, path);
    return text;
  });
}
