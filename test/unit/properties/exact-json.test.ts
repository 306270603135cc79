import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toRecord } from '../../../lib/messages/index.ts';

/** A JSON text as a sender may write it (`text`, with any whitespace) and the same tokens without it (`compact`). */
interface Written {
  text: string;
  compact: string;
}

const blank = fc.stringMatching(/^[ \t\r\n]{0,3}$/);

/** Numbers in every spelling JSON allows: big integers, `1.0`, `-0.0`, exponents. */
const number = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(fc.constant('0'), fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String)),
    fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
    fc.option(
      fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 300 })),
      {
        nil: undefined,
      },
    ),
  )
  .map(
    ([sign, int, frac, exp]) =>
      `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp ? exp.join('') : ''}`,
  );

/** Strings written with escapes, spaces and brackets inside, as a sender may. */
const string = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[a-z {}[\],:]{1,4}$/),
      fc.constantFrom('\\"', '\\\\', '\\/', '\\n', '\\u00e9', '\\ud83d\\ude00', 'é', '日本'),
    ),
    { maxLength: 4 },
  )
  .map((parts) => `"${parts.join('')}"`);

/** Object names that V8 would reorder (integer-like) next to ordinary ones. */
const name = fc.oneof(fc.constantFrom('"10"', '"2"', '"0"', '"b"', '"a"', '"data"', '"metadata"'), string);

const scalar: fc.Arbitrary<Written> = fc
  .oneof(number, string, fc.constantFrom('true', 'false', 'null'))
  .map((text) => ({ text, compact: text }));

const { value } = fc.letrec<{ value: Written }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(fc.tuple(blank, tie('value'), blank), { maxLength: 4 }).map((items) => ({
      text: `[${items.map(([a, v, b]) => a + v.text + b).join(',')}]`,
      compact: `[${items.map(([, v]) => v.compact).join(',')}]`,
    })),
    fc.array(fc.tuple(blank, name, blank, tie('value')), { maxLength: 4 }).map((members) => ({
      text: `{${members.map(([a, n, b, v]) => `${a}${n}${b}:${v.text}`).join(',')}}`,
      compact: `{${members.map(([, n, , v]) => `${n}:${v.compact}`).join(',')}}`,
    })),
  ),
}));

const defaults = { topic: 'bees', now: () => 0 };

describe('exact JSON over generated texts', () => {
  it('writes data as the sender spelled it, whitespace aside: same tree, same order, same number spelling', () => {
    fc.assert(
      fc.property(value, blank, blank, ({ text, compact }, before, after) => {
        const json = `${before}{"metadata":{"key":"k"}, "data" :${before}${text}${after}}${after}`;
        const parsed = JSON.parse(json);
        const result = toRecord(parsed, defaults, json);
        if (!result.ok) {
          // Only a number beyond a double (1e400) is refused, as it is without the text.
          expect(result.error.message).toContain('finite number');
          expect(compact).toMatch(/[eE]/);
          return;
        }
        expect(result.record.value).toBe(compact);
        expect(JSON.parse(result.record.value as string)).toEqual(parsed.data);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes a message without data whole, and an array of messages element by element', () => {
    fc.assert(
      fc.property(value, blank, ({ text, compact }, around) => {
        const json = `${around}${text}${around}`;
        const parsed = JSON.parse(json);
        const hasData =
          typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'data' in parsed;
        fc.pre(!hasData);
        const result = toRecord(parsed, defaults, json);
        if (result.ok) expect(result.record.value).toBe(compact);
        else expect(result.error.message).toMatch(/finite number|^metadata/);
      }),
      { numRuns: 1000 },
    );
  });
});
