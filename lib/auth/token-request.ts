import { isRetriableStatus, OAuthError } from './errors.ts';

export interface TokenRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent only when non-empty, as Mage does. */
  scope?: string | undefined;
  /** The request (answer and body included) is aborted after this long. */
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
}

export interface TokenResponse {
  accessToken: string;
  /** Lifetime the server granted; 3600 when it did not say. */
  expiresInSeconds: number;
}

/** RFC 6749 leaves `expires_in` optional; Mage (and most clients) then assume an hour. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
const MAX_BODY_EXCERPT = 200;
const FETCH_FAILED = 'Failed to fetch OAuth token';
const INVALID_FORMAT = 'Invalid token response format';

/**
 * One OAuth 2.0 client-credentials request, sent as Mage's
 * `ClientCredentialsTokenProvider` sends it: POST, form body with
 * `grant_type=client_credentials`, `client_id`, `client_secret` and `scope`
 * when set, `Content-Type: application/x-www-form-urlencoded`. User info in
 * the URL (`https://app:pw@idp/token`) becomes HTTP basic authentication, as
 * Python's requests (Mage's client) makes it; fetch refuses such URLs, and its
 * error would quote the password.
 */
export async function requestToken(request: TokenRequest): Promise<TokenResponse> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: request.clientId,
    client_secret: request.clientSecret,
  });
  if (request.scope) form.set('scope', request.scope);

  let status: number;
  let statusText: string;
  let body: string;
  const { url, authorization } = withoutUserinfo(request.tokenUrl);
  try {
    const response = await request.fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: form.toString(),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    status = response.status;
    statusText = response.statusText;
    body = await response.text();
  } catch (error) {
    throw new OAuthError(`${FETCH_FAILED}: ${networkReason(error, request.timeoutMs)}`, {
      cause: error,
      retriable: true,
    });
  }

  if (status < 200 || status > 299) {
    // Redacted before shortening, so a secret cut in half at the end cannot slip through.
    const excerpt = redact(body, request.clientSecret).replace(/\s+/g, ' ').trim().slice(0, MAX_BODY_EXCERPT);
    const from = `HTTP ${status}${statusText ? ` ${statusText}` : ''} from ${safeUrl(request.tokenUrl)}`;
    throw new OAuthError(`${FETCH_FAILED}: ${from}${excerpt ? `: ${excerpt}` : ''}`, {
      retriable: isRetriableStatus(status),
      status,
    });
  }
  return parseTokenBody(body, status);
}

function parseTokenBody(body: string, status: number): TokenResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new OAuthError(`${INVALID_FORMAT}: the body is not JSON`, { status });
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (!Object.hasOwn(fields, 'access_token')) {
    throw new OAuthError(`${INVALID_FORMAT}: missing 'access_token' field`, { status });
  }
  const accessToken = fields.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new OAuthError(`${INVALID_FORMAT}: 'access_token' is not a non-empty string`, { status });
  }
  return { accessToken, expiresInSeconds: readExpiresIn(fields.expires_in, status) };
}

function readExpiresIn(value: unknown, status: number): number {
  if (value === undefined || value === null) return DEFAULT_EXPIRES_IN_SECONDS;
  // Some servers (Azure AD v1) send the number as a string.
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds;
  throw new OAuthError(`${INVALID_FORMAT}: 'expires_in' is not a positive number of seconds`, { status });
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `request timed out after ${timeoutMs} ms`;
  if (error.name === 'AbortError') return 'request aborted';
  // undici says only "fetch failed" and puts the socket error (connect ECONNREFUSED ...) in `cause`.
  const { cause } = error;
  return cause instanceof Error && cause.message ? `${error.message}: ${cause.message}` : error.message;
}

/** The URL without user info, and that user info as a basic Authorization header (percent-decoded, as requests does). */
function withoutUserinfo(tokenUrl: string): { url: string; authorization?: string } {
  let parsed: URL;
  try {
    parsed = new URL(tokenUrl);
  } catch {
    return { url: tokenUrl };
  }
  if (parsed.username === '' && parsed.password === '') return { url: tokenUrl };
  const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

/** Origin and path only: a query string or user info in the URL may hold credentials. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the token URL';
  }
}

/** Some servers echo the request back in their error body. */
function redact(text: string, secret: string): string {
  if (!secret) return text;
  const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
  return [secret, encodeURIComponent(secret), formEncoded].reduce(
    (out, form) => out.replaceAll(form, '***'),
    text,
  );
}
