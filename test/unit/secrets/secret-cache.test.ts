import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it, vi } from 'vitest';
import { createSecretCache, SecretError, type SecretPayload } from '../../../lib/secrets/index.ts';

type Answer = SecretPayload | Error;

/** A Secrets Manager stand-in: answers from a mutable table and records every SecretId asked for. */
function fakeClient(answers: Record<string, Answer>) {
  const calls: string[] = [];
  return {
    calls,
    answers,
    async send(command: GetSecretValueCommand): Promise<SecretPayload> {
      const id = command.input.SecretId ?? '';
      calls.push(id);
      // The answer is the one current when the request is sent, like a real request.
      const answer = answers[id];
      await Promise.resolve();
      if (answer === undefined)
        throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: {} }, extra);
}

function fakeClock(start = 1_000_000) {
  const clock = { time: start, now: () => clock.time };
  return clock;
}

const JSON_SECRET = { SecretString: JSON.stringify({ username: 'svc', password: 'hunter2', port: 9096 }) };

describe('secret cache', () => {
  it('returns SecretString as it is', async () => {
    const client = fakeClient({ plain: { SecretString: 's3cret' } });
    const cache = createSecretCache({ client });
    expect(await cache.get('plain')).toBe('s3cret');
  });

  it('decodes SecretBinary as UTF-8', async () => {
    const client = fakeClient({ bin: { SecretBinary: new TextEncoder().encode('clé') } });
    expect(await createSecretCache({ client }).get('bin')).toBe('clé');
  });

  it('fetches a secret once however many JSON keys are read from it', async () => {
    const client = fakeClient({ kafka: JSON_SECRET });
    const cache = createSecretCache({ client });
    expect(await cache.get('kafka', 'username')).toBe('svc');
    expect(await cache.get('kafka', 'password')).toBe('hunter2');
    expect(await cache.get('kafka')).toBe(JSON_SECRET.SecretString);
    expect(client.calls).toEqual(['kafka']);
  });

  it('returns a number under a JSON key as its text', async () => {
    const cache = createSecretCache({ client: fakeClient({ kafka: JSON_SECRET }) });
    expect(await cache.get('kafka', 'port')).toBe('9096');
  });

  it('shares one request among concurrent gets of the same secret', async () => {
    const client = fakeClient({ kafka: JSON_SECRET });
    const cache = createSecretCache({ client });
    const values = await Promise.all([
      cache.get('kafka', 'username'),
      cache.get('kafka', 'password'),
      ...Array.from({ length: 10 }, () => cache.get('kafka')),
    ]);
    expect(values.slice(0, 2)).toEqual(['svc', 'hunter2']);
    expect(client.calls).toEqual(['kafka']);
  });

  it('fetches different secrets separately', async () => {
    const client = fakeClient({ a: { SecretString: 'A' }, b: { SecretString: 'B' } });
    const cache = createSecretCache({ client });
    expect(await Promise.all([cache.get('a'), cache.get('b')])).toEqual(['A', 'B']);
    expect(client.calls.sort()).toEqual(['a', 'b']);
  });

  it('fetches again once the TTL has passed', async () => {
    const clock = fakeClock();
    const client = fakeClient({ db: { SecretString: 'v1' } });
    const cache = createSecretCache({ client, now: clock.now, ttlMs: 1000 });
    await cache.get('db');
    clock.time += 999;
    expect(await cache.get('db')).toBe('v1');
    client.answers.db = { SecretString: 'v2' };
    clock.time += 1;
    expect(await cache.get('db')).toBe('v2');
    expect(client.calls).toHaveLength(2);
  });

  it('uses a TTL of five minutes by default', async () => {
    const clock = fakeClock();
    const client = fakeClient({ db: { SecretString: 'v1' } });
    const cache = createSecretCache({ client, now: clock.now });
    await cache.get('db');
    clock.time += 5 * 60_000 - 1;
    await cache.get('db');
    expect(client.calls).toHaveLength(1);
    clock.time += 1;
    await cache.get('db');
    expect(client.calls).toHaveLength(2);
  });

  it('does not cache a failed fetch', async () => {
    const client = fakeClient({ db: awsError('ThrottlingException', 'Rate exceeded') });
    const cache = createSecretCache({ client });
    await expect(cache.get('db')).rejects.toBeInstanceOf(SecretError);
    client.answers.db = { SecretString: 'ok' };
    expect(await cache.get('db')).toBe('ok');
    expect(client.calls).toHaveLength(2);
  });

  it('serves the last value when a refresh fails within the stale limit, and says so', async () => {
    const clock = fakeClock();
    const onStale = vi.fn();
    const client = fakeClient({ db: { SecretString: 'v1' } });
    const cache = createSecretCache({ client, now: clock.now, ttlMs: 1000, maxStaleMs: 10_000, onStale });
    await cache.get('db');
    client.answers.db = awsError('InternalServiceError', 'boom');
    clock.time += 5000;
    expect(await cache.get('db')).toBe('v1');
    expect(onStale).toHaveBeenCalledOnce();
    expect(onStale.mock.calls[0]?.[0]).toBeInstanceOf(SecretError);
    expect(onStale.mock.calls[0]?.[1]).toBe(5000);
  });

  it('fails when a refresh fails and the last value is older than the stale limit', async () => {
    const clock = fakeClock();
    const client = fakeClient({ db: { SecretString: 'v1' } });
    const cache = createSecretCache({
      client,
      now: clock.now,
      ttlMs: 1000,
      maxStaleMs: 10_000,
      onStale: () => {},
    });
    await cache.get('db');
    client.answers.db = awsError('InternalServiceError', 'boom');
    clock.time += 10_000;
    await expect(cache.get('db')).rejects.toThrow('InternalServiceError');
  });

  it('warns on the console by default when it serves a stale value, without the value', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const clock = fakeClock();
      const client = fakeClient({ db: { SecretString: 'hunter2' } });
      const cache = createSecretCache({ client, now: clock.now, ttlMs: 1000 });
      await cache.get('db');
      client.answers.db = awsError('InternalServiceError', 'boom');
      clock.time += 2000;
      await cache.get('db');
      expect(warn).toHaveBeenCalledOnce();
      expect(String(warn.mock.calls[0]?.[0])).toContain('secret "db"');
      expect(String(warn.mock.calls[0]?.[0])).not.toContain('hunter2');
    } finally {
      warn.mockRestore();
    }
  });

  it('fetches again after refresh of that secret, and only that secret', async () => {
    const client = fakeClient({ a: { SecretString: 'A1' }, b: { SecretString: 'B' } });
    const cache = createSecretCache({ client });
    await cache.get('a');
    await cache.get('b');
    client.answers.a = { SecretString: 'A2' };
    cache.refresh('a');
    expect(await cache.get('a')).toBe('A2');
    expect(await cache.get('b')).toBe('B');
    expect(client.calls).toEqual(['a', 'b', 'a']);
  });

  it('fetches everything again after refresh with no id', async () => {
    const client = fakeClient({ a: { SecretString: 'A' }, b: { SecretString: 'B' } });
    const cache = createSecretCache({ client });
    await cache.get('a');
    await cache.get('b');
    cache.refresh();
    await cache.get('a');
    await cache.get('b');
    expect(client.calls).toHaveLength(4);
  });

  it('does not serve a refreshed-away value when the next fetch fails', async () => {
    const client = fakeClient({ db: { SecretString: 'old' } });
    const cache = createSecretCache({ client, onStale: () => {} });
    await cache.get('db');
    cache.refresh('db');
    client.answers.db = awsError('AccessDeniedException', 'denied');
    await expect(cache.get('db')).rejects.toThrow('AccessDeniedException');
  });

  it('does not let a request started before refresh refill the cache', async () => {
    const client = fakeClient({ db: { SecretString: 'old' } });
    const cache = createSecretCache({ client });
    const before = cache.get('db');
    // The SDK is imported on first use, so the request reaches the client a few ticks later.
    await vi.waitFor(() => expect(client.calls).toHaveLength(1));
    cache.refresh('db');
    client.answers.db = { SecretString: 'new' };
    expect(await before).toBe('old');
    expect(await cache.get('db')).toBe('new');
    expect(client.calls).toHaveLength(2);
  });

  it('forgets everything after reset', async () => {
    const client = fakeClient({ db: { SecretString: 'v' } });
    const cache = createSecretCache({ client });
    await cache.get('db');
    cache.reset();
    await cache.get('db');
    expect(client.calls).toHaveLength(2);
  });
});
