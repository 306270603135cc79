import { createHash, createHmac, hash, timingSafeEqual } from 'node:crypto';
import type { HttpConfig } from '../../config/trigger-schemas.ts';

export type AuthOutcome = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** What authentication reads of a request. */
export interface AuthRequest {
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Present when API Gateway already authenticated the caller. */
  authorizer?: unknown;
}

export const API_KEY_HEADER = 'x-api-key';
export const TIMESTAMP_HEADER = 'x-ske-timestamp';
export const SIGNATURE_HEADER = 'x-ske-signature';

/**
 * Compares in constant time whatever the lengths: both sides are hashed
 * first, so neither the content nor the length of the secret leaks through
 * timing.
 */
export function constantTimeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  return timingSafeEqual(sha256(given), expectedDigest(expected));
}

/** SHA-256 of a value; the one-shot `crypto.hash` (Node >= 20.12) is about twice as fast as createHash. */
const sha256: (value: string | Buffer) => Buffer =
  typeof hash === 'function'
    ? (value) => hash('sha256', value, 'buffer')
    : (value) => createHash('sha256').update(value).digest();

/** The configured secret changes only with the config: its digest is worked out once, not per request. */
let lastExpected: { value: string | Buffer; digest: Buffer } | undefined;

function expectedDigest(value: string | Buffer): Buffer {
  if (lastExpected === undefined || !sameValue(lastExpected.value, value))
    lastExpected = { value, digest: sha256(value) };
  return lastExpected.digest;
}

/** Forgets the digest of the configured secret (a test's warm state reset). */
export function resetDigestCache(): void {
  lastExpected = undefined;
}

function sameValue(a: string | Buffer, b: string | Buffer): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.equals(b);
}

/** The signature a caller sends for `body` at `timestamp` (seconds): `sha256=<hex>`. */
export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

const deny = (status: 401 | 403, reason: string): AuthOutcome => ({ ok: false, status, reason });
const ALLOWED: AuthOutcome = Object.freeze({ ok: true });

/**
 * Checks an HTTP request against the `http` settings. Missing credentials are
 * 401, wrong ones 403. A mode that needs a secret but has none refuses
 * everyone (fail closed) rather than letting anyone in.
 *
 * @param rawBody the body bytes as the caller sent them (after API Gateway's base64), which HMAC
 *   signs; a function, so that other modes never build them.
 */
export function authenticate(
  req: AuthRequest,
  rawBody: () => Buffer,
  settings: Pick<HttpConfig, 'auth' | 'secret' | 'hmac_max_skew_seconds'>,
  now: () => number = Date.now,
): AuthOutcome {
  switch (settings.auth) {
    case 'none':
      return ALLOWED;
    case 'gateway':
      return req.authorizer ? ALLOWED : deny(401, 'this route expects an API Gateway authorizer');
    case 'api_key': {
      if (!settings.secret) return deny(401, 'authentication is not configured (http.secret)');
      const key = req.headers[API_KEY_HEADER];
      if (!key) return deny(401, `missing ${API_KEY_HEADER} header`);
      return constantTimeEqual(key, settings.secret) ? ALLOWED : deny(403, 'invalid API key');
    }
    case 'hmac': {
      if (!settings.secret) return deny(401, 'authentication is not configured (http.secret)');
      const timestamp = req.headers[TIMESTAMP_HEADER];
      const signature = req.headers[SIGNATURE_HEADER];
      if (!timestamp || !signature)
        return deny(401, `missing ${TIMESTAMP_HEADER} or ${SIGNATURE_HEADER} header`);
      if (!/^\d{1,12}$/.test(timestamp.trim()))
        return deny(401, `${TIMESTAMP_HEADER} is not a Unix time in whole seconds`);
      // A replayed request is refused once its timestamp leaves the window.
      if (Math.abs(now() / 1000 - Number(timestamp)) > settings.hmac_max_skew_seconds) {
        return deny(
          401,
          `${TIMESTAMP_HEADER} is not within ${settings.hmac_max_skew_seconds} s of the server time`,
        );
      }
      // Hex is case-blind and so is the `sha256=` label: `SHA256=ABC...` is the same signature.
      return constantTimeEqual(
        signature.trim().toLowerCase(),
        signBody(settings.secret, timestamp.trim(), rawBody()),
      )
        ? ALLOWED
        : deny(403, 'invalid signature');
    }
  }
}
