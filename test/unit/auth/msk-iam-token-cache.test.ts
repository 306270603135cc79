import { describe, expect, it } from 'vitest';
import {
  createMskIamTokenCache,
  environmentCredentials,
  MskIamError,
  type MskIamTokenCacheOptions,
  type SourcedCredentials,
} from '../../../lib/auth/index.ts';

const START = 1_800_000_000_000;

function setup(
  overrides: Partial<MskIamTokenCacheOptions> = {},
  credentials?: () => Promise<SourcedCredentials>,
) {
  const clock = { time: START };
  const calls = { credentials: 0 };
  const cache = createMskIamTokenCache({
    region: 'us-east-1',
    credentials:
      credentials ??
      (async () => {
        calls.credentials++;
        return { credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's' }, source: 'test' };
      }),
    now: () => clock.time,
    onRefreshError: () => {},
    ...overrides,
  });
  return { cache, clock, calls };
}

describe('MSK IAM token cache', () => {
  it('signs once for every caller until 60 s before the 900 s token expires', async () => {
    const { cache, clock } = setup();
    const first = await cache.getToken();
    const together = await Promise.all(Array.from({ length: 10 }, () => cache.getToken()));
    expect(together.every((t) => t === first)).toBe(true);
    clock.time = START + 839_000;
    expect(await cache.getToken()).toBe(first);
    clock.time = START + 841_000;
    const second = await cache.getToken();
    expect(second).not.toBe(first);
    expect(cache.signings).toBe(2);
    expect(cache.credentialSource).toBe('test');
  });

  it('refreshes short tokens at half their life, so 90 s of 20 s tokens is 9 signings', async () => {
    const { cache, clock } = setup({ expiresInSeconds: 20 });
    for (let t = 0; t < 90_000; t += 1000) {
      clock.time = START + t;
      const token = await cache.getToken();
      expect(token.expiresAt - clock.time).toBeGreaterThan(9_000);
    }
    expect(cache.signings).toBe(9);
  });

  it('never keeps a token past the expiry of its temporary credentials', async () => {
    const { cache, clock } = setup({}, async () => ({
      credentials: {
        accessKeyId: 'ASIA1',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(clock.time + 100_000),
      },
      source: 'session',
    }));
    const token = await cache.getToken();
    expect(token.expiresAt).toBe(START + 100_000);
    clock.time = START + 51_000;
    expect(await cache.getToken()).not.toBe(token);
  });

  it('shares one signing in flight and does not cache a failure', async () => {
    let fail = true;
    const { cache } = setup({}, async () => {
      if (fail) throw new MskIamError('AWS_MSK_IAM: no AWS credentials found: none', { retriable: false });
      return { credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's' }, source: 'test' };
    });
    await expect(cache.getToken()).rejects.toThrow('AWS_MSK_IAM: no AWS credentials found: none');
    fail = false;
    await expect(cache.getToken()).resolves.toMatchObject({ value: expect.any(String) });
    expect(cache.signings).toBe(1);
  });

  it('serves the still-valid token when a refresh fails, and tells', async () => {
    let fail = false;
    const told: string[] = [];
    const { cache, clock } = setup({ onRefreshError: (e) => told.push(e.message) }, async () => {
      if (fail)
        throw new MskIamError('AWS_MSK_IAM: could not assume role r: Throttling', { retriable: true });
      return { credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's' }, source: 'test' };
    });
    const token = await cache.getToken();
    fail = true;
    clock.time = START + 850_000;
    expect(await cache.getToken()).toBe(token);
    expect(told).toEqual(['AWS_MSK_IAM: could not assume role r: Throttling']);
    clock.time = START + 901_000;
    await expect(cache.getToken()).rejects.toThrow(/Throttling/);
  });

  it('gives up at the deadline when credentials do not come', async () => {
    const { cache } = setup({ now: Date.now }, () => new Promise(() => {}));
    await expect(cache.getToken(Date.now() + 50)).rejects.toThrow(/no credentials within \d+ ms/);
  });

  it('signs again after invalidate (the broker refused the token)', async () => {
    const { cache } = setup();
    const first = await cache.getToken();
    cache.invalidate();
    expect(await cache.getToken()).not.toBe(first);
  });
});

describe('credentials from the function environment', () => {
  it('reads the key, the session token and its expiry, and says which it found', () => {
    expect(
      environmentCredentials({
        AWS_ACCESS_KEY_ID: 'ASIA1',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_SESSION_TOKEN: 't',
        AWS_CREDENTIAL_EXPIRATION: '2026-12-01T16:00:00Z',
      }),
    ).toEqual({
      credentials: {
        accessKeyId: 'ASIA1',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date('2026-12-01T16:00:00Z'),
      },
      source: 'environment (AWS_ACCESS_KEY_ID, with a session token)',
    });
    expect(environmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' })?.source).toBe(
      'environment (AWS_ACCESS_KEY_ID, long-term key)',
    );
    expect(environmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIA1' })).toBeUndefined();
  });
});
