import { OAuthError } from './errors.ts';
import { type Refreshable, refreshingToken } from './refreshing-token.ts';
import { requestToken } from './token-request.ts';

export interface OAuthToken {
  readonly value: string;
  /** Epoch milliseconds (on the cache's clock) after which the server no longer accepts the token. */
  readonly expiresAt: number;
}

export interface OAuthTokenCacheOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
  /** Fetch a new token when this little validity is left. Default 60 s, as in Mage. */
  refreshMarginMs?: number;
  /** Upper bound for one token request. Default 10 s, as in Mage. */
  timeoutMs?: number;
  /** Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Default `Date.now`. */
  now?: () => number;
  /** Told when a refresh failed and the old, still valid token is served. Default: `console.warn`. */
  onRefreshError?: (error: OAuthError) => void;
  /**
   * After a failed refresh, how long the still-valid token is served without
   * asking again (at most half its remaining life). Default 5 s: a token
   * endpoint that is down is not hit on every call.
   */
  retryAfterMs?: number;
}

export interface OAuthTokenCache {
  /**
   * A token with more than the refresh margin left, fetching one if needed.
   * @param deadline - epoch ms by which the caller must have an answer; bounds the request
   */
  getToken(deadline?: number): Promise<OAuthToken>;
  /** Forgets the cached token (say the broker rejected it) so the next call fetches. */
  invalidate(): void;
  /** Forgets the token and any request in flight. For tests. */
  reset(): void;
}

type Cached = Refreshable<OAuthToken>;

function warnRefreshError(error: OAuthError): void {
  console.warn(`${error.message}; using the cached OAuth token until it expires`);
}

/**
 * OAuth 2.0 client-credentials token cache for SASL/OAUTHBEARER, shared by
 * every connection of a warm container.
 *
 * - A token is reused until less than `refreshMarginMs` of it is left (Mage's
 *   rule: refresh once `now >= expiry - margin`). For tokens that live less than
 *   twice the margin, the margin shrinks to half their life, so a 30 s token
 *   is not fetched again on every call.
 * - One request at a time: concurrent callers share it.
 * - A failed request is not cached. If a refresh fails while the old token has
 *   not expired, the old token is served (and `onRefreshError` told).
 * - Each request is aborted after `min(timeoutMs, deadline - now)`; with no
 *   time left before the deadline, no request is sent.
 *
 * Defaults: `refreshMarginMs` 60 000, `timeoutMs` 10 000, `fetch`
 * globalThis.fetch, `now` Date.now.
 */
export function createOAuthTokenCache(options: OAuthTokenCacheOptions): OAuthTokenCache {
  const {
    refreshMarginMs = 60_000,
    timeoutMs = 10_000,
    fetch = globalThis.fetch,
    now = Date.now,
    onRefreshError = warnRefreshError,
    retryAfterMs = 5000,
  } = options;
  async function fetchToken(deadline: number | undefined): Promise<Cached> {
    // Stamped before sending: the server's clock started the token's life no earlier than this.
    const startedAt = now();
    const budget = deadline === undefined ? timeoutMs : Math.min(timeoutMs, deadline - startedAt);
    if (budget <= 0) {
      throw new OAuthError('Failed to fetch OAuth token: no time left before the deadline', {
        retriable: true,
      });
    }
    const { tokenUrl, clientId, clientSecret, scope } = options;
    const response = await requestToken({
      tokenUrl,
      clientId,
      clientSecret,
      scope,
      timeoutMs: budget,
      fetch,
    });
    const lifetimeMs = response.expiresInSeconds * 1000;
    const expiresAt = startedAt + lifetimeMs;
    return {
      token: Object.freeze({ value: response.accessToken, expiresAt }),
      refreshAt: expiresAt - Math.min(refreshMarginMs, lifetimeMs / 2),
    };
  }

  const tokens = refreshingToken({
    fetch: fetchToken,
    now,
    isRefreshError: (error): error is OAuthError => error instanceof OAuthError,
    onRefreshError,
    retryAfterMs,
  });
  return {
    getToken: (deadline) => tokens.get(deadline),
    invalidate: () => tokens.invalidate(),
    reset: () => tokens.reset(),
  };
}
