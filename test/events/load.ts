import { readFileSync } from 'node:fs';

const cache = new Map<string, unknown>();

/**
 * A Lambda event fixture, `test/events/<source>/<variant>.json`, as a fresh
 * copy: tests may change it without touching other tests.
 */
export function loadEvent<T = Record<string, unknown>>(name: string): T {
  let event = cache.get(name);
  if (event === undefined) {
    event = JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'));
    cache.set(name, event);
  }
  return structuredClone(event) as T;
}

const OBJECT_CHECKS = new Set(['eTag', 'etag', 'size', 'versionId', 'version-id']);

/**
 * An S3 fixture event without the ETag, size and version of its objects, in
 * whatever envelope it comes (SNS and SQS bodies are JSON text): for tests
 * that put their own bodies under the fixture's keys, which the fixture's
 * made-up ETags and sizes would not match (the S3 trigger checks them).
 */
export function withoutObjectChecks<T>(event: T): T {
  const strip = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('{')) {
      try {
        return JSON.stringify(strip(JSON.parse(value)));
      } catch {
        return value;
      }
    }
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const object = value as Record<string, unknown>;
    const isS3Object = typeof object.key === 'string';
    return Object.fromEntries(
      Object.entries(object)
        .filter(([name]) => !(isS3Object && OBJECT_CHECKS.has(name)))
        .map(([name, child]) => [name, strip(child)]),
    );
  };
  return strip(event) as T;
}
