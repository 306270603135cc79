import { STATUS_CODES } from 'node:http';
import type { HttpKind, HttpRequest } from './request.ts';

/** What a handler answers, before it is shaped for the front door. */
export interface HttpReplyInit {
  statusCode: number;
  /** Sent as JSON. */
  body: unknown;
  /** Extra response headers (`retry-after`); `content-type` is always `application/json`. */
  headers?: Record<string, string>;
}

/** The response API Gateway (REST and HTTP APIs) and Function URLs expect. */
export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** The response an ALB target group expects; multi-value when the request was. */
export type AlbResponse = {
  statusCode: number;
  statusDescription: string;
  body: string;
  isBase64Encoded: false;
} & ({ headers: Record<string, string> } | { multiValueHeaders: Record<string, string[]> });

export type HttpResponse = GatewayResponse | AlbResponse;

/**
 * `reply` in the response shape of the front door the request came through.
 * The body is always JSON. ALB needs a `statusDescription` (`200 OK`) and,
 * when its target group has multi-value headers on, `multiValueHeaders`
 * instead of `headers` (ALB ignores the other map).
 *
 * @param request - the request being answered; only ALB needs it (multi-value headers or not)
 */
export function httpReply(
  kind: Exclude<HttpKind, 'alb'>,
  reply: HttpReplyInit,
  request?: Pick<HttpRequest, 'multiValueHeaders'>,
): GatewayResponse;
export function httpReply(
  kind: HttpKind,
  reply: HttpReplyInit,
  request?: Pick<HttpRequest, 'multiValueHeaders'>,
): HttpResponse;
export function httpReply(
  kind: HttpKind,
  reply: HttpReplyInit,
  request?: Pick<HttpRequest, 'multiValueHeaders'>,
): HttpResponse {
  const headers = reply.headers
    ? {
        ...Object.fromEntries(
          Object.entries(reply.headers).filter(([name]) => name.toLowerCase() !== 'content-type'),
        ),
        'content-type': 'application/json',
      }
    : { 'content-type': 'application/json' };
  const body = JSON.stringify(reply.body ?? null);
  if (kind !== 'alb') return { statusCode: reply.statusCode, headers, body, isBase64Encoded: false };

  const base = {
    statusCode: reply.statusCode,
    statusDescription: `${reply.statusCode} ${STATUS_CODES[reply.statusCode] ?? 'Unknown'}`,
    body,
    isBase64Encoded: false as const,
  };
  if (!request?.multiValueHeaders) return { ...base, headers };
  return {
    ...base,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
  };
}
