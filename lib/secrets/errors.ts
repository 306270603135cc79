import { SkeError } from '../errors.ts';

/**
 * A secret could not be read. The text names the secret id and, for AWS
 * failures, the AWS error name and message; it never contains a secret value.
 */
export class SecretError extends SkeError {
  readonly secretId: string;

  constructor(secretId: string, message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, options);
    this.name = 'SecretError';
    this.secretId = secretId;
  }
}

/** AWS error names worth trying again: throttling and AWS-side faults. */
const RETRIABLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalServiceError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AwsDeadlineError',
]);

/** Socket-level failures: the request may not have reached AWS at all. */
const RETRIABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

interface AwsLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Whether a Secrets Manager failure may pass if tried again later. */
export function isRetriableAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as AwsLikeError;
  if (e.$retryable) return true;
  if (typeof e.name === 'string' && RETRIABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && RETRIABLE_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

const MAX_AWS_MESSAGE = 300;

/** Wraps a GetSecretValue failure: `secret "db": AccessDeniedException: User ... is not authorized ...`. */
export function secretFetchError(secretId: string, cause: unknown): SecretError {
  const e = (typeof cause === 'object' && cause !== null ? cause : {}) as AwsLikeError;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const detail = typeof e.message === 'string' && e.message ? `: ${e.message.slice(0, MAX_AWS_MESSAGE)}` : '';
  return new SecretError(secretId, `secret "${secretId}": GetSecretValue failed with ${name}${detail}`, {
    cause,
    retriable: isRetriableAwsError(cause),
  });
}
