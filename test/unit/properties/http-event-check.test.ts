import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AlbEventSchema,
  ApiGatewayV1EventSchema,
  ApiGatewayV2EventSchema,
} from '../../../lib/triggers/http/schemas.ts';
import {
  isWellFormedAlbEvent,
  isWellFormedV1Event,
  isWellFormedV2Event,
} from '../../../lib/triggers/http/shape-checks.ts';
import { loadEvent } from '../../events/load.ts';

const FIXTURES = [
  'apigw/http-v2',
  'apigw/rest-v1',
  'apigw/rest-v1-base64',
  'apigw/rest-v1-base64-gzip',
  'lambda-url/function-url',
  'alb/alb',
  'alb/alb-multivalue',
];

/** Every place one of the three schemas reads, and some it does not. */
const PATHS = [
  ['headers'],
  ['headers', 'x-api-key'],
  ['multiValueHeaders'],
  ['multiValueHeaders', 'accept'],
  ['queryStringParameters'],
  ['queryStringParameters', 'topic'],
  ['multiValueQueryStringParameters'],
  ['multiValueQueryStringParameters', 'topic'],
  ['body'],
  ['isBase64Encoded'],
  ['cookies'],
  ['version'],
  ['routeKey'],
  ['rawPath'],
  ['rawQueryString'],
  ['resource'],
  ['path'],
  ['httpMethod'],
  ['stageVariables'],
  ['requestContext'],
  ['requestContext', 'domainName'],
  ['requestContext', 'requestId'],
  ['requestContext', 'http'],
  ['requestContext', 'http', 'method'],
  ['requestContext', 'http', 'path'],
  ['requestContext', 'http', 'sourceIp'],
  ['requestContext', 'authorizer'],
  ['requestContext', 'identity'],
  ['requestContext', 'identity', 'sourceIp'],
  ['requestContext', 'elb'],
  ['requestContext', 'elb', 'targetGroupArn'],
];

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  '2.0',
  7,
  true,
  [],
  ['a'],
  [1],
  {},
  { a: 'b' },
  { a: ['b'] },
  { a: 1 },
  { a: null },
];

/** Sets (or with `undefined`, deletes) the value at `path`, if its parent is an object. */
function setAt(event: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let parent: unknown = event;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return;
    parent = (parent as Record<string, unknown>)[key];
  }
  if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) return;
  const last = path.at(-1)!;
  if (value === undefined) delete (parent as Record<string, unknown>)[last];
  else (parent as Record<string, unknown>)[last] = structuredClone(value);
}

const mutated = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom(...VALUES)), { maxLength: 3 }),
  )
  .map(([name, changes]) => {
    const event = loadEvent<Record<string, unknown>>(name);
    for (const [path, value] of changes) setAt(event, path, value);
    return event;
  });

const PAIRS = [
  ['ALB', AlbEventSchema, isWellFormedAlbEvent],
  ['payload 2.0', ApiGatewayV2EventSchema, isWellFormedV2Event],
  ['payload 1.0', ApiGatewayV1EventSchema, isWellFormedV1Event],
] as const;

describe('the well-formed checks of HTTP events (the fast path of parseHttpEvent)', () => {
  for (const [name, schema, isWellFormed] of PAIRS) {
    it(`accept exactly the ${name} events the zod schema accepts`, () => {
      fc.assert(
        fc.property(mutated, (event) => {
          expect(isWellFormed(event)).toBe(schema.safeParse(event).success);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('accept every HTTP fixture', () => {
    const accepted = FIXTURES.map((name) => {
      const event = loadEvent<Record<string, unknown>>(name);
      return PAIRS.filter(([, , isWellFormed]) => isWellFormed(event)).map(([kind]) => kind);
    });
    expect(accepted).toEqual([
      ['payload 2.0'],
      ['payload 1.0'],
      ['payload 1.0'],
      ['payload 1.0'],
      ['payload 2.0'],
      ['ALB'],
      ['ALB'],
    ]);
  });
});
