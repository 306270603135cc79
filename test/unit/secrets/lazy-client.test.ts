import { describe, expect, it, vi } from 'vitest';

// Counts how often the real client class is built, without touching AWS.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('@aws-sdk/client-secrets-manager', async (importOriginal) => {
  const original = await importOriginal<typeof import('@aws-sdk/client-secrets-manager')>();
  class SecretsManagerClient {
    constructor() {
      built.count++;
    }
    async send() {
      return { SecretString: 'from-default-client' };
    }
  }
  return { ...original, SecretsManagerClient };
});

const { createSecretCache, getDefaultSecretCache, resetDefaultSecretCache } = await import(
  '../../../lib/secrets/index.ts'
);

describe('default Secrets Manager client', () => {
  it('is built on the first fetch, not when the cache is created, and only once', async () => {
    built.count = 0;
    const cache = createSecretCache();
    expect(built.count).toBe(0);
    expect(await cache.get('a')).toBe('from-default-client');
    await cache.get('b');
    expect(built.count).toBe(1);
  });

  it('is built again after reset', async () => {
    built.count = 0;
    const cache = createSecretCache();
    await cache.get('a');
    cache.reset();
    await cache.get('a');
    expect(built.count).toBe(2);
  });

  it('is not built by getting the process-wide cache', async () => {
    resetDefaultSecretCache();
    built.count = 0;
    const cache = getDefaultSecretCache();
    expect(built.count).toBe(0);
    await cache.get('x');
    expect(built.count).toBe(1);
    resetDefaultSecretCache();
  });
});
