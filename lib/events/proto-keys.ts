import type * as z from 'zod/mini';
import { formatPath, parseWith } from './issues.ts';

/**
 * zod records skip a key named `__proto__`, but it is a legal SQS/SNS
 * attribute name, and JSON.parse keeps it as an ordinary own key. This puts
 * it back (checked with `schema`) on the parsed map, as a plain own property,
 * so no attribute is dropped silently.
 */
export function keepProtoKey<T extends object>(
  raw: unknown,
  parsed: T | undefined,
  schema: z.ZodMiniType,
  path: string,
): T | undefined {
  if (raw === null || typeof raw !== 'object' || !Object.hasOwn(raw, '__proto__')) return parsed;
  const value = parseWith(
    schema,
    Object.getOwnPropertyDescriptor(raw, '__proto__')?.value,
    formatPath(path, ['__proto__']),
  );
  const target = parsed ?? ({} as T);
  Object.defineProperty(target, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return target;
}
