import { describe, expect, it } from 'vitest';
import { getDefaultSecretCache, resetDefaultSecretCache } from '../../../lib/secrets/index.ts';

describe('default secret cache', () => {
  it('is one instance for the whole process', () => {
    expect(getDefaultSecretCache()).toBe(getDefaultSecretCache());
  });

  it('is built anew after reset', () => {
    const first = getDefaultSecretCache();
    resetDefaultSecretCache();
    expect(getDefaultSecretCache()).not.toBe(first);
  });
});
