import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { withAwsDeadline } from '../aws/deadline.ts';
import { type SecretError, secretFetchError } from './errors.ts';
import { jsonKeyOf, type SecretPayload, secretText } from './secret-value.ts';

/** What the cache needs from a Secrets Manager client; a test passes a fake with `send`. */
export interface SecretsClient {
  send(command: GetSecretValueCommand, options?: { abortSignal?: AbortSignal }): Promise<SecretPayload>;
}

export interface SecretCacheOptions {
  /** Default: a `SecretsManagerClient({})`, built on the first fetch so importing costs nothing. */
  client?: SecretsClient;
  /** How long a fetched secret is served without asking AWS again. Default 5 minutes. */
  ttlMs?: number;
  /** When a refresh fails, a value fetched less than this long ago is served instead. Default 1 hour. */
  maxStaleMs?: number;
  /** Default `Date.now`. */
  now?: () => number;
  /** Told when a stale value is served because a refresh failed. Default: `console.warn` (no secret value). */
  onStale?: (error: SecretError, ageMs: number) => void;
}

export interface SecretCache {
  /** The secret's text, or with `jsonKey` one top-level key of a JSON secret. */
  get(id: string, jsonKey?: string): Promise<string>;
  /** Forgets cached values (one secret, or all) so the next `get` fetches, e.g. after a rotation. */
  refresh(id?: string): void;
  /** Forgets everything, including a client the cache built itself. For tests. */
  reset(): void;
}

interface Entry {
  text: string;
  fetchedAt: number;
}

function warnStale(error: SecretError, ageMs: number): void {
  console.warn(`${error.message}; using the value fetched ${Math.round(ageMs / 1000)} s ago`);
}

/**
 * A Secrets Manager reader for warm Lambda containers.
 *
 * - One GetSecretValue per secret id per `ttlMs`, however many JSON keys are
 *   read from it, and concurrent `get`s of one id share one request.
 * - A failed fetch is not cached: the next `get` asks again.
 * - When a refresh fails and the last value is younger than `maxStaleMs`, that
 *   value is served (and `onStale` told), so a Secrets Manager hiccup does not
 *   take down a function whose credentials still work. `refresh()` forgets the
 *   value, so after an authentication failure the old value is never reused.
 * - Failures are `SecretError`s naming the secret id and the AWS error, never
 *   the value; `retriable` is set for throttling and network failures.
 *
 * Defaults: `ttlMs` 5 minutes, `maxStaleMs` 1 hour, `now` Date.now, a lazily
 * built `SecretsManagerClient({})`.
 */
export function createSecretCache(options: SecretCacheOptions = {}): SecretCache {
  const { ttlMs = 5 * 60_000, maxStaleMs = 60 * 60_000, now = Date.now, onStale = warnStale } = options;
  let client = options.client;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<string>>();

  async function fetchText(id: string): Promise<string> {
    let output: SecretPayload;
    try {
      // Loaded on first use: a function whose config names no secret never loads the SDK (cold start).
      const sdk = await import('@aws-sdk/client-secrets-manager');
      client ??= new sdk.SecretsManagerClient({});
      const command = new sdk.GetSecretValueCommand({ SecretId: id });
      const secrets = client;
      // Bounded by the invocation's deadline: a Secrets Manager that never answers must not hang the function.
      output = await withAwsDeadline(`Secrets Manager GetSecretValue of secret "${id}"`, (abortSignal) =>
        secrets.send(command, { abortSignal }),
      );
    } catch (error) {
      throw secretFetchError(id, error);
    }
    return secretText(id, output);
  }

  function load(id: string): Promise<string> {
    const pending = inFlight.get(id);
    if (pending) return pending;
    // Stamped before the request: the value is at least this old when it arrives.
    const startedAt = now();
    const request: Promise<string> = fetchText(id)
      .then(
        (text) => {
          // After refresh()/reset() a request that was already running must not refill the cache.
          if (inFlight.get(id) === request) entries.set(id, { text, fetchedAt: startedAt });
          return text;
        },
        (error: SecretError) => {
          const stale = entries.get(id);
          const ageMs = stale ? now() - stale.fetchedAt : Number.POSITIVE_INFINITY;
          if (!stale || ageMs >= maxStaleMs) throw error;
          onStale(error, ageMs);
          return stale.text;
        },
      )
      .finally(() => {
        if (inFlight.get(id) === request) inFlight.delete(id);
      });
    inFlight.set(id, request);
    return request;
  }

  async function getText(id: string): Promise<string> {
    const entry = entries.get(id);
    if (entry && now() - entry.fetchedAt < ttlMs) return entry.text;
    return load(id);
  }

  return {
    async get(id, jsonKey) {
      const text = await getText(id);
      return jsonKey === undefined ? text : jsonKeyOf(id, text, jsonKey);
    },
    refresh(id) {
      if (id === undefined) {
        entries.clear();
        inFlight.clear();
        return;
      }
      entries.delete(id);
      inFlight.delete(id);
    },
    reset() {
      entries.clear();
      inFlight.clear();
      client = options.client;
    },
  };
}
