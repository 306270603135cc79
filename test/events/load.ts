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
