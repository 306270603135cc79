import { EventShapeError } from '../../events/errors.ts';
import { parseWith } from '../../events/issues.ts';
import { kindOf } from '../../text/describe.ts';
import {
  type AlbEvent,
  AlbEventSchema,
  type ApiGatewayV1Event,
  ApiGatewayV1EventSchema,
  type ApiGatewayV2Event,
  ApiGatewayV2EventSchema,
} from './schemas.ts';
import { isWellFormedAlbEvent, isWellFormedV1Event, isWellFormedV2Event } from './shape-checks.ts';

/** Which front door a request came through; replies differ by it. */
export const HTTP_KINDS = ['apigw-v1', 'apigw-v2', 'function-url', 'alb'] as const;
export type HttpKind = (typeof HTTP_KINDS)[number];

/** An HTTP request, the same whichever front door it came through. */
export interface HttpRequest {
  kind: HttpKind;
  method: string;
  path: string;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Decoded names and values; repeated parameters joined with `,` (as HTTP APIs do). */
  query: Record<string, string>;
  /** As the gateway passed it: base64 text when `isBase64Encoded`. */
  body: string | null;
  isBase64Encoded: boolean;
  /** The ALB target group sends multi-value headers, so the reply must use them too. */
  multiValueHeaders: boolean;
  sourceIp?: string;
  /** Present when the gateway already authenticated the caller: the authorizer's output. */
  authorizer?: unknown;
}

const FUNCTION_URL_DOMAIN = /\.lambda-url\.[a-z0-9-]+\.on\.aws$/;
/**
 * Keys an authorizer context has only when an authorizer ran: `principalId`
 * (Lambda authorizer, REST) and `claims` (Cognito, REST); `jwt`, `lambda` and
 * `iam` (HTTP APIs and Function URLs).
 */
const AUTHORIZER_KEYS = ['principalId', 'claims', 'jwt', 'lambda', 'iam'] as const;

/**
 * The request in an API Gateway REST (v1), HTTP API (v2), Function URL or
 * ALB event, normalized.
 *
 * @throws EventShapeError when the event is none of these, naming the first wrong field
 */
export function parseHttpEvent(event: unknown): HttpRequest {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new EventShapeError('event', 'an HTTP request event', kindOf(event));
  const fields = event as Record<string, unknown>;
  const context = fields.requestContext as Record<string, unknown> | undefined;
  // Hot path (every request): a well-formed event is read as it is; zod only checks the others, for the error.
  if (typeof context === 'object' && context !== null && Object.hasOwn(context, 'elb'))
    return fromAlb(isWellFormedAlbEvent(fields) ? fields : parseWith(AlbEventSchema, event));
  if (fields.version === '2.0')
    return fromV2(isWellFormedV2Event(fields) ? fields : parseWith(ApiGatewayV2EventSchema, event));
  if (Object.hasOwn(fields, 'httpMethod'))
    return fromV1(isWellFormedV1Event(fields) ? fields : parseWith(ApiGatewayV1EventSchema, event));
  throw new EventShapeError(
    'event',
    'an API Gateway, Function URL or ALB request (httpMethod, version 2.0 or requestContext.elb)',
    'none of these',
  );
}

function fromV1(event: ApiGatewayV1Event): HttpRequest {
  const { identity, authorizer } = event.requestContext;
  return withOptional(
    {
      kind: 'apigw-v1',
      method: event.httpMethod,
      path: event.path,
      headers: joinHeaders(event.multiValueHeaders ?? event.headers),
      query: joinQuery(event.multiValueQueryStringParameters ?? event.queryStringParameters),
      body: event.body ?? null,
      isBase64Encoded: event.isBase64Encoded ?? false,
      multiValueHeaders: false,
    },
    identity?.sourceIp ?? undefined,
    authenticated(authorizer),
  );
}

function fromV2(event: ApiGatewayV2Event): HttpRequest {
  const { domainName, http, authorizer } = event.requestContext;
  const headers = joinHeaders(event.headers);
  // Payload 2.0 moves Cookie headers into `cookies`; put them back where HTTP has them.
  if (event.cookies && event.cookies.length > 0 && headers.cookie === undefined)
    headers.cookie = event.cookies.join('; ');
  return withOptional(
    {
      kind: FUNCTION_URL_DOMAIN.test(domainName) ? 'function-url' : 'apigw-v2',
      method: http.method,
      path: event.rawPath,
      headers,
      query: joinQuery(event.queryStringParameters),
      body: event.body ?? null,
      isBase64Encoded: event.isBase64Encoded,
      multiValueHeaders: false,
    },
    http.sourceIp,
    authenticated(authorizer),
  );
}

function fromAlb(event: AlbEvent): HttpRequest {
  const multiValueHeaders = event.multiValueHeaders ?? undefined;
  const headers = joinHeaders(multiValueHeaders ?? event.headers);
  const query = joinQuery(event.multiValueQueryStringParameters ?? event.queryStringParameters, urlDecode);
  // The load balancer appends the address it saw to X-Forwarded-For; entries before it are the client's word.
  const sourceIp = headers['x-forwarded-for']?.split(',').at(-1)?.trim() || undefined;
  return withOptional(
    {
      kind: 'alb',
      method: event.httpMethod,
      path: event.path,
      headers,
      query,
      body: event.body ?? null,
      isBase64Encoded: event.isBase64Encoded,
      multiValueHeaders: multiValueHeaders !== undefined,
    },
    sourceIp,
    undefined,
  );
}

function withOptional(request: HttpRequest, sourceIp: string | undefined, authorizer: unknown): HttpRequest {
  if (sourceIp !== undefined) request.sourceIp = sourceIp;
  if (authorizer !== undefined) request.authorizer = authorizer;
  return request;
}

function authenticated(authorizer: Record<string, unknown> | null | undefined): unknown {
  if (!authorizer) return undefined;
  return AUTHORIZER_KEYS.some((key) => Object.hasOwn(authorizer, key)) ? authorizer : undefined;
}

/** A header or query map: single values, or lists (the multi-value maps); gateways send `null` for none. */
type ValueMap = Record<string, string | string[]> | null | undefined;

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype). */
function setOwn(target: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__')
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/** Header names differ only by case across sources: merge them, in arrival order. */
function joinHeaders(map: ValueMap): Record<string, string> {
  const joined: Record<string, string> = {};
  if (!map) return joined;
  const merged = new Map<string, string[]>();
  for (const name of Object.keys(map)) {
    const value = map[name]!;
    const values = typeof value === 'string' ? [value] : value;
    const lower = name.toLowerCase();
    const seen = merged.get(lower);
    if (seen) seen.push(...values);
    else merged.set(lower, [...values]);
  }
  for (const [name, values] of merged) setOwn(joined, name, values.join(', '));
  return joined;
}

function joinQuery(map: ValueMap, decode = (text: string) => text): Record<string, string> {
  const query: Record<string, string> = {};
  if (!map) return query;
  for (const name of Object.keys(map)) {
    const value = map[name]!;
    setOwn(query, decode(name), typeof value === 'string' ? decode(value) : value.map(decode).join(','));
  }
  return query;
}

/** Form-style decoding (`+` is a space); text that is not valid encoding is kept as sent. */
function urlDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
