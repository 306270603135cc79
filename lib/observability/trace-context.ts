/** W3C Trace Context header names, as records carry them. */
export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

/** W3C: a tracestate longer than this may be dropped by any participant. */
const MAX_TRACESTATE = 512;

const HEX_32 = /^[0-9a-f]{32}$/;
const HEX_16 = /^[0-9a-f]{16}$/;
const HEX_2 = /^[0-9a-f]{2}$/;
const ZEROS_32 = '0'.repeat(32);
const ZEROS_16 = '0'.repeat(16);

/** The trace headers of a record: `traceparent`, and `tracestate` when there was one. */
export type TraceHeaders = Record<string, string>;

/**
 * A `traceparent` as W3C Trace Context reads it, written back as version 00,
 * or undefined when it is not one (all-zero ids, version ff, bad hex). A later
 * version is read by its first four fields, as the specification asks.
 */
export function parseTraceparent(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parts = value.trim().toLowerCase().split('-');
  if (parts.length < 4) return undefined;
  const [version, traceId, parentId, flags] = parts as [string, string, string, string];
  if (!HEX_2.test(version) || version === 'ff' || (version === '00' && parts.length !== 4)) return undefined;
  if (!HEX_32.test(traceId) || traceId === ZEROS_32) return undefined;
  if (!HEX_16.test(parentId) || parentId === ZEROS_16) return undefined;
  if (!HEX_2.test(flags)) return undefined;
  // Only the sampled bit is defined in version 00; other bits are not carried over.
  const sampled = (Number.parseInt(flags, 16) & 1) === 1;
  return `00-${traceId}-${parentId}-${sampled ? '01' : '00'}`;
}

/**
 * An X-Ray trace header (`Root=1-5759e988-bd862e3fe1be46a994272793;
 * Parent=53995c3f42cd8ad8;Sampled=1`, as in `_X_AMZN_TRACE_ID` or SQS's
 * AWSTraceHeader) as a `traceparent`, the way the AWS X-Ray propagators of
 * OpenTelemetry convert it: trace id = the Root's epoch and random parts
 * joined, parent id = Parent, sampled flag = Sampled=1. Undefined without a
 * valid Root and Parent (a header without Parent names no span to continue).
 */
export function traceparentFromXray(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const root = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/.exec(fields.get('Root') ?? '');
  const parent = fields.get('Parent')?.toLowerCase();
  if (!root || parent === undefined) return undefined;
  const traceId = `${root[1]}${root[2]}`.toLowerCase();
  if (traceId === ZEROS_32 || !HEX_16.test(parent) || parent === ZEROS_16) return undefined;
  return `00-${traceId}-${parent}-${fields.get('Sampled') === '1' ? '01' : '00'}`;
}

/** The record headers for a trace context, or undefined when it is not valid. */
export function traceHeaders(
  traceparent: string | undefined,
  tracestate?: string | undefined,
): TraceHeaders | undefined {
  const parent = parseTraceparent(traceparent);
  if (parent === undefined) return undefined;
  const state = tracestate?.trim();
  return state && state.length <= MAX_TRACESTATE
    ? { [TRACEPARENT]: parent, [TRACESTATE]: state }
    : { [TRACEPARENT]: parent };
}

/** The trace context of the invocation itself: X-Ray's, as Lambda hands it over in `_X_AMZN_TRACE_ID`. */
export function invocationTraceHeaders(
  env: Record<string, string | undefined> = process.env,
): TraceHeaders | undefined {
  const parent = traceparentFromXray(env._X_AMZN_TRACE_ID);
  return parent === undefined ? undefined : { [TRACEPARENT]: parent };
}

/** The trace context an HTTP request carries in its `traceparent` / `tracestate` headers (lower-cased names). */
export function requestTraceHeaders(
  headers: Readonly<Record<string, string | undefined>> | undefined,
): TraceHeaders | undefined {
  return headers ? traceHeaders(headers[TRACEPARENT], headers[TRACESTATE]) : undefined;
}

/** The trace context of an SQS message from its `AWSTraceHeader` system attribute (X-Ray). */
export function sqsTraceHeaders(
  attributes: { AWSTraceHeader?: string } | undefined,
): TraceHeaders | undefined {
  const parent = traceparentFromXray(attributes?.AWSTraceHeader);
  return parent === undefined ? undefined : { [TRACEPARENT]: parent };
}
