import { describe, expect, it } from 'vitest';
import { parseHttpEvent } from '../../../../lib/triggers/http/request.ts';
import { loadEvent } from '../../../events/load.ts';

type Event = Record<string, unknown> & { requestContext: Record<string, unknown> };

describe('parseHttpEvent', () => {
  it('reads an API Gateway REST request', () => {
    const request = parseHttpEvent(loadEvent('apigw/rest-v1'));
    expect(request).toMatchObject({
      kind: 'apigw-v1',
      method: 'POST',
      path: '/events',
      query: {},
      body: '{"data":{"bees":23},"metadata":{"key":"k1"}}',
      isBase64Encoded: false,
      multiValueHeaders: false,
      sourceIp: '198.51.100.23',
    });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-api-key']).toBe('k3yF0rBeesEXAMPLEvalue0123456789abcdef');
    expect(request.authorizer).toBeUndefined();
  });

  it('joins repeated REST headers and query parameters and merges names that differ by case', () => {
    const event = loadEvent<Event>('apigw/rest-v1');
    event.multiValueHeaders = { 'X-Tag': ['a', 'b'], 'x-tag': ['c'], Accept: ['*/*'] };
    event.multiValueQueryStringParameters = { hive: ['1', '2'] };
    const request = parseHttpEvent(event);
    expect(request.headers).toEqual({ 'x-tag': 'a, b, c', accept: '*/*' });
    expect(request.query).toEqual({ hive: '1,2' });
  });

  it('falls back to single-value REST headers when the multi-value map is null', () => {
    const event = loadEvent<Event>('apigw/rest-v1');
    event.multiValueHeaders = null;
    event.headers = { 'Content-Type': 'text/plain' };
    expect(parseHttpEvent(event).headers).toEqual({ 'content-type': 'text/plain' });
  });

  it('passes on what a REST Lambda authorizer or Cognito authorizer established', () => {
    const lambda = loadEvent<Event>('apigw/rest-v1');
    lambda.requestContext.authorizer = { principalId: 'beekeeper', integrationLatency: 0, tenant: 'north' };
    expect(parseHttpEvent(lambda).authorizer).toEqual({
      principalId: 'beekeeper',
      integrationLatency: 0,
      tenant: 'north',
    });
    const cognito = loadEvent<Event>('apigw/rest-v1');
    cognito.requestContext.authorizer = { claims: { sub: 'd2f50444' } };
    expect(parseHttpEvent(cognito).authorizer).toEqual({ claims: { sub: 'd2f50444' } });
  });

  it('does not count an authorizer context without an authorizer result', () => {
    const event = loadEvent<Event>('apigw/rest-v1');
    event.requestContext.authorizer = {};
    expect(parseHttpEvent(event).authorizer).toBeUndefined();
  });

  it('reads an HTTP API request with its JWT authorizer and cookies', () => {
    const request = parseHttpEvent(loadEvent('apigw/http-v2'));
    expect(request).toMatchObject({
      kind: 'apigw-v2',
      method: 'POST',
      path: '/events',
      query: { source: 'hive 7', tag: 'a,b' },
      isBase64Encoded: false,
      sourceIp: '198.51.100.42',
    });
    expect(request.headers.cookie).toBe('session=abc123; theme=dark');
    expect(request.authorizer).toMatchObject({ jwt: { scopes: ['events/write'] } });
  });

  it('tells a Function URL request from an HTTP API one by its domain', () => {
    const request = parseHttpEvent(loadEvent('lambda-url/function-url'));
    expect(request).toMatchObject({
      kind: 'function-url',
      method: 'POST',
      path: '/',
      isBase64Encoded: true,
      sourceIp: '198.51.100.77',
    });
    expect(request.authorizer).toMatchObject({ iam: { accountId: '123456789012' } });
  });

  it('reads an ALB request, decoding its query and trusting only the address the ALB added', () => {
    const request = parseHttpEvent(loadEvent('alb/alb'));
    expect(request).toMatchObject({
      kind: 'alb',
      method: 'POST',
      path: '/events',
      query: { source: 'hive 7', note: 'a b' },
      multiValueHeaders: false,
      sourceIp: '198.51.100.88',
    });
    expect(request.authorizer).toBeUndefined();
  });

  it('reads an ALB request with multi-value headers and remembers to answer in kind', () => {
    const request = parseHttpEvent(loadEvent('alb/alb-multivalue'));
    expect(request.multiValueHeaders).toBe(true);
    expect(request.headers['x-bee-tag']).toBe('queen, drone');
    expect(request.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(request.query).toEqual({ tag: 'a,b', source: 'hive 7' });
  });

  it('keeps an ALB query parameter that is not valid encoding as it was sent', () => {
    const event = loadEvent<Event>('alb/alb');
    event.queryStringParameters = { q: '100%' };
    expect(parseHttpEvent(event).query).toEqual({ q: '100%' });
  });

  it('keeps a header named __proto__ as plain data', () => {
    const event = JSON.parse(
      JSON.stringify(loadEvent('apigw/http-v2')).replace('"accept":', '"__proto__":"x","accept":'),
    ) as unknown;
    const request = parseHttpEvent(event);
    expect(Object.getPrototypeOf(request.headers)).toBe(Object.prototype);
    expect(request.headers.accept).toBe('*/*');
  });

  it('names what is missing from an event that claims to be a request', () => {
    const v1 = loadEvent<Event>('apigw/rest-v1');
    delete v1.path;
    expect(() => parseHttpEvent(v1)).toThrow('path: expected string; got undefined');
    const v2 = loadEvent<Event>('apigw/http-v2');
    (v2.requestContext.http as Record<string, unknown>).method = 7;
    expect(() => parseHttpEvent(v2)).toThrow('requestContext.http.method: expected string; got number');
    const alb = loadEvent<Event>('alb/alb');
    alb.isBase64Encoded = 'no';
    expect(() => parseHttpEvent(alb)).toThrow('isBase64Encoded: expected boolean; got string');
  });

  it('refuses events that are no HTTP request at all', () => {
    expect(() => parseHttpEvent(loadEvent('sqs/standard'))).toThrow(
      'event: expected an API Gateway, Function URL or ALB request (httpMethod, version 2.0 or requestContext.elb); got none of these',
    );
    expect(() => parseHttpEvent('GET /')).toThrow('event: expected an HTTP request event; got string');
  });
});
