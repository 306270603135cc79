import type { SASLOptions } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { type OAuthTokenCache, oauthBearerProvider } from '../../../lib/auth/index.ts';

function fakeCache(): OAuthTokenCache & { getToken: ReturnType<typeof vi.fn> } {
  return {
    getToken: vi.fn(async () => ({ value: 'jwt-abc', expiresAt: 123 })),
    invalidate: vi.fn(),
    reset: vi.fn(),
  };
}

describe('oauthBearerProvider', () => {
  it('resolves to the { value } KafkaJS expects', async () => {
    const provider = oauthBearerProvider(fakeCache());
    expect(await provider()).toEqual({ value: 'jwt-abc' });
  });

  it('fits the KafkaJS oauthbearer SASL options', async () => {
    const sasl: SASLOptions = {
      mechanism: 'oauthbearer',
      oauthBearerProvider: oauthBearerProvider(fakeCache()),
    };
    expect(sasl.mechanism).toBe('oauthbearer');
  });

  it('asks the cache on every call, so KafkaJS reconnects get a refreshed token', async () => {
    const cache = fakeCache();
    const provider = oauthBearerProvider(cache);
    await provider();
    await provider();
    expect(cache.getToken).toHaveBeenCalledTimes(2);
  });

  it('passes the current deadline to the cache', async () => {
    const cache = fakeCache();
    let deadline = 1000;
    const provider = oauthBearerProvider(cache, { deadline: () => deadline });
    await provider();
    deadline = 2000;
    await provider();
    expect(cache.getToken.mock.calls).toEqual([[1000], [2000]]);
  });

  it('passes no deadline when none is configured', async () => {
    const cache = fakeCache();
    await oauthBearerProvider(cache)();
    expect(cache.getToken).toHaveBeenCalledWith(undefined);
  });
});
