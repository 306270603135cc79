import type { HttpConfig } from '../../config/trigger-schemas.ts';
import type { Exporter, MessageResult } from '../../exporter/index.ts';
import type { ExportInput } from '../../messages/index.ts';
import type { Logger } from '../../observability/index.ts';
import { invocationDeadline, type LambdaContextLike } from '../deadline.ts';
import { authenticate } from './auth.ts';
import { decodeHttpBody } from './body.ts';
import { utf8LongerThan } from './bytes.ts';
import { httpReply } from './reply.ts';
import { type HttpRequest, parseHttpEvent } from './request.ts';

export interface HttpHandlerDeps {
  exporter: Exporter;
  logger: Logger;
  /** The http settings and default topic of the resolved config. */
  settings: () => Promise<{ http: HttpConfig; topic: string }>;
  env?: Record<string, string | undefined>;
  now?: () => number;
}

/** Seconds a caller should wait before retrying when Kafka cannot be reached. */
export const RETRY_AFTER_SECONDS = 5;

/** Kafka is unreachable (not the messages' fault): worth a 503 rather than a 207. */
function isUnavailable(results: readonly MessageResult[]): boolean {
  return results.length > 0 && results.every((r) => !r.ok && r.error.retriable);
}

/** The body bytes as the caller sent them: what HMAC signatures cover. */
function rawBody(req: HttpRequest): Buffer {
  if (req.body === null) return Buffer.alloc(0);
  return req.isBase64Encoded ? Buffer.from(req.body, 'base64') : Buffer.from(req.body, 'utf8');
}

/** Whether {@link rawBody} is longer than `max` bytes, without building it. */
function rawBodyLongerThan(req: HttpRequest, max: number): boolean {
  if (req.body === null) return false;
  // Base64's length is worked out from the text (3 bytes in 4 characters), an upper bound for invalid text.
  return req.isBase64Encoded ? Buffer.byteLength(req.body, 'base64') > max : utf8LongerThan(req.body, max);
}

/** dest_topic values the caller chose that the allow-list does not contain. */
function forbiddenTopics(
  inputs: readonly ExportInput[],
  topic: string,
  allowed: readonly string[],
): string[] {
  const bad = new Set<string>();
  for (const { message } of inputs) {
    if (message === null || typeof message !== 'object' || Array.isArray(message)) continue;
    const metadata = (message as { metadata?: unknown }).metadata;
    if (metadata === null || typeof metadata !== 'object') continue;
    const dest = (metadata as { dest_topic?: unknown }).dest_topic;
    if (typeof dest === 'string' && dest !== topic && !allowed.includes(dest)) bad.add(dest);
  }
  return [...bad];
}

/** The refused topic names for the 403 reason, bounded: they are the caller's strings, echoed back. */
function describeTopics(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((name) => (name.length > 64 ? `${name.slice(0, 64)}…` : name));
  return names.length > shown.length
    ? `${shown.join(', ')} and ${names.length - shown.length} more`
    : shown.join(', ');
}

/** A public view of a per-message result: offsets, or an error code and a reason safe to show a caller. */
function publicResult(r: MessageResult) {
  if (r.ok && r.deadLettered) {
    const reason = r.deadLettered.name === 'MessageError' ? r.deadLettered.message : 'not delivered';
    return {
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      deadLettered: true,
      error: r.deadLettered.code ?? 'INVALID_MESSAGE',
      reason,
    };
  }
  if (r.ok) return { topic: r.topic, partition: r.partition, offset: r.offset };
  // Message errors are about the caller's input; Kafka-side details stay in our logs.
  const reason = r.error.name === 'MessageError' ? r.error.message : 'not delivered';
  return { error: r.error.code ?? 'NOT_DELIVERED', reason };
}

/**
 * The HTTP trigger (API Gateway REST and HTTP APIs, Function URLs, ALB):
 * authenticate, decode the body, check the topic allow-list, export, and
 * reply 200 / 207 / 400 / 401 / 403 / 413 / 415 / 503. Nothing is produced
 * unless the whole request is acceptable; 5xx bodies carry no internal text.
 */
export async function handleHttpEvent(event: unknown, context: LambdaContextLike, deps: HttpHandlerDeps) {
  let req: HttpRequest;
  try {
    req = parseHttpEvent(event);
  } catch (err) {
    deps.logger.warn('not an HTTP event', { err });
    return {
      statusCode: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'bad request' }),
    };
  }
  const reply = (statusCode: number, body: unknown, headers?: Record<string, string>) =>
    httpReply(req.kind, { statusCode, body, ...(headers ? { headers } : {}) }, req);
  try {
    const { http, topic } = await deps.settings();
    if (rawBodyLongerThan(req, http.max_body_bytes))
      return reply(413, { error: `body larger than ${http.max_body_bytes} bytes` });
    const auth = authenticate(req, () => rawBody(req), http, deps.now);
    if (!auth.ok) return reply(auth.status, { error: auth.reason });

    const decoded = decodeHttpBody(req, {
      maxBodyBytes: http.max_body_bytes,
      maxMessages: http.max_messages,
    });
    if (!decoded.ok) return reply(decoded.status, { error: decoded.reason });
    const forbidden = forbiddenTopics(decoded.inputs, topic, http.allowed_topics);
    if (forbidden.length > 0) return reply(403, { error: `topic not allowed: ${describeTopics(forbidden)}` });

    const { results, delivered } = await deps.exporter.export(decoded.inputs, {
      deadline: invocationDeadline(context, deps.env),
    });
    // A message kept in the dead-letter topic is safe, but it did not reach its topic: say so (207).
    const deadLettered = results.filter((r) => r.ok && r.deadLettered).length;
    if (delivered === results.length && deadLettered === 0)
      return reply(200, { results: results.map(publicResult) });
    if (isUnavailable(results)) {
      return reply(
        503,
        { error: 'Kafka is unavailable; retry later' },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    }
    return reply(207, {
      delivered: delivered - deadLettered,
      deadLettered,
      failed: results.length - delivered,
      results: results.map(publicResult),
    });
  } catch (err) {
    deps.logger.error('HTTP export failed', { err });
    return reply(500, { error: 'internal error' });
  }
}
