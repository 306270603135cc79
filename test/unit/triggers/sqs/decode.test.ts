import { describe, expect, it } from 'vitest';
import { decodeSqsRecord } from '../../../../lib/triggers/sqs/decode.ts';
import { parseSqsEvent, type SqsRecord } from '../../../../lib/triggers/sqs/event.ts';
import { fifoGroupOf, isFifoBatch } from '../../../../lib/triggers/sqs/fifo.ts';
import { loadEvent } from '../../../events/load.ts';

const records = (name: string): SqsRecord[] => parseSqsEvent(loadEvent(name)).Records;

/** A standard-queue record with this body and no attributes. */
function withBody(body: string): SqsRecord {
  return { ...records('sqs/standard')[2]!, body };
}

function inputsOf(record: SqsRecord) {
  const decoded = decodeSqsRecord(record);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.inputs;
}

describe('decodeSqsRecord', () => {
  it('reads a JSON object body as one message, with String and Number attributes as headers', () => {
    expect(inputsOf(records('sqs/standard')[0]!)).toEqual([
      {
        message: { data: { bees: 23 }, metadata: { key: 'k1' } },
        json: '{"data":{"bees":23},"metadata":{"key":"k1"}}',
        headers: { source: 'hive-7', priority: '5' },
      },
    ]);
  });

  it('reads a JSON array body as one message per element', () => {
    expect(inputsOf(records('sqs/standard')[1]!)).toEqual([
      {
        message: { data: { bees: 1 }, metadata: { key: 'k2' } },
        json: '{"data":{"bees":1},"metadata":{"key":"k2"}}',
      },
      {
        message: { data: { bees: 2 }, metadata: { key: 'k3' } },
        json: '{"data":{"bees":2},"metadata":{"key":"k3"}}',
      },
    ]);
  });

  it('reads a body that is not JSON as one string message', () => {
    expect(inputsOf(records('sqs/standard')[2]!)).toEqual([{ message: 'hive 7 is quiet today' }]);
  });

  it('reads JSON scalars as scalar messages', () => {
    expect(inputsOf(withBody('42'))).toEqual([{ message: 42, json: '42' }]);
    expect(inputsOf(withBody('"quoted"'))).toEqual([{ message: 'quoted', json: '"quoted"' }]);
    expect(inputsOf(withBody('null'))).toEqual([{ message: null, json: 'null' }]);
    expect(inputsOf(withBody(' {"a":1} \n'))).toEqual([{ message: { a: 1 }, json: ' {"a":1} \n' }]);
  });

  it('drops a leading byte order mark, as HTTP and S3 do, so the body is still read as JSON', () => {
    expect(inputsOf(withBody('\uFEFF{"data":1}'))).toEqual([{ message: { data: 1 }, json: '{"data":1}' }]);
    expect(inputsOf(withBody('\uFEFFplain'))).toEqual([{ message: 'plain' }]);
  });

  it('treats an empty array as nothing to send, successfully', () => {
    expect(decodeSqsRecord(withBody('[]'))).toEqual({ ok: true, inputs: [] });
  });

  it('skips binary attributes and keeps custom String and Number types', () => {
    const record = records('sqs/standard')[0]!;
    record.messageAttributes = {
      thumb: { dataType: 'Binary', binaryValue: 'AAEC', stringListValues: [], binaryListValues: [] },
      ratio: { dataType: 'Number.float', stringValue: '0.5' },
      doc: { dataType: 'String.json', stringValue: '{"a":1}' },
    };
    expect(inputsOf(record)[0]!.headers).toEqual({ ratio: '0.5', doc: '{"a":1}' });
  });

  it('keeps an attribute named __proto__ as a plain header', () => {
    const record = withBody('{"a":1}');
    record.messageAttributes = JSON.parse('{"__proto__":{"dataType":"String","stringValue":"x"}}');
    const [input] = inputsOf(record);
    expect(Object.getPrototypeOf(input!.headers)).toBe(Object.prototype);
  });

  it('reads __proto__ in a body as data without touching any prototype', () => {
    const [input] = inputsOf(withBody('{"__proto__":{"polluted":true},"data":1}'));
    expect(Object.hasOwn(input!.message as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('unwraps an SNS notification and adds its message attributes as headers', () => {
    expect(inputsOf(records('sqs/sns-wrapped')[0]!)).toEqual([
      {
        message: { data: { bees: 42 }, metadata: { key: 'hive-9' } },
        json: '{"data":{"bees":42},"metadata":{"key":"hive-9"}}',
        headers: { colony: 'north', count: '3' },
      },
    ]);
  });

  it('reads the SNS message by the same rules: arrays spread, text stays text', () => {
    const envelope = JSON.parse(records('sqs/sns-wrapped')[0]!.body) as Record<string, unknown>;
    const array = withBody(JSON.stringify({ ...envelope, Message: '[1,2,3]' }));
    expect(inputsOf(array).map((input) => input.message)).toEqual([1, 2, 3]);
    const text = withBody(JSON.stringify({ ...envelope, Message: 'swarm at dawn' }));
    expect(inputsOf(text).map((input) => input.message)).toEqual(['swarm at dawn']);
    const empty = withBody(JSON.stringify({ ...envelope, Message: '[]' }));
    expect(inputsOf(empty)).toEqual([]);
  });

  it('lets SQS attributes win over SNS attributes of the same name', () => {
    const record = records('sqs/sns-wrapped')[0]!;
    record.messageAttributes = { colony: { dataType: 'String', stringValue: 'south' } };
    expect(inputsOf(record)[0]!.headers).toEqual({ colony: 'south', count: '3' });
  });

  it('skips binary SNS attributes', () => {
    const envelope = JSON.parse(records('sqs/sns-wrapped')[0]!.body) as Record<string, unknown>;
    const record = withBody(
      JSON.stringify({
        ...envelope,
        MessageAttributes: {
          blob: { Type: 'Binary', Value: 'AAEC' },
          tags: { Type: 'String.Array', Value: '["a"]' },
        },
      }),
    );
    expect(inputsOf(record)[0]!.headers).toEqual({ tags: '["a"]' });
  });

  it('fails a record whose SNS notification is malformed, naming the field', () => {
    const envelope = JSON.parse(records('sqs/sns-wrapped')[0]!.body) as Record<string, unknown>;
    const record = withBody(
      JSON.stringify({ ...envelope, MessageAttributes: { count: { Type: 'Number' } } }),
    );
    expect(decodeSqsRecord(record)).toEqual({
      ok: false,
      reason: 'body.MessageAttributes.count.Value: expected string; got undefined',
    });
  });

  it('exports other SNS messages, such as a subscription confirmation, as they are', () => {
    const body = {
      Type: 'SubscriptionConfirmation',
      TopicArn: 'arn:aws:sns:eu-west-1:1:t',
      Message: 'confirm',
    };
    expect(inputsOf(withBody(JSON.stringify(body)))).toEqual([{ message: body, json: JSON.stringify(body) }]);
  });

  it('keys every message of a FIFO record by its message group', () => {
    const fifo = records('sqs/fifo');
    expect(fifo.map((record) => inputsOf(record).map((input) => [input.defaultKey, input.message]))).toEqual([
      [['hive-1', { data: { bees: 10 } }]],
      [['hive-2', { data: { bees: 20 }, metadata: { key: 'own-key' } }]],
      [
        ['hive-1', { data: { bees: 11 } }],
        ['hive-1', { data: { bees: 12 } }],
      ],
      [['hive-2', 'swarm leaving hive 2']],
    ]);
  });

  it('does not key by message group on a standard queue, which promises no order', () => {
    const record = records('sqs/standard')[2]!;
    record.attributes = { ...record.attributes, MessageGroupId: 'tenant-1' };
    expect(inputsOf(record)[0]!.defaultKey).toBeUndefined();
  });
});

describe('fifoGroupOf and isFifoBatch', () => {
  it('find the message group of FIFO records only', () => {
    expect(records('sqs/fifo').map(fifoGroupOf)).toEqual(['hive-1', 'hive-2', 'hive-1', 'hive-2']);
    expect(records('sqs/standard').map(fifoGroupOf)).toEqual([undefined, undefined, undefined]);
  });

  it('tell a FIFO batch by its queue ARN', () => {
    expect(isFifoBatch(records('sqs/fifo'))).toBe(true);
    expect(isFifoBatch(records('sqs/standard'))).toBe(false);
    expect(isFifoBatch([])).toBe(false);
  });
});
