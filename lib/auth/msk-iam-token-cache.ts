import { MskIamError } from './errors.ts';
import type { CredentialSource } from './msk-iam-credentials.ts';
import { type MskIamToken, type SignMskIamTokenOptions, signMskIamToken } from './msk-iam-signer.ts';
import { type Refreshable, refreshingToken } from './refreshing-token.ts';

export interface MskIamTokenCacheOptions {
  region: string;
  credentials: CredentialSource;
  /** X-Amz-Expires of each token. Default 900 s (the MSK signers' fixed value). */
  expiresInSeconds?: number;
  /** Sign a new token when this little validity is left. Default 60 s (half the life of a shorter token). */
  refreshMarginMs?: number;
  /** Default `Date.now`. */
  now?: () => number;
  /** Default {@link signMskIamToken}. */
  sign?: (options: SignMskIamTokenOptions) => Promise<MskIamToken>;
  /** Told when a refresh failed and the old, still valid token is served. Default: `console.warn`. */
  onRefreshError?: (error: MskIamError) => void;
}

export interface MskIamTokenCache {
  /** A token with more than the refresh margin left, signing one if needed (bounded by `deadline`). */
  getToken(deadline?: number): Promise<MskIamToken>;
  /** Forgets the token (the broker refused it) so the next call signs again. */
  invalidate(): void;
  /** Forgets the token and any signing in flight. For tests. */
  reset(): void;
  /** Tokens signed so far: what the refresh schedule, not the number of connections, decides. */
  readonly signings: number;
  /** Where the credentials of the last token came from (`ske check`). */
  readonly credentialSource: string | undefined;
}

type Cached = Refreshable<MskIamToken>;

function warnRefreshError(error: MskIamError): void {
  console.warn(`${error.message}; using the cached MSK IAM token until it expires`);
}

function withinDeadline<T>(work: Promise<T>, deadline: number | undefined, now: number): Promise<T> {
  if (deadline === undefined) return work;
  const left = deadline - now;
  if (left <= 0) {
    return Promise.reject(
      new MskIamError('AWS_MSK_IAM: no time left before the deadline to sign a token', { retriable: true }),
    );
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MskIamError(`AWS_MSK_IAM: no credentials within ${left} ms (the invocation's deadline)`, {
            retriable: true,
          }),
        ),
      left,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The MSK IAM token of a warm container, shared by every connection KafkaJS
 * authenticates (and re-authenticates when the broker's session ends):
 *
 * - A token lives 900 s (X-Amz-Expires) but never past its credentials' own
 *   expiry; it is reused until `refreshMarginMs` before that (half its life
 *   for tokens shorter than twice the margin), so each re-authentication gets
 *   a token with time left and signings follow the clock, not the traffic.
 * - One signing at a time; concurrent callers share it. A failure is not
 *   cached; while the old token is still valid it is served instead.
 */
export function createMskIamTokenCache(options: MskIamTokenCacheOptions): MskIamTokenCache {
  const {
    region,
    credentials,
    expiresInSeconds,
    refreshMarginMs = 60_000,
    now = Date.now,
    sign = signMskIamToken,
    onRefreshError = warnRefreshError,
  } = options;
  let signings = 0;
  let credentialSource: string | undefined;

  async function signFresh(): Promise<Cached> {
    const sourced = await credentials();
    credentialSource = sourced.source;
    const token = await sign({
      region,
      credentials: sourced.credentials,
      now: now(),
      ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}),
    });
    signings++;
    const lifetime = token.expiresAt - token.signedAt;
    return { token, refreshAt: token.expiresAt - Math.min(refreshMarginMs, lifetime / 2) };
  }

  const tokens = refreshingToken({
    fetch: (deadline) => withinDeadline(signFresh(), deadline, now()),
    now,
    isRefreshError: (error): error is MskIamError => error instanceof MskIamError,
    onRefreshError,
  });

  return {
    getToken: (deadline) => tokens.get(deadline),
    invalidate: () => tokens.invalidate(),
    reset: () => tokens.reset(),
    get signings() {
      return signings;
    },
    get credentialSource() {
      return credentialSource;
    },
  };
}
