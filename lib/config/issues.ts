import type * as z from 'zod/mini';
import { describeValue } from '../text/describe.ts';
import type { ConfigIssue } from './errors.ts';
import { type ConfigPath, formatPath, valueAt } from './paths.ts';
import { KNOWN_KEYS } from './schema.ts';

/** Fields whose values are credentials: what was found is described, never shown. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'sasl_config.password',
  'http.secret',
  'sasl_config.oauth_client_secret',
  'ssl_config.password',
  'schema_registry.basic_auth.password',
]);

/** How a found value reads in a config issue's "got X" (YAML words; `redact` for secrets). */
export const describeFound = (value: unknown, redact = false): string =>
  describeValue(value, { words: 'yaml', redact });

/** What an issue's value should have been, in our words even when a schema gave none. */
function expectedText(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('expected ')) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const names: Record<string, string> = {
        object: 'a mapping',
        array: 'a list',
        boolean: 'true or false',
      };
      return `expected ${names[issue.expected] ?? `a ${issue.expected}`}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    default:
      return 'expected a valid value';
  }
}

/** Edit distance, case and separator blind, so `Security.Protocol` finds `security_protocol`. */
function distance(a: string, b: string): number {
  const norm = (text: string) => text.toLowerCase().replace(/[-. ]/g, '_');
  const [x, y] = [norm(a), norm(b)];
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The known key nearest to a typo, when it is near enough to be a likely meaning. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: { key: string; score: number } | undefined;
  for (const key of known) {
    const score = distance(unknown, key);
    if (best === undefined || score < best.score) best = { key, score };
  }
  const allowed = Math.max(1, Math.floor(unknown.length / 3));
  return best !== undefined && best.score <= allowed ? best.key : undefined;
}

export interface IssueContext {
  /** The document that was validated, to tell what was found at a path. */
  doc: unknown;
  /** Formatted paths whose values came from a secret. */
  secretPaths?: ReadonlySet<string>;
}

/**
 * Rewrites zod issues as `path: expected ...; got X`. Unknown keys become one
 * issue each, with a "did you mean" hint when a known key is close.
 */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[], context: IssueContext): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = KNOWN_KEYS[issue.path.length === 0 ? '' : formatPath(issue.path as ConfigPath)] ?? [];
      for (const key of issue.keys) {
        const hint = suggestKey(key, known);
        const message = hint === undefined ? 'unknown key' : `unknown key (did you mean "${hint}"?)`;
        out.push({ path: formatPath([...(issue.path as ConfigPath), key]), message });
      }
      continue;
    }
    const path = formatPath(issue.path as ConfigPath);
    const params = issue.code === 'custom' ? (issue.params ?? {}) : {};
    const got = 'got' in params ? params.got : valueAt(context.doc, issue.path as ConfigPath);
    const redact = SECRET_FIELDS.has(path) || (context.secretPaths?.has(path) ?? false);
    out.push({ path, message: `${expectedText(issue)}; got ${describeFound(got, redact)}` });
  }
  return out;
}
