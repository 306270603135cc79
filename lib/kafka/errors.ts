import { SkeError } from '../errors.ts';
import type { NotDelivered } from './types.ts';

/** A produce that failed; `code` is Kafka's error type when the broker answered (e.g. MESSAGE_TOO_LARGE). */
export class KafkaExportError extends SkeError {
  readonly code?: string;

  constructor(message: string, options: { cause?: unknown; retriable?: boolean; code?: string } = {}) {
    super(message, options);
    this.name = 'KafkaExportError';
    this.code = options.code;
  }
}

/** The invocation's time ran out before Kafka acknowledged. Retriable: the trigger may try again. */
export class DeadlineExceededError extends KafkaExportError {
  /** `lastError`: why the tries before ran out of time (the broker's refusal, a connection error), for the message. */
  constructor(what: string, lastError?: unknown) {
    const last = lastError instanceof Error ? `; the last try failed with: ${lastError.message}` : '';
    super(`deadline exceeded: ${what} was not acknowledged before the invocation's time ran out${last}`, {
      retriable: true,
      code: 'DEADLINE_EXCEEDED',
      ...(lastError ? { cause: lastError } : {}),
    });
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Errors about the records themselves: the broker refused the batch without
 * appending any of it, so the batch can be split to find the culprit.
 */
const RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);

interface KafkaJsLikeError {
  name?: string;
  code?: string;
  message?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
}

/** The Kafka error type behind a KafkaJS error (KafkaJS wraps retried errors in KafkaJSNumberOfRetriesExceeded). */
export function kafkaErrorType(err: unknown): string | undefined {
  let current = err as KafkaJsLikeError | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.type === 'string') return current.type;
    current = current.cause as KafkaJsLikeError | undefined;
  }
  return undefined;
}

export function isRecordError(err: unknown): boolean {
  const type = kafkaErrorType(err);
  return type !== undefined && RECORD_ERRORS.has(type);
}

const AUTH_PATTERN = /SASL|authentication|Request is not valid given the current SASL state/i;

/** True for a broker refusing credentials (wrong password, rejected token): worth one secret refresh. */
export function isAuthenticationError(err: unknown): boolean {
  const e = err as KafkaJsLikeError | undefined;
  return (
    e?.name === 'KafkaJSSASLAuthenticationError' ||
    [kafkaErrorType(err), e?.code].some(
      (t) => t === 'SASL_AUTHENTICATION_FAILED' || t === 'ILLEGAL_SASL_STATE',
    ) ||
    (typeof e?.message === 'string' && AUTH_PATTERN.test(e.message) && e.name !== 'KafkaExportError')
  );
}

/** A host-name mismatch in TLS: the message must say how to turn the check off if the user really wants to. */
function hostnameHint(message: string): string {
  return /Hostname\/IP does not match|altnames/i.test(message)
    ? `${message} (the broker's certificate does not name this host; fix the certificate or bootstrap_server, or set ssl_config.check_hostname: false to skip the host-name check)`
    : message;
}

const CONFIGURATION_ERRORS = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
]);

const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
]);

/** Each error of a KafkaJS cause chain, outermost first. */
function causeChain(err: unknown): KafkaJsLikeError[] {
  const chain: KafkaJsLikeError[] = [];
  let current = err as KafkaJsLikeError | undefined;
  while (current && typeof current === 'object' && chain.length < 6) {
    chain.push(current);
    current = current.cause as KafkaJsLikeError | undefined;
  }
  return chain;
}

/**
 * Whether trying again later may succeed. KafkaJS marks an error it gave up
 * retrying (KafkaJSNumberOfRetriesExceeded) as not retriable; for the trigger
 * what counts is the cause: an unreachable broker is worth a retry, a record
 * the broker refused or credentials it rejected are not.
 */
export function isRetriableFailure(err: unknown): boolean {
  if (err instanceof SkeError) return err.retriable;
  if (isRecordError(err) || isAuthenticationError(err)) return false;
  // KafkaJS retries these (metadata may be stale), but once it gives up they are configuration problems.
  if (CONFIGURATION_ERRORS.has(kafkaErrorType(err) ?? '')) return false;
  const chain = causeChain(err);
  if (
    chain.some(
      (e) =>
        CONNECTION_ERRORS.has(e.name ?? '') ||
        /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/.test(e.message ?? ''),
    )
  ) {
    return true;
  }
  return chain.at(-1)?.retriable === true;
}

/** Turns anything KafkaJS throws into the per-record failure value. */
export function toNotDelivered(err: unknown): NotDelivered {
  const e = (err ?? {}) as KafkaJsLikeError;
  // Our own errors name their code (schema registry errors too); KafkaJS's say it as their type.
  // KafkaJS's SASL failures carry no Kafka error type; callers (an HTTP 502) still get the code.
  const own = e instanceof SkeError ? (e as { code?: unknown }).code : undefined;
  const code =
    (typeof own === 'string' ? own : e instanceof KafkaExportError ? e.code : kafkaErrorType(err)) ??
    (isAuthenticationError(err) ? 'SASL_AUTHENTICATION_FAILED' : undefined);
  const retriable = isRetriableFailure(err);
  return {
    ok: false,
    error: {
      name: e.name ?? 'Error',
      message: hostnameHint(e.message ?? String(err)),
      retriable,
      ...(code ? { code } : {}),
    },
  };
}
