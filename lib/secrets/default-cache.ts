import { createSecretCache, type SecretCache } from './secret-cache.ts';

let defaultCache: SecretCache | undefined;

/**
 * The process-wide secret cache, built with the defaults of
 * `createSecretCache` on first use, so every config in a warm container shares
 * one cache and one Secrets Manager client.
 */
export function getDefaultSecretCache(): SecretCache {
  defaultCache ??= createSecretCache();
  return defaultCache;
}

/** Drops the process-wide cache; the next `getDefaultSecretCache()` builds a new one. For tests. */
export function resetDefaultSecretCache(): void {
  defaultCache?.reset();
  defaultCache = undefined;
}
