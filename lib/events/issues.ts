import type * as z from 'zod/mini';
import { kindOf } from '../text/describe.ts';
import { formatPath as textPath } from '../text/path.ts';
import { EventShapeError } from './errors.ts';

type PathKey = PropertyKey;

/** `Records` + 0 + `body` -> `Records[0].body` (lib/text/path.ts); the event itself is `event`. */
export function formatPath(root: string, keys: readonly PathKey[]): string {
  return textPath(keys, root) || 'event';
}

function valueAt(value: unknown, keys: readonly PathKey[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** What the schema wanted at the failing place, in the short form of `expected string`. */
function expectedText(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('expected ')) return issue.message.slice('expected '.length);
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union': {
      // Alternatives that failed at the union's own place say what the place may hold.
      const options = issue.errors
        .flat()
        .filter((inner) => inner.path.length === 0)
        .map(expectedText);
      return options.length > 0 ? [...new Set(options)].join(' or ') : 'a valid value';
    }
    default:
      return 'a valid value';
  }
}

/**
 * `schema` applied to `value`, or an {@link EventShapeError} naming the first
 * problem by its path under `root` (`Records[2].body.Message`). Zod's own
 * texts never reach users.
 *
 * @param root - name of `value` in the path; empty for a whole Lambda event
 */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, root = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const got = kindOf(valueAt(value, issue.path));
  throw new EventShapeError(formatPath(root, issue.path), expectedText(issue), got);
}
