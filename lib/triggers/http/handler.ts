import type { HttpConfig } from '../../config/trigger-schemas.ts';
import type { Exporter, MessageResult } from '../../exporter/index.ts';
import type { ExportInput } from '../../messages/index.ts';
import { invocationTraceHeaders, type Logger, requestTraceHeaders } from '../../observability/index.ts';
import { type LambdaContextLike, untilDeadline } from '../deadline.ts';
import { authenticate } from './auth.ts';
import { decodeHttpBody } from './body.ts';
import { utf8LongerThan } from './bytes.ts';
import { httpReply } from './reply.ts';
import { type HttpRequest, parseHttpEvent } from './request.ts';
import { httpOutcome, RETRY_AFTER_SECONDS } from './status.ts';

export interface HttpHandlerDeps {
  exporter: Exporter;
  logger: Logger;
  /** The http settings and default topic of the resolved config. */
  settings: () => Promise<{ http: HttpConfig; topic: string }>;
  env?: Record<string, string | undefined>;
  now?: () => number;
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
 * reply 200 / 207 / 400 / 401 / 403 / 413 / 415 / 502 / 503 (never a 2xx when nothing was delivered). Nothing is produced
 * unless the whole request is acceptable; 5xx bodies carry no internal text.
 */
export function handleHttpEvent(event: unknown, context: LambdaContextLike, deps: HttpHandlerDeps) {
  return untilDeadline(context, deps.env, (deadline) => handleRequest(event, deadline, deps));
}

async function handleRequest(event: unknown, deadline: number, deps: HttpHandlerDeps) {
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
      deadline,
      // The caller's W3C trace context, else the invocation's X-Ray trace.
      traceHeaders: requestTraceHeaders(req.headers) ?? invocationTraceHeaders(deps.env),
    });
    const outcome = httpOutcome(results);
    if (outcome.status === 200) return reply(200, { results: results.map(publicResult) });
    const deadLettered = results.filter((r) => r.ok && r.deadLettered).length;
    const counts = { delivered: delivered - deadLettered, deadLettered, failed: results.length - delivered };
    if (outcome.status === 207) return reply(207, { ...counts, results: results.map(publicResult) });
    deps.logger.warn('HTTP export delivered nothing', { status: outcome.status, code: outcome.code });
    if (outcome.status === 503)
      return reply(
        503,
        { error: 'Kafka is unavailable; retry later', code: outcome.code, ...counts },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    const error =
      outcome.status === 502
        ? 'Kafka refused the messages; nothing was delivered'
        : 'no message could be delivered; see results';
    return reply(outcome.status, {
      error,
      code: outcome.code,
      ...counts,
      results: results.map(publicResult),
    });
  } catch (err) {
    deps.logger.error('HTTP export failed', { err });
    // A deadline or an unreachable service (Secrets Manager behind the config) is worth retrying.
    if ((err as { retriable?: unknown }).retriable === true)
      return reply(
        503,
        { error: 'temporarily unavailable; retry later' },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    return reply(500, { error: 'internal error' });
  }
}
