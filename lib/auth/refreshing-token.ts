/** A token, and when to replace it (before `token.expiresAt`). */
export interface Refreshable<T extends { readonly expiresAt: number }> {
  token: T;
  refreshAt: number;
}

export interface RefreshingTokenOptions<T extends { readonly expiresAt: number }, E extends Error> {
  /** Gets a fresh token, bounded by `deadline` when there is one. */
  fetch: (deadline: number | undefined) => Promise<Refreshable<T>>;
  now: () => number;
  /** A failure of this kind, while the old token is still valid, serves the old token instead. */
  isRefreshError: (error: unknown) => error is E;
  onRefreshError: (error: E) => void;
  /** After such a failure, the old token is served without asking again for this long (at most half its remaining life). Default 0. */
  retryAfterMs?: number;
}

export interface RefreshingToken<T> {
  /** The token while it is fresh, else a new one (one request in flight, shared by every caller). */
  get(deadline?: number): Promise<T>;
  /** Forgets the token (the broker refused it) so the next call fetches. */
  invalidate(): void;
  /** Forgets the token and any request in flight. For tests. */
  reset(): void;
}

/**
 * The refresh rule both SASL token caches share (OAuth, MSK IAM): a token is
 * reused until its `refreshAt`; one request at a time, concurrent callers
 * share it; a failed request is not cached, and while the old token has not
 * expired it is served instead (and `onRefreshError` told).
 */
export function refreshingToken<T extends { readonly expiresAt: number }, E extends Error>(
  options: RefreshingTokenOptions<T, E>,
): RefreshingToken<T> {
  const { fetch, now, isRefreshError, onRefreshError, retryAfterMs = 0 } = options;
  let cached: Refreshable<T> | undefined;
  let inFlight: Promise<Refreshable<T>> | undefined;
  /** No refresh is tried before this, after one failed while the token was still valid. */
  let quietUntil = 0;

  function start(deadline: number | undefined): Promise<Refreshable<T>> {
    const request: Promise<Refreshable<T>> = fetch(deadline)
      .then((fresh) => {
        // After reset() a request that was already running must not refill the cache.
        if (inFlight === request) cached = fresh;
        return fresh;
      })
      .finally(() => {
        if (inFlight === request) inFlight = undefined;
      });
    inFlight = request;
    return request;
  }

  return {
    async get(deadline) {
      const current = cached;
      if (current && now() < current.refreshAt) return current.token;
      if (current && now() < quietUntil && now() < current.token.expiresAt) return current.token;
      try {
        return (await (inFlight ?? start(deadline))).token;
      } catch (error) {
        const old = cached;
        if (old && now() < old.token.expiresAt && isRefreshError(error)) {
          onRefreshError(error);
          quietUntil = now() + Math.min(retryAfterMs, (old.token.expiresAt - now()) / 2);
          return old.token;
        }
        throw error;
      }
    },
    invalidate() {
      cached = undefined;
      quietUntil = 0;
    },
    reset() {
      cached = undefined;
      inFlight = undefined;
      quietUntil = 0;
    },
  };
}
