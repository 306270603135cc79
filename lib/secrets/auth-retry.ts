export interface AuthRetryOptions {
  /** Whether a failure means the credentials were rejected (and may have been rotated). */
  isAuthError: (error: unknown) => boolean;
  /** Forgets the cached credentials, e.g. `() => secrets.refresh('kafka-creds')`. */
  refresh: () => void | Promise<void>;
}

/**
 * Runs `fn`; if it fails with an authentication error, refreshes the cached
 * credentials once and runs `fn` once more. A rotated secret is then picked up
 * without a cold start, while a wrong secret fails after two tries instead of
 * looping. Any other error, and the second attempt's error, pass through.
 */
export async function withAuthRetry<T>(fn: () => Promise<T>, options: AuthRetryOptions): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!options.isAuthError(error)) throw error;
  }
  await options.refresh();
  return fn();
}
