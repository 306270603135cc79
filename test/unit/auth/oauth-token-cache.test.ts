import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOAuthTokenCache, type OAuthTokenCacheOptions } from '../../../lib/auth/index.ts';
import { startTokenServer, type TokenServer } from './token-server.ts';

const START = 1_700_000_000_000;
let server: TokenServer;
let clock: { time: number };

beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.reply({ status: 200, body: { access_token: 'token-1', expires_in: 3600 } });
  clock = { time: START };
});

function cacheFor(overrides: Partial<OAuthTokenCacheOptions> = {}) {
  return createOAuthTokenCache({
    tokenUrl: server.url,
    clientId: 'kafka-client',
    clientSecret: 'the-client-secret',
    now: () => clock.time,
    ...overrides,
  });
}

describe('OAuth token cache requests', () => {
  it('posts the client-credentials form as Mage does, without basic auth and without scope when unset', async () => {
    await cacheFor().getToken();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/realms/test/token');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBeUndefined();
    expect([...(request?.form.entries() ?? [])]).toEqual([
      ['grant_type', 'client_credentials'],
      ['client_id', 'kafka-client'],
      ['client_secret', 'the-client-secret'],
    ]);
  });

  it('sends the scope when one is set', async () => {
    await cacheFor({ scope: 'kafka' }).getToken();
    expect(server.requests[0]?.form.get('scope')).toBe('kafka');
  });

  it('omits an empty scope, as Mage does', async () => {
    await cacheFor({ scope: '' }).getToken();
    expect(server.requests[0]?.form.has('scope')).toBe(false);
  });

  it('form-encodes credentials with special characters', async () => {
    await cacheFor({ clientSecret: 'a&b=c +ü' }).getToken();
    expect(server.requests[0]?.form.get('client_secret')).toBe('a&b=c +ü');
  });
});

describe('OAuth token cache', () => {
  it('returns the token with its expiry on the cache clock', async () => {
    expect(await cacheFor().getToken()).toEqual({ value: 'token-1', expiresAt: START + 3_600_000 });
  });

  it('reuses a cached token without asking the server again', async () => {
    const cache = cacheFor();
    await cache.getToken();
    clock.time += 60_000;
    expect((await cache.getToken()).value).toBe('token-1');
    expect(server.requests).toHaveLength(1);
  });

  it('makes one request for 20 concurrent callers', async () => {
    server.reply({ status: 200, body: { access_token: 'shared', expires_in: 3600 }, delayMs: 50 });
    const cache = cacheFor();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.getToken()));
    expect(new Set(tokens.map((t) => t.value))).toEqual(new Set(['shared']));
    expect(server.requests).toHaveLength(1);
  });

  it('makes one request for 20 concurrent callers when it fails, and all of them see the error', async () => {
    server.reply({ status: 503, body: 'down', delayMs: 20 });
    const cache = cacheFor();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => cache.getToken()));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('refreshes once less than the margin is left, as in Mage', async () => {
    server.reply({ status: 200, body: { access_token: 'first', expires_in: 120 } });
    const cache = cacheFor({ refreshMarginMs: 60_000 });
    await cache.getToken();
    clock.time = START + 59_999;
    expect((await cache.getToken()).value).toBe('first');
    server.reply({ status: 200, body: { access_token: 'second', expires_in: 120 } });
    clock.time = START + 60_000;
    expect((await cache.getToken()).value).toBe('second');
    expect(server.requests).toHaveLength(2);
  });

  it('uses a 60 second margin by default', async () => {
    const cache = cacheFor();
    await cache.getToken();
    clock.time = START + 3_540_000 - 1;
    await cache.getToken();
    expect(server.requests).toHaveLength(1);
    clock.time += 1;
    await cache.getToken();
    expect(server.requests).toHaveLength(2);
  });

  it('treats a missing expires_in as 3600 seconds', async () => {
    server.reply({ status: 200, body: { access_token: 'no-expiry' } });
    expect((await cacheFor().getToken()).expiresAt).toBe(START + 3_600_000);
  });

  it('accepts expires_in sent as a string', async () => {
    server.reply({ status: 200, body: { access_token: 't', expires_in: '300' } });
    expect((await cacheFor().getToken()).expiresAt).toBe(START + 300_000);
  });

  it('shrinks the margin to half the life of a token shorter than twice the margin', async () => {
    server.reply({ status: 200, body: { access_token: 'short', expires_in: 30 } });
    const cache = cacheFor();
    await cache.getToken();
    clock.time = START + 14_999;
    await cache.getToken();
    expect(server.requests).toHaveLength(1);
    clock.time = START + 15_000;
    await cache.getToken();
    expect(server.requests).toHaveLength(2);
  });

  it('does not cache a failed request', async () => {
    server.reply({ status: 500, body: 'oops' });
    const cache = cacheFor();
    await expect(cache.getToken()).rejects.toThrow('Failed to fetch OAuth token');
    server.reply({ status: 200, body: { access_token: 'recovered' } });
    expect((await cache.getToken()).value).toBe('recovered');
    expect(server.requests).toHaveLength(2);
  });

  it('serves the old token while it is valid when a refresh inside the margin fails', async () => {
    const onRefreshError = vi.fn();
    server.reply({ status: 200, body: { access_token: 'old', expires_in: 600 } });
    const cache = cacheFor({ onRefreshError });
    await cache.getToken();
    server.reply({ status: 503, body: 'down' });
    clock.time = START + 550_000;
    expect(await cache.getToken()).toEqual({ value: 'old', expiresAt: START + 600_000 });
    expect(onRefreshError).toHaveBeenCalledOnce();
    server.reply({ status: 0, body: '', drop: true });
    expect((await cache.getToken()).value).toBe('old');
    clock.time = START + 600_000;
    await expect(cache.getToken()).rejects.toThrow('Failed to fetch OAuth token');
  });

  it('does not ask a failing token endpoint again for 5 s while the old token is still valid', async () => {
    server.reply({ status: 200, body: { access_token: 'old', expires_in: 600 } });
    const cache = cacheFor({ onRefreshError: () => {} });
    await cache.getToken();
    server.reply({ status: 503, body: 'down' });
    clock.time = START + 550_000;
    await cache.getToken();
    const afterFailure = server.requests.length;
    clock.time += 4_999;
    for (let i = 0; i < 10; i++) expect((await cache.getToken()).value).toBe('old');
    expect(server.requests).toHaveLength(afterFailure);
    clock.time += 1;
    server.reply({ status: 200, body: { access_token: 'new', expires_in: 600 } });
    expect((await cache.getToken()).value).toBe('new');
    expect(server.requests).toHaveLength(afterFailure + 1);
  });

  it('fetches a new token after invalidate', async () => {
    const cache = cacheFor();
    await cache.getToken();
    cache.invalidate();
    server.reply({ status: 200, body: { access_token: 'token-2' } });
    expect((await cache.getToken()).value).toBe('token-2');
  });

  it('does not fall back to an invalidated token when the refresh fails', async () => {
    const cache = cacheFor();
    await cache.getToken();
    cache.invalidate();
    server.reply({ status: 401, body: { error: 'invalid_client' } });
    await expect(cache.getToken()).rejects.toThrow('HTTP 401');
  });

  it('forgets everything after reset', async () => {
    const cache = cacheFor();
    await cache.getToken();
    cache.reset();
    await cache.getToken();
    expect(server.requests).toHaveLength(2);
  });
});

describe('OAuth token cache time limits', () => {
  it('aborts the request at the deadline when it comes before the timeout', async () => {
    server.reply({ status: 200, body: {}, hang: true });
    const began = performance.now();
    await expect(cacheFor({ timeoutMs: 10_000 }).getToken(clock.time + 100)).rejects.toThrow(
      'Failed to fetch OAuth token: request timed out after 100 ms',
    );
    expect(performance.now() - began).toBeLessThan(2000);
  });

  it('aborts the request at the timeout when there is no deadline', async () => {
    server.reply({ status: 200, body: {}, hang: true });
    const error = await cacheFor({ timeoutMs: 150 })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'OAuthError', retriable: true });
    expect(String(error)).toContain('request timed out after 150 ms');
  });

  it('also bounds a slow body by the timeout', async () => {
    server.reply({ status: 200, body: { access_token: 'late' }, delayMs: 1000 });
    await expect(cacheFor({ timeoutMs: 100 }).getToken()).rejects.toThrow('timed out');
  });

  it('sends no request when the deadline has already passed', async () => {
    await expect(cacheFor().getToken(clock.time)).rejects.toThrow(
      'Failed to fetch OAuth token: no time left before the deadline',
    );
    expect(server.requests).toHaveLength(0);
  });
});
