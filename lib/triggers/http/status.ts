import type { MessageResult } from '../../exporter/index.ts';

/** Seconds a caller should wait before retrying when Kafka cannot be reached. */
export const RETRY_AFTER_SECONDS = 5;

/** Kafka refusals that are about the records the caller sent, not about our side. */
const CALLERS_RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_PARTITION',
  'INVALID_MESSAGE',
]);

/** What went wrong with one message that did not reach its topic, in the terms a status needs. */
function failureOf(r: MessageResult): { name: string; code?: string; retriable: boolean } | undefined {
  if (!r.ok) return r.error;
  if (r.deadLettered) return { ...r.deadLettered, retriable: false };
  return undefined;
}

function isCallersFault(f: { name: string; code?: string }): boolean {
  return f.name === 'MessageError' || CALLERS_RECORD_ERRORS.has(f.code ?? '');
}

/** The status for an export, and for a non-2xx the Kafka error code to show (never internal text). */
export interface HttpOutcome {
  status: 200 | 207 | 400 | 413 | 502 | 503;
  code?: string;
}

/**
 * 200 when every message reached its topic; 207 when some did. When none did,
 * never a 2xx (a client that takes 2xx as success would drop its data): 503
 * when a retry may deliver (Kafka unreachable, the deadline; any other failures
 * being the caller's input); 400
 * (413 when all were too large) when every failure is the caller's input; else
 * 502 with Kafka's error code (credentials refused, an unknown default topic,
 * no authorization). A message kept in the dead-letter topic did not reach its
 * topic: it counts as not delivered here.
 */
export function httpOutcome(results: readonly MessageResult[]): HttpOutcome {
  const failures = results.map(failureOf);
  const reached = failures.filter((f) => f === undefined).length;
  if (reached === results.length) return { status: 200 };
  if (reached > 0) return { status: 207 };
  const failed = failures as Array<NonNullable<(typeof failures)[number]>>;
  const retriable = failed.find((f) => f.retriable);
  // Some are worth retrying and the rest are the caller's to fix: a retry is what can deliver anything.
  if (retriable && failed.every((f) => f.retriable || isCallersFault(f)))
    return { status: 503, code: retriable.code ?? 'KAFKA_UNAVAILABLE' };
  if (failed.every(isCallersFault)) {
    const tooLarge = failed.every((f) => f.code === 'MESSAGE_TOO_LARGE');
    return { status: tooLarge ? 413 : 400, code: failed[0]!.code ?? 'INVALID_MESSAGE' };
  }
  const cause = failed.find((f) => !f.retriable && !isCallersFault(f)) ?? failed[0]!;
  return { status: 502, code: cause.code ?? 'NOT_DELIVERED' };
}
