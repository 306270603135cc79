import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormedSqsEvent, parseSqsEventWithZod } from '../../../lib/triggers/sqs/event.ts';
import { loadEvent } from '../../events/load.ts';

/** A field's value: usually right, sometimes the wrong kind or missing. */
const stringish = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 7, true, [], {}, ['x'], { a: 'b' }) },
);

const attribute = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        dataType: stringish,
        stringValue: stringish,
        binaryValue: stringish,
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 'String', 3, [], [{ dataType: 'String' }]) },
);

const record = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        messageId: stringish,
        receiptHandle: stringish,
        body: stringish,
        attributes: fc.oneof(
          fc.record(
            {
              ApproximateReceiveCount: stringish,
              MessageGroupId: stringish,
              SequenceNumber: stringish,
              SentTimestamp: stringish,
              MessageDeduplicationId: stringish,
              other: fc.jsonValue({ maxDepth: 1 }),
            },
            { requiredKeys: [] },
          ),
          fc.constantFrom(null, 'a', [], 1),
        ),
        messageAttributes: fc.oneof(
          fc.dictionary(fc.constantFrom('trace', '__proto__', 'constructor', 'x y', ''), attribute, {
            maxKeys: 3,
          }),
          fc.constantFrom(null, 'a', [], 1),
          fc.array(attribute, { maxLength: 2 }),
        ),
        eventSource: fc.constantFrom('aws:sqs', 'aws:sqs', 'aws:sns', undefined, 7),
        eventSourceARN: stringish,
        awsRegion: stringish,
        md5OfBody: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['messageId', 'body', 'eventSource', 'eventSourceARN'] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 'record', 3, [], [{}]) },
);

const event = fc.oneof(
  { weight: 8, arbitrary: fc.record({ Records: fc.array(record, { maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, [], {}, { Records: {} }, { Records: 'x' }) },
);

/** Through JSON, as Lambda hands events over (`__proto__` stays an own key; undefined fields vanish). */
const asDelivered = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

describe('isWellFormedSqsEvent (the fast path of parseSqsEvent)', () => {
  it('accepts exactly the events the checked (zod) path accepts', () => {
    const zodAccepts = (candidate: unknown) => {
      try {
        parseSqsEventWithZod(candidate);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(event.map(asDelivered), (candidate) => {
        expect(isWellFormedSqsEvent(candidate)).toBe(zodAccepts(candidate));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every SQS fixture', () => {
    for (const name of ['sqs/standard', 'sqs/fifo']) expect(isWellFormedSqsEvent(loadEvent(name))).toBe(true);
  });
});
