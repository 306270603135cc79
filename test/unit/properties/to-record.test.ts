import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainObject, MessageError, toRecord } from '../../../lib/messages/index.ts';
import { deepJsonText, jsonValue, mageMessage } from './arbitraries.ts';

const defaults = { topic: 'bees', now: () => 1_718_635_693_506, headers: { 'x-from': 'test' } };

/** `data`, `message` or `metadata`, then `.name`, `["odd name"]` or `[3]` steps. */
const FIELD = /^(data|message|metadata)(\.[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*$/;

/** What every answer of toRecord must look like, whatever it was given. */
function expectDecided(message: unknown) {
  const result = toRecord(message, defaults);
  if (result.ok) {
    const { record } = result;
    expect(typeof record.topic).toBe('string');
    expect(record.topic.length).toBeGreaterThan(0);
    expect(typeof record.value).toBe('string');
    expect(record.key === null || typeof record.key === 'string').toBe(true);
    expect(record.timestamp).toMatch(/^\d+$/);
    for (const value of Object.values(record.headers)) expect(typeof value).toBe('string');
    return result;
  }
  const { error } = result;
  expect(error).toBeInstanceOf(MessageError);
  expect(error.retriable).toBe(false);
  expect(error.field).toMatch(FIELD);
  expect(error.message.startsWith(`${error.field}: expected `)).toBe(true);
  expect(error.message).toContain('; got ');
  return result;
}

describe('toRecord with any message', () => {
  it('turns any JSON value into a record whose value is the JSON of data (or of the whole), or says which field is wrong', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mageMessage,
          jsonValue,
          deepJsonText.map((text) => JSON.parse(text)),
        ),
        (message) => {
          const result = expectDecided(message);
          if (!result.ok) return;
          const hasData = isPlainObject(message) && Object.hasOwn(message, 'data');
          const sent = hasData ? message.data : message;
          expect(result.record.value.toString('utf8')).toBe(JSON.stringify(sent));
          const metadata = isPlainObject(message) ? message.metadata : undefined;
          const topic = isPlainObject(metadata) ? metadata.dest_topic : undefined;
          expect(result.record.topic).toBe(topic ?? 'bees');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on values JSON cannot hold either (undefined, NaN, bigint, dates, maps, cycles, sparse arrays)', () => {
    const strange = fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    const cyclic = fc.constant(null).map(() => {
      const data: Record<string, unknown> = { bees: 1 };
      data.self = data;
      return { data };
    });
    fc.assert(
      fc.property(
        fc.oneof(
          strange,
          fc.record({ data: strange, metadata: strange }, { requiredKeys: ['data'] }),
          fc.record({
            data: jsonValue,
            metadata: fc.dictionary(
              fc.constantFrom('key', 'time', 'dest_topic', 'headers', 'partition'),
              strange,
            ),
          }),
          cyclic,
        ),
        (message) => {
          expectDecided(message);
        },
      ),
      { numRuns: 500 },
    );
  });
});
