import { describe, expect, it } from 'vitest';
import {
  invocationTraceHeaders,
  parseTraceparent,
  requestTraceHeaders,
  sqsTraceHeaders,
  traceHeaders,
  traceparentFromXray,
} from '../../../lib/observability/index.ts';

const XRAY = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const PARENT = '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01';

describe('traceparentFromXray', () => {
  it('converts an X-Ray trace header as the AWS X-Ray propagators do', () => {
    expect(traceparentFromXray(XRAY)).toBe(PARENT);
  });

  it('reads the fields in any order, with spaces and Lambda extras, and Sampled=0 as not sampled', () => {
    expect(
      traceparentFromXray(
        'Sampled=0; Lineage=a87bd80c:0 ;Parent=53995C3F42CD8AD8;Root=1-5759E988-BD862E3FE1BE46A994272793',
      ),
    ).toBe('00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00');
    expect(traceparentFromXray(XRAY.replace('Sampled=1', 'Sampled=?'))).toBe(PARENT.replace(/01$/, '00'));
    expect(traceparentFromXray(XRAY.replace(';Sampled=1', ''))).toBe(PARENT.replace(/01$/, '00'));
  });

  it.each([
    ['no Parent (an ALB header)', 'Root=1-5759e988-bd862e3fe1be46a994272793'],
    ['no Root', 'Parent=53995c3f42cd8ad8;Sampled=1'],
    ['a Root of another version', 'Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8'],
    ['a short Root', 'Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8'],
    ['a Parent that is not 16 hex digits', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad'],
    ['an all-zero Parent', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000'],
    ['an all-zero trace id', 'Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8'],
    ['nothing', ''],
  ])('gives nothing for %s', (_why, header) => {
    expect(traceparentFromXray(header)).toBeUndefined();
  });
});

describe('parseTraceparent', () => {
  it('keeps a valid version 00 traceparent, lower-cased', () => {
    expect(parseTraceparent(PARENT)).toBe(PARENT);
    expect(parseTraceparent(` ${PARENT.toUpperCase()} `)).toBe(PARENT);
  });

  it('reads a later version by its first four fields and writes version 00, carrying only the sampled bit', () => {
    expect(parseTraceparent('cc-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-03-future')).toBe(PARENT);
  });

  it.each([
    'ff-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01',
    '00-00000000000000000000000000000000-53995c3f42cd8ad8-01',
    '00-5759e988bd862e3fe1be46a994272793-0000000000000000-01',
    '00-5759e988bd862e3fe1be46a99427279-53995c3f42cd8ad8-01',
    '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01-extra',
    '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-0x',
    'not a trace',
  ])('refuses %s', (value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('traceHeaders', () => {
  it('carries tracestate with a valid traceparent only, and drops one over 512 characters', () => {
    expect(traceHeaders(PARENT, 'congo=t61rcWkgMzE')).toEqual({
      traceparent: PARENT,
      tracestate: 'congo=t61rcWkgMzE',
    });
    expect(traceHeaders('bogus', 'congo=t61rcWkgMzE')).toBeUndefined();
    expect(traceHeaders(PARENT, `a=${'x'.repeat(511)}`)).toEqual({ traceparent: PARENT });
  });

  it("reads the invocation's trace from _X_AMZN_TRACE_ID", () => {
    expect(invocationTraceHeaders({ _X_AMZN_TRACE_ID: XRAY })).toEqual({ traceparent: PARENT });
    expect(invocationTraceHeaders({})).toBeUndefined();
  });
});

describe('the trace context of a trigger', () => {
  it("reads an HTTP request's traceparent and tracestate", () => {
    expect(
      requestTraceHeaders({ traceparent: PARENT, tracestate: 'congo=t61rcWkgMzE', 'x-api-key': 'k' }),
    ).toEqual({
      traceparent: PARENT,
      tracestate: 'congo=t61rcWkgMzE',
    });
    expect(
      requestTraceHeaders({ 'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793' }),
    ).toBeUndefined();
    expect(requestTraceHeaders(undefined)).toBeUndefined();
  });

  it("reads an SQS message's AWSTraceHeader", () => {
    expect(sqsTraceHeaders({ AWSTraceHeader: XRAY })).toEqual({ traceparent: PARENT });
    expect(sqsTraceHeaders({})).toBeUndefined();
  });
});
