import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeJson } from '../../../lib/triggers/dynamodb/attribute-json.ts';
import { jsonNumberText } from '../../../lib/triggers/dynamodb/json-number.ts';
import { deaggregate } from '../../../lib/triggers/kinesis/kpl.ts';
import { kplAggregate } from '../../helpers/kpl.ts';

/** DynamoDB numbers as its API writes them: up to 38 digits, optional fraction and exponent. */
const dynamoNumber = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^(0|[1-9]\d{0,37})$/),
    fc.option(fc.stringMatching(/^\d{1,20}$/), { nil: undefined }),
    fc.option(fc.integer({ min: -130, max: 125 }), { nil: undefined }),
  )
  .map(([negative, whole, fraction, exponent]) => {
    const sign = negative ? '-' : '';
    return `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `E${exponent}`}`;
  });

const base64 = fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b).toString('base64'));

const { attribute } = fc.letrec<{ attribute: Record<string, unknown> }>((tie) => ({
  attribute: fc.oneof(
    { depthSize: 'small' },
    fc.record({ S: fc.string({ maxLength: 8 }) }),
    fc.record({ N: dynamoNumber }),
    fc.record({ B: base64 }),
    fc.record({ BOOL: fc.boolean() }),
    fc.constant({ NULL: true }),
    fc.record({ SS: fc.uniqueArray(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 3 }) }),
    fc.record({ NS: fc.uniqueArray(dynamoNumber, { minLength: 1, maxLength: 3 }) }),
    fc.record({ BS: fc.uniqueArray(base64, { minLength: 1, maxLength: 3 }) }),
    fc.record({ L: fc.array(tie('attribute'), { maxLength: 3 }) }),
    fc.record({ M: fc.dictionary(fc.string({ maxLength: 6 }), tie('attribute'), { maxKeys: 3 }) }),
  ),
}));

/** An independent reading of an attribute value, with every number kept as its text (`{ $n: "..." }`). */
function reference(value: Record<string, unknown>): unknown {
  const [[type, inner]] = Object.entries(value) as [[string, unknown]];
  switch (type) {
    case 'N':
      return { $n: inner };
    case 'NS':
      return (inner as string[]).map((n) => ({ $n: n }));
    case 'NULL':
      return null;
    case 'L':
      return (inner as Array<Record<string, unknown>>).map(reference);
    case 'M':
      return Object.fromEntries(
        Object.entries(inner as Record<string, Record<string, unknown>>).map(([k, v]) => [k, reference(v)]),
      );
    default:
      return inner;
  }
}

/** Parses JSON text, reading each number as its own text, as a number-preserving consumer would. */
function parseKeepingNumbers(text: string): unknown {
  const marked = text.replace(
    /("(?:[^"\\]|\\.)*")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (match, string: string | undefined) => (string !== undefined ? match : JSON.stringify({ $n: match })),
  );
  return JSON.parse(marked);
}

describe('DynamoDB attribute values as JSON, for any value', () => {
  it('parse back to the same tree, every number spelled exactly as DynamoDB wrote it', () => {
    fc.assert(
      fc.property(attribute, (value) => {
        const text = attributeJson(value, 'v');
        expect(parseKeepingNumbers(text)).toEqual(reference(value));
        // And a plain JSON parser accepts it: the text is JSON.
        expect(() => JSON.parse(text)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('turn any decimal number text into JSON with the same value, or refuse it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+-]?\d{0,4}(\.\d{0,4})?([eE][+-]?\d{1,3})?$/), (n) => {
        const text = jsonNumberText(n);
        if (text === undefined) {
          expect(/\d/.test(n.split(/[eE]/)[0]!)).toBe(false);
          return;
        }
        expect(() => JSON.parse(text)).not.toThrow();
        expect(JSON.parse(text)).toBe(Number(n.replace(/\.(?=$|[eE])/, '')));
      }),
      { numRuns: 500 },
    );
  });
});

describe('KPL aggregates, for any user records', () => {
  it('de-aggregate to the same records, in order', () => {
    const userRecord = fc.record({
      partitionKey: fc.string({ minLength: 1, maxLength: 12 }),
      data: fc.uint8Array({ maxLength: 300 }),
      explicitHashKey: fc.option(fc.stringMatching(/^\d{1,38}$/), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(userRecord, { minLength: 1, maxLength: 20 }), (records) => {
        const clean = records.map((r) =>
          r.explicitHashKey === undefined ? { partitionKey: r.partitionKey, data: r.data } : r,
        );
        const result = deaggregate(kplAggregate(clean));
        if (!result.ok) throw new Error(result.reason);
        expect(result.records.map((r) => ({ ...r, data: Buffer.from(r.data).toString('hex') }))).toEqual(
          clean.map((r) => ({ ...r, data: Buffer.from(r.data).toString('hex') })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('refuse any corrupted aggregate, never reading part of it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            partitionKey: fc.string({ minLength: 1, maxLength: 4 }),
            data: fc.uint8Array({ maxLength: 40 }),
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (records, at, flip) => {
          const data = kplAggregate(records);
          const i = 4 + (at % (data.length - 4));
          data[i]! ^= flip;
          expect(deaggregate(data).ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
