/** A name that reads unambiguously after a dot; any other key is quoted: `headers["x-trace id"]`. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * One step down a path, in the one form every error text uses (config,
 * events, messages): `data` + `bees` -> `data.bees`, `data` + 0 -> `data[0]`,
 * `data` + `a b` -> `data["a b"]`. From an empty parent a name stands alone.
 */
export function childPath(parent: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (typeof key === 'string' && IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(String(key))}]`;
}

/** `Records` + [0, 'body'] -> `Records[0].body`; '' when there is neither root nor key. */
export function formatPath(keys: readonly PropertyKey[], root = ''): string {
  let path = root;
  for (const key of keys) path = childPath(path, key);
  return path;
}
