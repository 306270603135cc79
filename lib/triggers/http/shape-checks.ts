import {
  isNullishBoolean,
  isNullishMultiValueMap,
  isNullishObject,
  isNullishString,
  isNullishStringMap,
  isObject,
  isOptionalString,
  isStringArray,
} from '../../events/shape-checks.ts';
import type { AlbEvent, ApiGatewayV1Event, ApiGatewayV2Event } from './schemas.ts';

/*
 * The hot-path twins of the schemas in http-schemas.ts (see shape-checks.ts):
 * true only for events the schema accepts unchanged.
 */

/** {@link ApiGatewayV2EventSchema} (HTTP API payload 2.0, Function URLs). */
export function isWellFormedV2Event(event: Record<string, unknown>): event is ApiGatewayV2Event {
  const context = event.requestContext;
  if (!isObject(context) || !isObject(context.http)) return false;
  const { http } = context;
  return (
    event.version === '2.0' &&
    typeof event.routeKey === 'string' &&
    typeof event.rawPath === 'string' &&
    isOptionalString(event.rawQueryString) &&
    (event.cookies === undefined || event.cookies === null || isStringArray(event.cookies)) &&
    isNullishStringMap(event.headers) &&
    isNullishStringMap(event.queryStringParameters) &&
    isNullishString(event.body) &&
    typeof event.isBase64Encoded === 'boolean' &&
    typeof context.domainName === 'string' &&
    isOptionalString(context.requestId) &&
    typeof http.method === 'string' &&
    typeof http.path === 'string' &&
    isOptionalString(http.sourceIp) &&
    isNullishObject(context.authorizer)
  );
}

/** The fields REST APIs and ALB share (`RestRequestFields` in http-schemas.ts). */
function hasWellFormedRestFields(event: Record<string, unknown>): boolean {
  return (
    isNullishStringMap(event.headers) &&
    isNullishMultiValueMap(event.multiValueHeaders) &&
    isNullishStringMap(event.queryStringParameters) &&
    isNullishMultiValueMap(event.multiValueQueryStringParameters) &&
    isNullishString(event.body)
  );
}

/** {@link ApiGatewayV1EventSchema} (REST API proxy integration, payload 1.0). */
export function isWellFormedV1Event(event: Record<string, unknown>): event is ApiGatewayV1Event {
  const context = event.requestContext;
  if (!isObject(context)) return false;
  const { identity } = context;
  return (
    typeof event.resource === 'string' &&
    typeof event.path === 'string' &&
    typeof event.httpMethod === 'string' &&
    hasWellFormedRestFields(event) &&
    isNullishBoolean(event.isBase64Encoded) &&
    isOptionalString(context.requestId) &&
    (identity === undefined ||
      identity === null ||
      (isObject(identity) && isNullishString(identity.sourceIp))) &&
    isNullishObject(context.authorizer)
  );
}

/** {@link AlbEventSchema} (Application Load Balancer target group). */
export function isWellFormedAlbEvent(event: Record<string, unknown>): event is AlbEvent {
  const context = event.requestContext;
  return (
    isObject(context) &&
    isObject(context.elb) &&
    typeof context.elb.targetGroupArn === 'string' &&
    typeof event.httpMethod === 'string' &&
    typeof event.path === 'string' &&
    hasWellFormedRestFields(event) &&
    typeof event.isBase64Encoded === 'boolean'
  );
}
