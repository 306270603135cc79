import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageResult } from '../../../lib/exporter/index.ts';
import type { ExportInput } from '../../../lib/messages/index.ts';
import { createLogger } from '../../../lib/observability/index.ts';
import { localContext } from '../../../lib/triggers/deadline.ts';
import { decodeSqsRecord } from '../../../lib/triggers/sqs/decode.ts';
import { parseSqsEvent, type SqsRecord } from '../../../lib/triggers/sqs/event.ts';
import { fifoGroupOf } from '../../../lib/triggers/sqs/fifo.ts';
import { handleSqsEvent } from '../../../lib/triggers/sqs/handler.ts';
import { loadEvent } from '../../events/load.ts';
import { deepJsonText, jsonValue, mageMessage } from './arbitraries.ts';
import { type FakeFailure, fakeExporter } from './fake-exporter.ts';

/** A String attribute on every record, so the fake can tell which record a message came from. */
const TAG = 'pbt-record';

/** An SQS body of Mage messages: a JSON text. */
const messageBody = fc.oneof(
  mageMessage.map((message) => JSON.stringify(message)),
  fc.array(mageMessage, { maxLength: 5 }).map((messages) => JSON.stringify(messages)),
);

/** SNS message attributes: valid ones, and the shapes a hand-made envelope gets wrong. */
const snsAttributes = fc.oneof(
  fc.dictionary(
    fc.constantFrom('source', 'hive', 'trace-id', 'n'),
    fc.record({
      Type: fc.constantFrom('String', 'Number', 'Binary', 'String.Array', 'Number.float'),
      Value: fc.string({ maxLength: 8 }),
    }),
    { maxKeys: 3 },
  ),
  fc.constantFrom({ source: { Type: 'String' } }, { source: { Type: 'String', Value: 5 } }, [], 'x', null),
);

/**
 * JSON that looks like an SNS Notification (a topic without raw delivery),
 * mostly well-formed, with garbage fields and wrong types here and there.
 */
const snsEnvelope = fc
  .record(
    {
      Type: fc.oneof(
        { weight: 6, arbitrary: fc.constant('Notification') },
        { weight: 1, arbitrary: fc.constantFrom('SubscriptionConfirmation', 'notification', 7, null) },
      ),
      MessageId: fc.oneof({ weight: 6, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constant(5) }),
      TopicArn: fc.oneof(
        { weight: 6, arbitrary: fc.constant('arn:aws:sns:eu-west-1:123456789012:bees') },
        { weight: 1, arbitrary: fc.constantFrom(3, null, ['arn']) },
      ),
      Subject: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null), fc.constant(12)),
      Message: fc.oneof(
        { weight: 6, arbitrary: fc.oneof(messageBody, fc.string(), fc.constant('')) },
        { weight: 1, arbitrary: fc.constantFrom(7, null, { data: 1 }, ['a']) },
      ),
      Timestamp: fc.constantFrom('2024-06-17T14:48:13.506Z', 1_718_635_693_506),
      MessageAttributes: snsAttributes,
      SignatureVersion: fc.jsonValue({ maxDepth: 1 }),
      garbage: jsonValue,
    },
    { requiredKeys: ['Type', 'TopicArn', 'Message'] },
  )
  .map((envelope) => JSON.stringify(envelope));

/** Whatever a producer may put in an SQS body. */
const sqsBody = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 2, stringUnit: 'grapheme' }) },
  { weight: 6, arbitrary: messageBody },
  { weight: 4, arbitrary: snsEnvelope },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '[]',
      '{}',
      'null',
      '"text"',
      '[[]]',
      '{"__proto__":{"data":1}}',
      '{"data":1,"__proto__":{"metadata":{"key":{}}}}',
      '{"data":1,"metadata":{"__proto__":{"key":{}}}}',
      '{"Type":"Notification","TopicArn":"arn","Message":"[1,2,3]"}',
    ),
  },
  { weight: 1, arbitrary: deepJsonText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'x'.repeat(256 * 1024),
      JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ data: i, metadata: { key: i } }))),
    ),
  },
);

/** SQS message attributes as Lambda delivers them, including types that carry no text. */
const sqsAttributes = fc.dictionary(
  fc.constantFrom('source', 'priority', 'trace-id', 'Number.attr', 'constructor'),
  fc.oneof(
    fc.record({ dataType: fc.constantFrom('String', 'Number', 'Number.float'), stringValue: fc.string() }),
    fc.record({ dataType: fc.constant('String'), stringValue: fc.constant(null) }),
    fc.record({ dataType: fc.constant('Binary'), binaryValue: fc.base64String({ maxLength: 8 }) }),
  ),
  { maxKeys: 2 },
);

const sqsRecordSpec = fc.record({ body: sqsBody, attributes: sqsAttributes });

/** Which messages the fake fails: `record:nth message of that record`, and how. */
const failureChoice = fc.record({
  picks: fc.uniqueArray(
    fc.tuple(fc.nat({ max: 7 }), fc.nat({ max: 3 })).map(([record, nth]) => `${record}:${nth}`),
    { maxLength: 4 },
  ),
  kind: fc.constantFrom<FakeFailure>('refused', 'unavailable'),
});

/**
 * A clone of the fixture event with its records replaced by `specs`: each
 * takes a fixture record as its template (cycling through them), a body, some
 * attributes and the tag, and on a FIFO queue a message group.
 */
function sqsEvent(
  fixture: 'sqs/standard' | 'sqs/fifo',
  specs: ReadonlyArray<{ body: string; attributes: Record<string, unknown>; group?: string }>,
) {
  const event = loadEvent<{ Records: Array<Record<string, unknown>> }>(fixture);
  const templates = event.Records;
  event.Records = specs.map((spec, i) => {
    const record = structuredClone(templates[i % templates.length]!);
    record.messageId = `${i}-${String(record.messageId)}`;
    record.body = spec.body;
    record.messageAttributes = {
      ...(record.messageAttributes as object),
      ...spec.attributes,
      [TAG]: { dataType: 'String', stringValue: String(i) },
    };
    if (spec.group !== undefined)
      record.attributes = { ...(record.attributes as object), MessageGroupId: spec.group };
    return record;
  });
  return event;
}

interface Sent {
  input: ExportInput;
  result: MessageResult;
}

/** Runs the handler with a fake that fails the chosen messages; returns what each record sent. */
async function run(event: unknown, choice: { picks: string[]; kind: FakeFailure }) {
  const nth = new Map<string, number>();
  const picks = new Set(choice.picks);
  const exporter = fakeExporter({
    fail: (input) => {
      const tag = input.headers?.[TAG] ?? '?';
      const n = nth.get(tag) ?? 0;
      nth.set(tag, n + 1);
      return picks.has(`${tag}:${n}`) ? choice.kind : undefined;
    },
  });
  const lines: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
  const response = await handleSqsEvent(event, localContext(), { exporter, logger, env: {} });

  const sent = new Map<string, Sent[]>();
  const results = exporter.results();
  exporter.inputs().forEach((input, n) => {
    const tag = input.headers?.[TAG] ?? '?';
    sent.set(tag, [...(sent.get(tag) ?? []), { input, result: results[n]! }]);
  });
  const records = parseSqsEvent(event).Records;
  const listed = response.batchItemFailures.map((failure) => failure.itemIdentifier);
  return { response, records, listed, sent, exporter, logs: lines.map((line) => JSON.parse(line)) };
}

/**
 * Equal as JSON. Bodies nest up to thousands of levels, deeper than
 * `toEqual`'s recursion can follow; everything compared here came from
 * `JSON.parse`, so its JSON text says all there is.
 */
function expectSameJson(actual: unknown, expected: unknown) {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

/** String and Number attributes of the record as sent (before parsing) are headers of each of its messages. */
function expectAttributeHeaders(raw: Record<string, unknown>, inputs: readonly ExportInput[]) {
  const attributes = Object.entries(raw.messageAttributes as Record<string, Record<string, unknown>>);
  for (const [name, { dataType, stringValue }] of attributes) {
    const base = String(dataType).split('.')[0];
    if ((base !== 'String' && base !== 'Number') || typeof stringValue !== 'string') continue;
    for (const input of inputs)
      expect(Object.getOwnPropertyDescriptor(input.headers, name)?.value).toBe(stringValue);
  }
}

/** What every reply must be, FIFO or not: a subset of the batch, in record order, each named once. */
function expectWellFormed(records: readonly SqsRecord[], listed: readonly string[]) {
  const ids = records.map((record) => record.messageId);
  expect(new Set(listed).size).toBe(listed.length);
  expect(listed).toEqual(ids.filter((id) => listed.includes(id)));
}

/** A record whose body cannot be read was never sent, is listed, and the log says why. */
function expectRejectedWithReason(
  record: SqsRecord,
  sent: readonly Sent[],
  listed: readonly string[],
  logs: ReadonlyArray<Record<string, unknown>>,
) {
  expect(sent).toEqual([]);
  expect(listed).toContain(record.messageId);
  const line = logs.find((log) => log.messageId === record.messageId);
  expect(line?.level).toBe('WARN');
  expect(typeof line?.reason === 'string' && line.reason.length > 0).toBe(true);
}

describe('SQS handler with any body', () => {
  it('decides every record of a standard queue: delivered in full, or named in batchItemFailures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sqsRecordSpec, { minLength: 1, maxLength: 8 }),
        failureChoice,
        async (specs, choice) => {
          const event = sqsEvent('sqs/standard', specs);
          const { records, listed, sent, exporter, logs } = await run(event, choice);
          expectWellFormed(records, listed);
          // Standard queues send the whole batch at once.
          expect(exporter.calls.length).toBeLessThanOrEqual(1);

          let accounted = 0;
          records.forEach((record, i) => {
            const mine = sent.get(String(i)) ?? [];
            accounted += mine.length;
            const decoded = decodeSqsRecord(record);
            if (!decoded.ok) {
              expectRejectedWithReason(record, mine, listed, logs);
              return;
            }
            // Every message of the record reached the exporter, as decoded, in order.
            expectSameJson(
              mine.map((s) => s.input),
              decoded.inputs,
            );
            expectAttributeHeaders(event.Records[i]!, decoded.inputs);
            const delivered = mine.every((s) => s.result.ok);
            expect(listed.includes(record.messageId)).toBe(!delivered);
          });
          expect(accounted).toBe(exporter.inputs().length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps FIFO group order: from the first failure in a group, the rest of the group is listed and never sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            body: sqsBody,
            attributes: sqsAttributes,
            group: fc.constantFrom('hive-1', 'hive-2', 'hive-3'),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        failureChoice,
        async (specs, choice) => {
          const event = sqsEvent('sqs/fifo', specs);
          const { records, listed, sent, exporter, logs } = await run(event, choice);
          expectWellFormed(records, listed);

          // One record per call, so the order of calls is the order records were sent in.
          const order = exporter.calls.map((call) => {
            const tags = new Set(call.inputs.map((input) => input.headers?.[TAG]));
            expect(tags.size).toBe(1);
            return Number([...tags][0]);
          });

          const groups = new Map<string, number[]>();
          records.forEach((record, i) => {
            const group = fifoGroupOf(record)!;
            groups.set(group, [...(groups.get(group) ?? []), i]);
          });
          for (const indices of groups.values()) {
            // Within a group, records went out in their queue order.
            const sentOrder = order.filter((i) => indices.includes(i));
            expect(sentOrder).toEqual([...sentOrder].sort((a, b) => a - b));

            let failed = false;
            for (const i of indices) {
              const record = records[i]!;
              const mine = sent.get(String(i)) ?? [];
              if (failed) {
                expect(mine).toEqual([]);
                expect(listed).toContain(record.messageId);
                continue;
              }
              const decoded = decodeSqsRecord(record);
              if (!decoded.ok) {
                expectRejectedWithReason(record, mine, listed, logs);
                failed = true;
                continue;
              }
              expectSameJson(
                mine.map((s) => s.input),
                decoded.inputs,
              );
              expectAttributeHeaders(event.Records[i]!, decoded.inputs);
              const delivered = mine.every((s) => s.result.ok);
              expect(listed.includes(record.messageId)).toBe(!delivered);
              failed = !delivered;
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('SQS handler: counterexamples', () => {
  // BUG (found while building the property generators; lib not changed here): SQS allows a message
  // attribute named `__proto__`, and JSON.parse (as the Lambda runtime reads the event) keeps it as
  // an own property, but parseSqsEvent drops it: zod's z.record in SqsRecordSchema.messageAttributes
  // (lib/triggers/sqs/event.ts) skips that key, so the header never reaches Kafka. sqs/decode.ts says such an
  // attribute "stays a plain header". The generators leave `__proto__` out until this is fixed.
  it('keeps a message attribute named __proto__ as a header', async () => {
    const text = JSON.stringify(loadEvent('sqs/standard')).replace('"source":', '"__proto__":');
    const event = JSON.parse(text) as { Records: Array<Record<string, unknown>> };
    const exporter = fakeExporter();
    const logger = createLogger({ write: () => {} });
    const response = await handleSqsEvent(event, localContext(), { exporter, logger, env: {} });
    expect(response.batchItemFailures).toEqual([]);
    const first = exporter.inputs()[0]!;
    expect(Object.getOwnPropertyDescriptor(first.headers, '__proto__')?.value).toBe('hive-7');
  });
});
