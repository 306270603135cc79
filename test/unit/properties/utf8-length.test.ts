import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8LongerThan } from '../../../lib/triggers/http/bytes.ts';

describe('utf8LongerThan (the body size check that skips counting when the length tells)', () => {
  it('answers as counting the UTF-8 bytes would, for any text and limit', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(text, fc.nat({ max: 130 }), (body, max) => {
        expect(utf8LongerThan(body, max)).toBe(Buffer.byteLength(body, 'utf8') > max);
      }),
      { numRuns: 5000 },
    );
  });

  it('counts the 3-byte and 4-byte characters near the limit', () => {
    expect(utf8LongerThan('€€', 6)).toBe(false);
    expect(utf8LongerThan('€€', 5)).toBe(true);
    expect(utf8LongerThan('😀', 4)).toBe(false);
    expect(utf8LongerThan('😀', 3)).toBe(true);
  });
});
