import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeHttpBody, nestingDepth } from '../../../../lib/triggers/http/body.ts';
import { type HttpRequest, parseHttpEvent } from '../../../../lib/triggers/http/request.ts';
import { loadEvent } from '../../../events/load.ts';

const limits = { maxBodyBytes: 1024 * 1024, maxMessages: 1000 };

/** An HTTP API request with this body and these headers. */
function request(
  body: string | null,
  headers: Record<string, string> = {},
  isBase64Encoded = false,
): HttpRequest {
  return {
    kind: 'apigw-v2',
    method: 'POST',
    path: '/',
    headers,
    query: {},
    body,
    isBase64Encoded,
    multiValueHeaders: false,
  };
}

function messagesOf(req: HttpRequest, within = limits): unknown[] {
  const decoded = decodeHttpBody(req, within);
  if (!decoded.ok) throw new Error(`${decoded.status} ${decoded.reason}`);
  return decoded.inputs.map((input) => input.message);
}

const fromFixture = (name: string) => messagesOf(parseHttpEvent(loadEvent(name)));

describe('decodeHttpBody with real gateway events', () => {
  it('reads a REST JSON body as one message', () => {
    expect(fromFixture('apigw/rest-v1')).toEqual([{ data: { bees: 23 }, metadata: { key: 'k1' } }]);
  });

  it('reads a base64 JSON array as one message per element', () => {
    expect(fromFixture('apigw/rest-v1-base64')).toEqual([{ data: { bees: 1 } }, { data: { bees: 2 } }]);
  });

  it('reads a base64 gzip NDJSON body', () => {
    expect(fromFixture('apigw/rest-v1-base64-gzip')).toEqual([
      { data: { bees: 1 }, metadata: { key: 'a' } },
      { data: { bees: 2 }, metadata: { key: 'b' } },
      { data: { bees: 3 }, metadata: { key: 'c' } },
    ]);
  });

  it('reads the records of a {"records": [...]} body', () => {
    expect(fromFixture('apigw/http-v2')).toEqual([
      { data: { bees: 5 }, metadata: { key: 'r1' } },
      { data: { bees: 6 }, metadata: { key: 'r2' } },
    ]);
  });

  it('reads base64 NDJSON from a Function URL, skipping blank lines', () => {
    expect(fromFixture('lambda-url/function-url')).toEqual([{ data: { bees: 7 } }, { data: { bees: 8 } }]);
  });

  it('reads ALB bodies, JSON and text', () => {
    expect(fromFixture('alb/alb')).toHaveLength(2);
    expect(fromFixture('alb/alb-multivalue')).toEqual(['hive 7 is quiet today']);
  });
});

describe('decodeHttpBody content types', () => {
  it.each([
    ['application/json', '{"a":1}', [{ a: 1 }]],
    ['Application/JSON; charset=UTF-8', '{"a":1}', [{ a: 1 }]],
    ['application/vnd.api+json', '[1,2]', [1, 2]],
    ['application/cloudevents-batch+json', '[{"id":"1"}]', [{ id: '1' }]],
    ['application/x-ndjson', '1\r\n"two"\r\n[3]\r\n', [1, 'two', [3]]],
    ['application/jsonl', '{"a":1}\n{"a":2}', [{ a: 1 }, { a: 2 }]],
    ['application/x-jsonlines', '{"a":1}', [{ a: 1 }]],
    ['text/plain; charset=utf-8', 'line one\nline two', ['line one\nline two']],
    ['text/plain', '{"looks":"like json"}', ['{"looks":"like json"}']],
  ])('reads %s', (contentType, body, expected) => {
    expect(messagesOf(request(body, { 'content-type': contentType }))).toEqual(expected);
  });

  it('reads a body without content-type as JSON', () => {
    expect(messagesOf(request('{"data":{"bees":1}}'))).toEqual([{ data: { bees: 1 } }]);
  });

  it('takes an object with more keys than records as one message', () => {
    const body = '{"records":[1],"source":"hive"}';
    expect(messagesOf(request(body, { 'content-type': 'application/json' }))).toEqual([
      { records: [1], source: 'hive' },
    ]);
  });

  it('takes an empty JSON array as nothing to send', () => {
    expect(messagesOf(request('[]', { 'content-type': 'application/json' }))).toEqual([]);
  });

  it('drops a byte order mark before JSON', () => {
    expect(messagesOf(request('\uFEFF{"a":1}', { 'content-type': 'application/json' }))).toEqual([{ a: 1 }]);
    const bytes = Buffer.from('\uFEFF[1]').toString('base64');
    expect(messagesOf(request(bytes, { 'content-type': 'application/json' }, true))).toEqual([1]);
  });

  it('accepts x-gzip and identity encodings', () => {
    const zipped = gzipSync('[1,2]').toString('base64');
    expect(messagesOf(request(zipped, { 'content-encoding': 'x-gzip' }, true))).toEqual([1, 2]);
    expect(messagesOf(request('[1]', { 'content-encoding': 'identity' }))).toEqual([1]);
  });

  it('takes a gzip-labelled body that arrives as text as already decompressed by the gateway', () => {
    expect(messagesOf(request('[1]', { 'content-encoding': 'gzip' }))).toEqual([1]);
  });

  it('reads __proto__ as data without touching any prototype', () => {
    const [message] = messagesOf(request('{"__proto__":{"polluted":true}}'));
    expect(Object.hasOwn(message as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('decodeHttpBody limits', () => {
  it('accepts a body of exactly the byte limit, counted in UTF-8 bytes', () => {
    const body = JSON.stringify('é'.repeat(49)); // 2 quotes + 98 bytes
    expect(messagesOf(request(body), { maxBodyBytes: 100, maxMessages: 1 })).toEqual(['é'.repeat(49)]);
  });

  it('accepts exactly the message limit', () => {
    expect(messagesOf(request('[1,2,3]'), { maxBodyBytes: 100, maxMessages: 3 })).toHaveLength(3);
  });

  it('accepts a gzip body that inflates to exactly the byte limit', () => {
    const body = gzipSync(`"${'a'.repeat(98)}"`).toString('base64');
    const messages = messagesOf(request(body, { 'content-encoding': 'gzip' }, true), {
      maxBodyBytes: 100,
      maxMessages: 1,
    });
    expect(messages).toEqual(['a'.repeat(98)]);
  });

  it('accepts values nested as deep as a message may be', () => {
    const body = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    expect(decodeHttpBody(request(`[${body}]`), limits).ok).toBe(true);
  });
});

describe('nestingDepth', () => {
  it('counts levels of arrays and objects', () => {
    expect(nestingDepth(1)).toBe(0);
    expect(nestingDepth([])).toBe(1);
    expect(nestingDepth({ a: [{ b: 1 }], c: 2 })).toBe(3);
  });

  it('stops counting past the limit instead of walking a hostile value', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(nestingDepth(deep)).toBe(1001);
  });
});
