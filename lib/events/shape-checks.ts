/*
 * Plain checks for the hot paths: an event that passes one of the
 * `isWellFormed*` functions built from these is one its zod schema accepts
 * unchanged, so it is used as it is (no copy); an event that does not goes
 * through zod, for the error message. Property tests hold each pair to agreeing.
 */

/** A non-null, non-array object (what zod's objects and records accept). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

export const isNullishString = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'string';

export const isNullishBoolean = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'boolean';

/** Every own value passes `check`. */
export function everyValue(map: Record<string, unknown>, check: (value: unknown) => boolean): boolean {
  for (const name of Object.keys(map)) if (!check(map[name])) return false;
  return true;
}

export const isStringArray = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** `z.nullish(z.record(z.string(), z.string()))`. */
export const isNullishStringMap = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (isObject(value) && everyValue(value, (item) => typeof item === 'string'));

/** `z.nullish(z.record(z.string(), z.array(z.string())))`. */
export const isNullishMultiValueMap = (value: unknown): boolean =>
  value === undefined || value === null || (isObject(value) && everyValue(value, isStringArray));

/** `z.nullish(z.record(z.string(), z.unknown()))`. */
export const isNullishObject = (value: unknown): boolean =>
  value === undefined || value === null || isObject(value);
