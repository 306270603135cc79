import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpConfig } from '../../../lib/config/trigger-schemas.ts';
import { createLogger } from '../../../lib/observability/index.ts';
import { localContext } from '../../../lib/triggers/deadline.ts';
import { signBody } from '../../../lib/triggers/http/auth.ts';
import { handleHttpEvent } from '../../../lib/triggers/http/handler.ts';
import { loadEvent } from '../../events/load.ts';
import { httpDefaults } from '../../helpers/default-config.ts';
import { deepJsonText, jsonValue, mageMessage } from './arbitraries.ts';
import { type FakeFailure, fakeExporter } from './fake-exporter.ts';

/** The key the fixtures carry, used here as the configured secret. */
const API_KEY = 'k3yF0rBeesEXAMPLEvalue0123456789abcdef';
const NOW = 1_718_635_693_506;
const STATUSES = [200, 207, 400, 401, 403, 413, 415, 503];

/** What a caller sends before any transport encoding: its text when it is text, and its bytes. */
interface Payload {
  text?: string;
  bytes: Buffer;
}

const fromText = (text: string): Payload => ({ text, bytes: Buffer.from(text, 'utf8') });

const ndjson = fc
  .tuple(
    fc.array(
      fc.oneof(
        mageMessage.map((message) => JSON.stringify(message)),
        fc.string({ maxLength: 10 }).map((line) => line.replace(/\n/g, ' ')),
        fc.constantFrom('', '  ', '\r', '{', 'null'),
      ),
      { maxLength: 6 },
    ),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([lines, eol]) => lines.join(eol));

/** Bodies as callers build them, right or wrong; bigger ones meet the smaller body limits. */
const payload: fc.Arbitrary<Payload> = fc.oneof(
  fc
    .oneof(
      { weight: 4, arbitrary: mageMessage.map((message) => JSON.stringify(message)) },
      { weight: 4, arbitrary: fc.array(mageMessage, { maxLength: 6 }).map((list) => JSON.stringify(list)) },
      {
        weight: 2,
        arbitrary: fc
          .oneof(fc.array(mageMessage, { maxLength: 4 }), jsonValue)
          .map((records) => JSON.stringify({ records })),
      },
      { weight: 3, arbitrary: ndjson },
      { weight: 2, arbitrary: fc.string() },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
      { weight: 1, arbitrary: deepJsonText },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 1, max: 3 })
          .map((n) => JSON.stringify({ data: 'x'.repeat(n * 30_000) })),
      },
      { weight: 1, arbitrary: mageMessage.map((message) => `\ufeff${JSON.stringify(message)}`) },
    )
    .map(fromText),
  // Random bytes: mostly not UTF-8, and then only base64 can carry them.
  fc.uint8Array({ minLength: 1, maxLength: 48 }).map((bytes) => ({ bytes: Buffer.from(bytes) })),
);

/** How the gateway hands the body over, well or badly. */
const transport = fc.constantFrom(
  'plain',
  'plain',
  'plain',
  'base64',
  'base64',
  'gzip',
  'gzip',
  'gzip-as-text',
  'bad-base64',
  'text-flagged-base64',
  'empty',
  'null',
);

const contentType = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/vnd.api+json',
      'application/x-ndjson',
      'application/jsonl',
      'text/plain',
      'text/plain; charset=latin1',
      undefined,
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/csv',
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
      ';',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const contentEncoding = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('identity', 'br', 'gzip', 'deflate, gzip', 'GZIP') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const authentication = fc.record({
  mode: fc.constantFrom<HttpConfig['auth']>(
    'api_key',
    'api_key',
    'api_key',
    'api_key',
    'hmac',
    'gateway',
    'none',
  ),
  key: fc.oneof(
    { weight: 6, arbitrary: fc.constant<'right' | 'missing' | 'twice'>('right') },
    { weight: 1, arbitrary: fc.constantFrom<'right' | 'missing' | 'twice'>('missing', 'twice') },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
  ),
  signature: fc.constantFrom('right', 'right', 'wrong', 'stale', 'missing'),
  configured: fc.oneof(
    { weight: 9, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
});

const limits = fc.record({
  max_body_bytes: fc.constantFrom(64, 4096, 1024 * 1024),
  max_messages: fc.constantFrom(1, 3, 1000),
});

const failures = fc.oneof(
  fc.constant<{ kind: 'none' }>({ kind: 'none' }),
  fc.record({
    kind: fc.constant<'some'>('some'),
    picks: fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 }),
  }),
  fc.constant<{ kind: 'all-unavailable' }>({ kind: 'all-unavailable' }),
);

const fixture = fc.constantFrom(
  'apigw/rest-v1',
  'apigw/rest-v1',
  'apigw/rest-v1',
  'apigw/http-v2',
  'lambda-url/function-url',
  'alb/alb-multivalue',
);

/** Anything at all: most of these stop at authentication or decoding. */
const anyRequest = fc.record({
  fixture,
  payload,
  transport,
  contentType,
  contentEncoding,
  auth: authentication,
});

/**
 * Requests a client that read the docs would send (its messages may still be
 * wrong): these get past authentication and decoding, to the allow-list, the
 * limits and the exporter.
 */
const wellFormedRequest = fc.record({
  fixture,
  payload: fc.oneof(
    fc.array(mageMessage, { maxLength: 6 }).map((list) => fromText(JSON.stringify(list))),
    mageMessage.map((message) => fromText(JSON.stringify(message))),
  ),
  transport: fc.constantFrom('plain', 'base64', 'gzip'),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', undefined),
  contentEncoding: fc.constant(undefined),
  auth: fc.record({
    mode: fc.constantFrom<HttpConfig['auth']>('api_key', 'hmac', 'none'),
    key: fc.constant('right'),
    signature: fc.constant('right'),
    configured: fc.constant(true),
  }),
});

interface Request {
  fixture: string;
  payload: Payload;
  transport: string;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  auth: {
    mode: HttpConfig['auth'];
    key: string;
    signature: string;
    configured: boolean;
  };
}

/** The body as the event carries it, and whether the gateway marked it base64. */
function encodeBody({ payload, transport }: Request): { body: string | null; isBase64Encoded: boolean } {
  const { text, bytes } = payload;
  switch (transport) {
    case 'plain':
      if (text !== undefined) return { body: text, isBase64Encoded: false };
      return { body: bytes.toString('base64'), isBase64Encoded: true };
    case 'gzip':
      return { body: gzipSync(bytes).toString('base64'), isBase64Encoded: true };
    case 'gzip-as-text':
      return { body: gzipSync(bytes).toString('latin1'), isBase64Encoded: false };
    case 'bad-base64':
      return { body: `${bytes.toString('base64').slice(1)}!`, isBase64Encoded: true };
    case 'text-flagged-base64':
      return { body: text ?? 'not base64 at all', isBase64Encoded: true };
    case 'empty':
      return { body: '', isBase64Encoded: false };
    case 'null':
      return { body: null, isBase64Encoded: false };
    default:
      return { body: bytes.toString('base64'), isBase64Encoded: true };
  }
}

/** A clone of the fixture with the request's body and headers, shaped for its front door. */
function httpEvent(request: Request) {
  const event = loadEvent(request.fixture);
  const { body, isBase64Encoded } = encodeBody(request);
  const encoding = request.transport.startsWith('gzip') ? 'gzip' : request.contentEncoding;
  const headers: Array<[string, string]> = [
    ['Host', 'puhdx84jy9.execute-api.eu-west-1.amazonaws.com'],
    ['User-Agent', 'curl/8.5.0'],
  ];
  if (request.contentType !== undefined) headers.push(['Content-Type', request.contentType]);
  if (encoding !== undefined) headers.push(['Content-Encoding', encoding]);
  const { key, signature } = request.auth;
  if (key === 'right') headers.push(['X-Api-Key', API_KEY]);
  else if (key === 'twice') headers.push(['X-Api-Key', API_KEY], ['x-api-key', API_KEY]);
  else if (key !== 'missing') headers.push(['X-Api-Key', key]);
  if (signature !== 'missing') {
    const seconds = Math.floor(NOW / 1000) - (signature === 'stale' ? 3600 : 0);
    const raw = body === null ? '' : isBase64Encoded ? Buffer.from(body, 'base64') : body;
    const signed = signBody(signature === 'wrong' ? 'not the secret' : API_KEY, String(seconds), raw);
    headers.push(['X-Ske-Timestamp', String(seconds)], ['X-Ske-Signature', signed]);
  }

  if ('headers' in event) event.headers = Object.fromEntries(headers);
  if ('multiValueHeaders' in event) {
    const multi: Record<string, string[]> = {};
    for (const [name, value] of headers) multi[name] = [...(multi[name] ?? []), value];
    event.multiValueHeaders = multi;
  }
  event.body = body;
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

interface LooseResponse {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
}

const header = (response: LooseResponse, name: string) =>
  response.headers?.[name] ?? response.multiValueHeaders?.[name]?.[0];

describe('HTTP handler with any body and headers', () => {
  it('answers every request with a known status, a JSON body and a reason that quotes neither body nor key', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyRequest, wellFormedRequest),
        limits,
        failures,
        async (request, limit, failure) => {
          const picks = new Set(failure.kind === 'some' ? failure.picks : []);
          const exporter = fakeExporter({
            fail: (_input, n): FakeFailure | undefined =>
              failure.kind === 'all-unavailable' ? 'unavailable' : picks.has(n) ? 'refused' : undefined,
          });
          const http: HttpConfig = {
            ...httpDefaults(),
            auth: request.auth.mode,
            ...(request.auth.configured ? { secret: API_KEY } : {}),
            allowed_topics: ['hives'],
            ...limit,
          };
          const event = httpEvent(request);
          const response = (await handleHttpEvent(event, localContext(), {
            exporter,
            logger: createLogger({ write: () => {} }),
            settings: async () => ({ http, topic: 'bees' }),
            env: {},
            now: () => NOW,
          })) as LooseResponse;

          seen.add(response.statusCode);
          expect(STATUSES).toContain(response.statusCode);
          expect(header(response, 'content-type')).toBe('application/json');
          expect(response.body).not.toContain(API_KEY);
          const reply = JSON.parse(response.body) as Record<string, unknown>;

          if (exporter.calls.length > 0) {
            // One export of the whole body, and a result for each of its messages.
            expect(exporter.calls).toHaveLength(1);
            const call = exporter.calls[0]!;
            const failed = call.results.filter((result) => !result.ok).length;
            const delivered = call.results.length - failed;
            if (response.statusCode === 503) {
              // Kafka is only found unreachable by trying: every message was tried and none landed.
              expect(header(response, 'retry-after')).toMatch(/^\d+$/);
              expect(call.results.some((result) => !result.ok && result.error.retriable)).toBe(true);
              expect(reply).toMatchObject({ delivered: 0, failed });
              return;
            }
            const results = reply.results as Array<Record<string, unknown>>;
            expect(results).toHaveLength(call.inputs.length);
            call.results.forEach((result, n) => {
              if (result.ok) {
                expect(results[n]).toEqual({
                  topic: result.topic,
                  partition: result.partition,
                  offset: result.offset,
                });
              } else {
                expect(results[n]!.error).toEqual(expect.stringMatching(/\S/));
                expect(results[n]!.reason).toEqual(expect.stringMatching(/\S/));
              }
            });
            // Never a 2xx when nothing was delivered: a client taking 2xx as success would drop its data.
            if (failed === 0) expect(response.statusCode).toBe(200);
            else if (delivered > 0) expect(response.statusCode).toBe(207);
            else expect([400, 413, 502]).toContain(response.statusCode);
            if (response.statusCode !== 200) expect(reply).toMatchObject({ delivered, failed });
            return;
          }

          // Refusals before anything is sent: one non-empty reason, nothing else.
          expect(response.statusCode).not.toBe(200);
          expect(response.statusCode).not.toBe(207);
          expect(Object.keys(reply)).toEqual(['error']);
          const reason = reply.error as string;
          expect(reason).toEqual(expect.stringMatching(/\S/));
          const submitted = [event.body, request.payload.text, request.auth.key];
          for (const text of submitted) {
            if (typeof text === 'string' && text.length >= 8) expect(reason).not.toContain(text);
          }
        },
      ),
      { numRuns: 300 },
    );
    // The generators reach every reply, not just the first refusal.
    expect([...seen].sort((a, b) => a - b)).toEqual(STATUSES);
  });
});
