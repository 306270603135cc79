import { SkeError } from '../errors.ts';

/**
 * The OAuth token endpoint did not give a usable token. Texts follow Mage's
 * (`Failed to fetch OAuth token: ...`, `Invalid token response format: ...`)
 * and never contain the client secret. Network failures, timeouts, 5xx, 408
 * and 429 are retriable; other 4xx (bad credentials, bad scope) are not.
 */
export class OAuthError extends SkeError {
  /** HTTP status of the token endpoint's answer, when there was one. */
  readonly status: number | undefined;

  constructor(message: string, options: { cause?: unknown; retriable?: boolean; status?: number } = {}) {
    super(message, options);
    this.name = 'OAuthError';
    this.status = options.status;
  }
}

/** Statuses after which the same request may succeed later. */
export function isRetriableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * AWS_MSK_IAM could not produce a token: no credentials in the chain, or the
 * role could not be assumed. Retriable when AWS may answer differently later
 * (network, throttling, 5xx); not when credentials are missing or access is denied.
 */
export class MskIamError extends SkeError {
  constructor(message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, options);
    this.name = 'MskIamError';
  }
}
