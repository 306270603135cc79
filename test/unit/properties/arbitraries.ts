import fc from 'fast-check';

/*
 * Generators of exporter messages that look like what callers really send,
 * near misses included, so properties reach routing and validation rather
 * than stopping at "not JSON".
 */

/** Topic names: valid ones, and the mistakes people make (spaces, `.`, too long, not a string). */
export const destTopic: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('bees', 'hives', 'bees.v2', 'wasps_eu-1', 'a'),
  fc.constantFrom('', '.', '..', 'my topic', 'bees/v2', 'ö', 'x'.repeat(250), 'x'.repeat(249)),
  fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(null, 7, true, ['bees'], { name: 'bees' }),
);

/** Keys: strings, numbers (Mage sends str(x)), and what cannot be a key. */
export const messageKey: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', 'k1', 0, -0, 42, 1.5, 1e21, -1e300, 2 ** 53 + 1),
  fc.double(),
  fc.constantFrom(null, true, false, ['k'], { id: 1 }),
);

/** `metadata.time`: epoch ms, numeric strings, and dates in the wrong form. */
export const messageTime: fc.Arbitrary<unknown> = fc.oneof(
  fc.nat(),
  fc.integer(),
  fc.maxSafeNat().map((n) => n + 0.5),
  fc.constantFrom(1_718_635_693_506, 2 ** 53, 2 ** 60, -1, 0, Number.MAX_SAFE_INTEGER),
  fc.constantFrom('1718635693506', '0', '1.5', '', 'now', '2024-06-17T14:48:13Z', '12345678901234567'),
  fc.stringMatching(/^\d{1,18}$/),
  fc.constantFrom(null, true, [1], {}),
);

/** `metadata.headers`: a string map, or values and shapes that are not. */
export const messageHeaders: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.dictionary(
    fc.constantFrom('trace', '__proto__', 'constructor', 'x y', ''),
    fc.oneof(fc.string({ maxLength: 4 }), fc.double(), fc.boolean(), fc.constant(null), fc.constant({})),
    { maxKeys: 3 },
  ),
  fc.constantFrom(null, 'trace=1', ['a'], 3),
);

/** `metadata.partition`: partitions, and numbers that are not partitions. */
export const messagePartition: fc.Arbitrary<unknown> = fc.oneof(
  fc.nat({ max: 11 }),
  fc.constantFrom(-1, 1.5, 2 ** 31, 2 ** 31 - 1, '3', null, Number.NaN),
);

/** Metadata with a random subset of the fields Mage reads (and some it does not), or not an object. */
export const metadata: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        dest_topic: destTopic,
        key: messageKey,
        time: messageTime,
        headers: messageHeaders,
        partition: messagePartition,
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 'bees', 3, [], ['dest_topic', 'bees']) },
);

/** Any JSON value, ASCII or not, kept small. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }),
);

/**
 * One exporter message as Mage would take it: a scalar, `{ data, metadata }`,
 * an object without `data` (routed by its metadata all the same), or any
 * JSON value at all.
 */
export const mageMessage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ data: jsonValue, metadata }, { requiredKeys: ['data'] }) },
  { weight: 2, arbitrary: fc.record({ bees: fc.integer(), metadata }, { requiredKeys: ['metadata'] }) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.string({ maxLength: 20 }), fc.double(), fc.boolean(), fc.constant(null)),
  },
  { weight: 2, arbitrary: jsonValue },
);

/** A JSON text that nests far deeper than Mage (Python's json) could ever send. */
export const deepJsonText = fc
  .integer({ min: 999, max: 3000 })
  .chain((depth) =>
    fc
      .constantFrom('[', '{"a":')
      .map((open) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`),
  );
