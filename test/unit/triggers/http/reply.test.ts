import { describe, expect, it } from 'vitest';
import { httpReply } from '../../../../lib/triggers/http/reply.ts';
import { parseHttpEvent } from '../../../../lib/triggers/http/request.ts';
import { loadEvent } from '../../../events/load.ts';

const results = { results: [{ topic: 'bees', partition: 0, offset: '12' }] };

describe('httpReply', () => {
  it.each(['apigw-v1', 'apigw-v2', 'function-url'] as const)(
    'answers %s in the proxy response shape',
    (kind) => {
      expect(httpReply(kind, { statusCode: 200, body: results })).toEqual({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(results),
        isBase64Encoded: false,
      });
    },
  );

  it('gives ALB a status description', () => {
    expect(httpReply('alb', { statusCode: 200, body: results })).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(results),
      isBase64Encoded: false,
    });
    expect(httpReply('alb', { statusCode: 207, body: {} })).toMatchObject({
      statusDescription: '207 Multi-Status',
    });
    expect(httpReply('alb', { statusCode: 599, body: {} })).toMatchObject({
      statusDescription: '599 Unknown',
    });
  });

  it('answers an ALB request that had multi-value headers with multi-value headers only', () => {
    const request = parseHttpEvent(loadEvent('alb/alb-multivalue'));
    const reply = httpReply(
      request.kind,
      { statusCode: 503, body: { error: 'unavailable' }, headers: { 'retry-after': '5' } },
      request,
    );
    expect(reply).toEqual({
      statusCode: 503,
      statusDescription: '503 Service Unavailable',
      multiValueHeaders: { 'retry-after': ['5'], 'content-type': ['application/json'] },
      body: '{"error":"unavailable"}',
      isBase64Encoded: false,
    });
    expect(reply).not.toHaveProperty('headers');
  });

  it('answers an ALB request without multi-value headers with single headers', () => {
    const request = parseHttpEvent(loadEvent('alb/alb'));
    const reply = httpReply(request.kind, { statusCode: 400, body: { error: 'x' } }, request);
    expect(reply).toHaveProperty('headers');
    expect(reply).not.toHaveProperty('multiValueHeaders');
  });

  it('always sends JSON, whatever content type a caller asks for', () => {
    const reply = httpReply('apigw-v2', {
      statusCode: 413,
      body: 'too large',
      headers: { 'Content-Type': 'text/html', 'retry-after': '1' },
    });
    expect(reply.headers).toEqual({ 'retry-after': '1', 'content-type': 'application/json' });
    expect(reply.body).toBe('"too large"');
  });

  it('sends null for a missing body rather than nothing', () => {
    expect(httpReply('apigw-v1', { statusCode: 204, body: undefined }).body).toBe('null');
  });
});
