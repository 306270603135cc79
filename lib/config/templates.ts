import { ConfigError, type ConfigIssue } from './errors.ts';
import { type ConfigPath, forEachString, formatPath, mapStrings } from './paths.ts';
import { containsTemplate, parseTemplateString, type TemplatePart } from './template-parser.ts';

/** A string value of the document that holds at least one template. */
export interface TemplatedValue {
  path: ConfigPath;
  parts: TemplatePart[];
  /** Some part is an `aws_secret`: the resolved value must never be shown. */
  usesSecret: boolean;
}

/** Every templated value of a document, and the templates that could not be parsed. */
export interface TemplateScan {
  values: TemplatedValue[];
  issues: ConfigIssue[];
}

/** Where template values come from. Injected so tests and the `validate` CLI need no AWS. */
export interface TemplateResolver {
  env: Record<string, string | undefined>;
  /** The secret's text, or with `jsonKey` one top-level key of its JSON. */
  getSecret: (secretId: string, jsonKey?: string) => Promise<string>;
}

/** Finds and parses every `{{ ... }}` in the document's string values. Contacts nothing. */
export function findTemplates(doc: unknown): TemplateScan {
  const scan: TemplateScan = { values: [], issues: [] };
  forEachString(doc, (text, path) => {
    if (!containsTemplate(text)) return;
    const parsed = parseTemplateString(text);
    if (!parsed.ok) {
      scan.issues.push({ path: formatPath(path), message: parsed.message });
      return;
    }
    const usesSecret = parsed.parts.some((part) => typeof part !== 'string' && part.kind === 'secret');
    scan.values.push({ path, parts: parsed.parts, usesSecret });
  });
  return scan;
}

const secretKey = (secretId: string, jsonKey: string | undefined) =>
  JSON.stringify([secretId, jsonKey ?? null]);

/**
 * A copy of `doc` with every template replaced by its value. Each distinct
 * (secret id, json key) is requested once, all of them concurrently. Results
 * are inserted as literal text: a value that itself contains `{{` is not
 * expanded again.
 *
 * @throws ConfigError listing every template that failed: unparsable, an unset
 *   environment variable (`environment variable NAME is not set`), or a secret
 *   that could not be read. Retriable only when a secret lookup failed for a
 *   retriable reason.
 */
export async function resolveTemplates<T>(doc: T, resolver: TemplateResolver): Promise<T> {
  const scan = findTemplates(doc);
  if (scan.issues.length > 0) throw new ConfigError(scan.issues);

  const lookups = new Map<string, Promise<string>>();
  for (const { parts } of scan.values) {
    for (const part of parts) {
      if (typeof part === 'string' || part.kind !== 'secret') continue;
      const key = secretKey(part.secretId, part.jsonKey);
      if (lookups.has(key)) continue;
      lookups.set(
        key,
        part.jsonKey === undefined
          ? resolver.getSecret(part.secretId)
          : resolver.getSecret(part.secretId, part.jsonKey),
      );
    }
  }
  const keys = [...lookups.keys()];
  const outcomes = await Promise.allSettled(lookups.values());
  const settled = new Map(keys.map((key, index) => [key, outcomes[index]!]));

  const issues: ConfigIssue[] = [];
  const failures: unknown[] = [];
  const resolved = new Map<string, string>();
  for (const { path, parts } of scan.values) {
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        text += part;
      } else if (part.kind === 'env') {
        const value = resolver.env[part.name];
        if (value === undefined)
          issues.push({ path: formatPath(path), message: `environment variable ${part.name} is not set` });
        text += value ?? '';
      } else {
        const outcome = settled.get(secretKey(part.secretId, part.jsonKey))!;
        if (outcome.status === 'fulfilled') {
          text += outcome.value;
        } else {
          failures.push(outcome.reason);
          issues.push({
            path: formatPath(path),
            message: secretFailure(part.secretId, part.jsonKey, outcome.reason),
          });
        }
      }
    }
    resolved.set(formatPath(path), text);
  }
  if (issues.length > 0) {
    const retriable = failures.some((error) => (error as { retriable?: unknown } | null)?.retriable === true);
    throw new ConfigError(issues, { cause: failures[0], retriable });
  }
  return mapStrings(doc, (text, path) => resolved.get(formatPath(path)) ?? text) as T;
}

function secretFailure(secretId: string, jsonKey: string | undefined, reason: unknown): string {
  const what = jsonKey === undefined ? `secret "${secretId}"` : `key "${jsonKey}" of secret "${secretId}"`;
  // The secrets layer's messages name ids and keys, never values, so they are safe to repeat.
  const detail = reason instanceof Error ? reason.message : 'unknown error';
  return `could not read ${what}: ${detail}`;
}
