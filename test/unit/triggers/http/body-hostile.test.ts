import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeHttpBody } from '../../../../lib/triggers/http/body.ts';
import type { HttpRequest } from '../../../../lib/triggers/http/request.ts';

const MB = 1024 * 1024;
const limits = { maxBodyBytes: MB, maxMessages: 10 };
const JSON_TYPE = { 'content-type': 'application/json' };
const NDJSON = { 'content-type': 'application/x-ndjson' };
const GZIP_JSON = { ...JSON_TYPE, 'content-encoding': 'gzip' };
const ACCEPTED = 'application/json (or any +json type), application/x-ndjson, application/jsonl, text/plain';
const SECRET = 'hunter2-do-not-echo';

const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');
const gzipped = (text: string | Buffer) => base64(gzipSync(text));

interface Case {
  name: string;
  body: string | null;
  headers?: Record<string, string>;
  base64?: boolean;
  within?: { maxBodyBytes: number; maxMessages: number };
  status: 400 | 413 | 415;
  reason: string;
}

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

const cases: Case[] = [
  { name: 'an empty body', body: '', headers: JSON_TYPE, status: 400, reason: 'empty body' },
  { name: 'no body at all', body: null, status: 400, reason: 'empty body' },
  {
    name: 'a gzip of nothing',
    body: gzipped(''),
    headers: GZIP_JSON,
    base64: true,
    status: 400,
    reason: 'empty body',
  },
  {
    name: 'NDJSON of blank lines only',
    body: '\n  \n\r\n',
    headers: NDJSON,
    status: 400,
    reason: 'empty body',
  },
  {
    name: 'cut-off JSON',
    body: `{"secret":"${SECRET}"`,
    headers: JSON_TYPE,
    status: 400,
    reason: 'body is not valid JSON',
  },
  {
    name: 'JSON with trailing text',
    body: '{"a":1} and more',
    headers: JSON_TYPE,
    status: 400,
    reason: 'body is not valid JSON',
  },
  {
    name: 'a whitespace JSON body',
    body: '   \n',
    headers: JSON_TYPE,
    status: 400,
    reason: 'body is not valid JSON',
  },
  {
    name: 'NaN, which JSON does not have',
    body: '[NaN]',
    headers: JSON_TYPE,
    status: 400,
    reason: 'body is not valid JSON',
  },
  {
    name: 'text without a content-type',
    body: `${SECRET} says hello`,
    status: 400,
    reason: 'body is not JSON; set content-type: text/plain to send text',
  },
  {
    name: 'XML',
    body: '<bees>23</bees>',
    headers: { 'content-type': 'application/xml' },
    status: 415,
    reason: `content-type is not supported; send ${ACCEPTED}`,
  },
  {
    name: 'a form post',
    body: 'bees=23',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    reason: `content-type is not supported; send ${ACCEPTED}`,
  },
  {
    name: 'CSV, which the HTTP trigger does not read',
    body: 'a,b\n1,2',
    headers: { 'content-type': 'text/csv' },
    status: 415,
    reason: `content-type is not supported; send ${ACCEPTED}`,
  },
  {
    name: 'a content-type that only looks like JSON',
    body: '{}',
    headers: { 'content-type': 'application/json-patch' },
    status: 415,
    reason: `content-type is not supported; send ${ACCEPTED}`,
  },
  {
    name: 'brotli',
    body: base64('x'),
    headers: { ...JSON_TYPE, 'content-encoding': 'br' },
    base64: true,
    status: 415,
    reason: 'content-encoding is not supported; send gzip or no content-encoding',
  },
  {
    name: 'gzip applied twice',
    body: base64(gzipSync(gzipSync('[1]'))),
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip, gzip' },
    base64: true,
    status: 415,
    reason: 'content-encoding is not supported; send gzip or no content-encoding',
  },
  {
    name: 'base64 with foreign characters',
    body: 'eyJhIjox@Q==',
    headers: JSON_TYPE,
    base64: true,
    status: 400,
    reason: 'body is not valid base64',
  },
  {
    name: 'base64 of the wrong length',
    body: 'eyJhIjoxfQ',
    headers: JSON_TYPE,
    base64: true,
    status: 400,
    reason: 'body is not valid base64',
  },
  {
    name: 'base64 with line breaks',
    body: 'eyJh\nIjox\nfQ==',
    headers: JSON_TYPE,
    base64: true,
    status: 400,
    reason: 'body is not valid base64',
  },
  {
    name: 'URL-safe base64',
    body: '-_-_',
    headers: JSON_TYPE,
    base64: true,
    status: 400,
    reason: 'body is not valid base64',
  },
  {
    name: 'gzip that is not gzip',
    body: base64('[1,2,3]'),
    headers: GZIP_JSON,
    base64: true,
    status: 400,
    reason: 'body is not valid gzip',
  },
  {
    name: 'gzip cut off half-way',
    body: base64(gzipSync(JSON.stringify({ bees: 'x'.repeat(500) })).subarray(0, 30)),
    headers: GZIP_JSON,
    base64: true,
    status: 400,
    reason: 'body is not valid gzip',
  },
  {
    name: 'gzip mangled into text by the gateway',
    body: '\u001f\uFFFD\b\u0000\u0000\u0000',
    headers: GZIP_JSON,
    status: 400,
    reason: 'gzip body arrived as text; the API must pass it base64-encoded (binary media type)',
  },
  {
    name: 'bytes that are not UTF-8',
    body: base64(Buffer.from([0x22, 0xff, 0xfe, 0x22])),
    headers: JSON_TYPE,
    base64: true,
    status: 400,
    reason: 'body is not valid UTF-8',
  },
  {
    name: 'an encoded UTF-16 surrogate',
    body: base64(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])),
    headers: JSON_TYPE,
    base64: true,
    status: 400,
    reason: 'body is not valid UTF-8',
  },
  {
    name: 'an overlong UTF-8 encoding',
    body: base64(Buffer.from([0x22, 0xc0, 0xaf, 0x22])),
    headers: JSON_TYPE,
    base64: true,
    status: 400,
    reason: 'body is not valid UTF-8',
  },
  {
    name: 'gzipped bytes that are not UTF-8',
    body: gzipped(Buffer.from([0x5b, 0x22, 0x80, 0x22, 0x5d])),
    headers: GZIP_JSON,
    base64: true,
    status: 400,
    reason: 'body is not valid UTF-8',
  },
  {
    name: 'a bad NDJSON line',
    body: '{"a":1}\n\n{"a":\n{"a":3}',
    headers: NDJSON,
    status: 400,
    reason: 'line 3 is not valid JSON',
  },
  {
    name: 'an NDJSON line with two values',
    body: '1\n2 3',
    headers: NDJSON,
    status: 400,
    reason: 'line 2 is not valid JSON',
  },
  {
    name: 'records that are not an array',
    body: '{"records":{"a":1}}',
    headers: JSON_TYPE,
    status: 400,
    reason: 'records: expected an array of messages',
  },
  {
    name: 'records that are null',
    body: '{"records":null}',
    status: 400,
    reason: 'records: expected an array of messages',
  },
  {
    name: 'a message nested 1001 levels deep',
    body: `[${deep(1001)}]`,
    headers: JSON_TYPE,
    status: 400,
    reason: 'message 1 nests deeper than 1000 levels',
  },
  {
    name: 'a message nested 100 000 levels deep',
    body: `{"data":${deep(100_000)}}`,
    headers: JSON_TYPE,
    status: 400,
    reason: 'message 1 nests deeper than 1000 levels',
  },
  {
    // The shortest text nesting 1001 levels (2002 characters): short texts skip the walk, this one must not.
    name: 'the shortest message nested 1001 levels deep',
    body: `${'['.repeat(1001)}${']'.repeat(1001)}`,
    headers: NDJSON,
    status: 400,
    reason: 'message 1 nests deeper than 1000 levels',
  },
  {
    name: 'a deep NDJSON line after good ones',
    body: `1\n2\n${deep(2000)}`,
    headers: NDJSON,
    status: 400,
    reason: 'message 3 nests deeper than 1000 levels',
  },
  {
    name: 'a text body one byte over the limit',
    body: 'x'.repeat(101),
    headers: { 'content-type': 'text/plain' },
    within: { maxBodyBytes: 100, maxMessages: 10 },
    status: 413,
    reason: 'body is larger than 100 bytes',
  },
  {
    name: 'a body under the limit in characters but over it in UTF-8 bytes',
    body: JSON.stringify('é'.repeat(50)),
    headers: JSON_TYPE,
    within: { maxBodyBytes: 100, maxMessages: 10 },
    status: 413,
    reason: 'body is larger than 100 bytes',
  },
  {
    name: 'a base64 body over the limit once decoded',
    body: base64('x'.repeat(101)),
    headers: { 'content-type': 'text/plain' },
    base64: true,
    within: { maxBodyBytes: 100, maxMessages: 10 },
    status: 413,
    reason: 'body is larger than 100 bytes',
  },
  {
    name: 'a gzip body that inflates one byte over the limit',
    body: gzipped('x'.repeat(101)),
    headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
    base64: true,
    within: { maxBodyBytes: 100, maxMessages: 10 },
    status: 413,
    reason: 'body is larger than 100 bytes',
  },
  {
    name: 'a JSON array of too many messages',
    body: JSON.stringify(Array.from({ length: 11 }, (_, i) => i)),
    headers: JSON_TYPE,
    status: 413,
    reason: 'body has more than 10 messages',
  },
  {
    name: 'too many records',
    body: JSON.stringify({ records: Array.from({ length: 11 }, (_, i) => i) }),
    headers: JSON_TYPE,
    status: 413,
    reason: 'body has more than 10 messages',
  },
  {
    name: 'too many NDJSON lines',
    body: `${'1\n'.repeat(11)}not json`,
    headers: NDJSON,
    status: 413,
    reason: 'body has more than 10 messages',
  },
];

describe('decodeHttpBody refuses malformed and hostile bodies', () => {
  it.each(cases)(
    '$name: $status',
    ({ body, headers = {}, base64: isBase64Encoded = false, within = limits, status, reason }) => {
      const request: HttpRequest = {
        kind: 'apigw-v1',
        method: 'POST',
        path: '/events',
        headers,
        query: {},
        body,
        isBase64Encoded,
        multiValueHeaders: false,
      };
      const decoded = decodeHttpBody(request, within);
      expect(decoded).toEqual({ ok: false, status, reason });
      expect(reason).not.toContain(SECRET);
    },
  );

  it('answers a gzip bomb (50 MB of zeros) with 413 quickly, without inflating it', () => {
    const bomb = gzipSync(Buffer.alloc(50 * MB)).toString('base64');
    const request: HttpRequest = {
      kind: 'function-url',
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      query: {},
      body: bomb,
      isBase64Encoded: true,
      multiValueHeaders: false,
    };
    const started = performance.now();
    const used = process.memoryUsage().arrayBuffers;
    expect(decodeHttpBody(request, { maxBodyBytes: MB, maxMessages: 1000 })).toEqual({
      ok: false,
      status: 413,
      reason: `body is larger than ${MB} bytes`,
    });
    expect(performance.now() - started).toBeLessThan(500);
    expect(process.memoryUsage().arrayBuffers - used).toBeLessThan(10 * MB);
  });
});
