import { describe, expect, it } from 'vitest';
import { toRecord } from '../../../lib/messages/index.ts';

const NOW = 1_700_000_000_000;
const defaults = { topic: 'events', now: () => NOW };

interface Expected {
  topic: string;
  key: string | null;
  value: unknown;
  timestamp: string;
  headers?: Record<string, string>;
  partition?: number;
}

const shapes: [string, unknown, Expected][] = [
  [
    'a string scalar is its JSON string',
    'hello',
    { topic: 'events', key: null, value: 'hello', timestamp: `${NOW}` },
  ],
  [
    'a number scalar is its JSON number',
    42.5,
    { topic: 'events', key: null, value: 42.5, timestamp: `${NOW}` },
  ],
  [
    'a boolean scalar is JSON false',
    false,
    { topic: 'events', key: null, value: false, timestamp: `${NOW}` },
  ],
  ['a null message is JSON null', null, { topic: 'events', key: null, value: null, timestamp: `${NOW}` }],
  [
    'an array is one message whose value is the array, as in Mage',
    [1, { a: 2 }],
    { topic: 'events', key: null, value: [1, { a: 2 }], timestamp: `${NOW}` },
  ],
  [
    'an object with data sends only data',
    { data: { bees: 23, ants: 30 } },
    { topic: 'events', key: null, value: { bees: 23, ants: 30 }, timestamp: `${NOW}` },
  ],
  [
    'the documented full message routes topic, key and time',
    { data: { bees: 23, ants: 30 }, metadata: { dest_topic: 'census', key: 'key', time: 1693396630163 } },
    { topic: 'census', key: 'key', value: { bees: 23, ants: 30 }, timestamp: '1693396630163' },
  ],
  [
    'data: null sends JSON null',
    { data: null },
    { topic: 'events', key: null, value: null, timestamp: `${NOW}` },
  ],
  ['data: 0 sends JSON 0', { data: 0 }, { topic: 'events', key: null, value: 0, timestamp: `${NOW}` }],
  [
    'an object without data is sent whole',
    { bees: 23, ants: 30 },
    { topic: 'events', key: null, value: { bees: 23, ants: 30 }, timestamp: `${NOW}` },
  ],
  [
    'an object without data keeps its metadata in the value and is still routed by it',
    { id: 7, metadata: { dest_topic: 'other', key: 'k7' } },
    {
      topic: 'other',
      key: 'k7',
      value: { id: 7, metadata: { dest_topic: 'other', key: 'k7' } },
      timestamp: `${NOW}`,
    },
  ],
  [
    'a number key is sent as its decimal string',
    { data: 1, metadata: { key: 1693396630163 } },
    { topic: 'events', key: '1693396630163', value: 1, timestamp: `${NOW}` },
  ],
  [
    'a key too big for a double is sent as the digits JSON.stringify would print',
    JSON.parse('{"data":1,"metadata":{"key":12345678901234567890}}'),
    { topic: 'events', key: '12345678901234567000', value: 1, timestamp: `${NOW}` },
  ],
  [
    'a number key from 1e21 on is written out in full',
    { data: 1, metadata: { key: 1e21 } },
    { topic: 'events', key: '1000000000000000000000', value: 1, timestamp: `${NOW}` },
  ],
  [
    'a fractional number key keeps its fraction',
    { data: 1, metadata: { key: 2.5 } },
    { topic: 'events', key: '2.5', value: 1, timestamp: `${NOW}` },
  ],
  [
    'the key 0 is the string "0"',
    { data: 1, metadata: { key: 0 } },
    { topic: 'events', key: '0', value: 1, timestamp: `${NOW}` },
  ],
  [
    'an empty string key is no key, as Mage sends it',
    { data: 1, metadata: { key: '' } },
    { topic: 'events', key: null, value: 1, timestamp: `${NOW}` },
  ],
  [
    'a non-ASCII key is UTF-8',
    { data: 1, metadata: { key: 'clé-日本' } },
    { topic: 'events', key: 'clé-日本', value: 1, timestamp: `${NOW}` },
  ],
  [
    'null metadata fields mean not set',
    { data: 1, metadata: { dest_topic: null, key: null, time: null, headers: null, partition: null } },
    { topic: 'events', key: null, value: 1, timestamp: `${NOW}` },
  ],
  [
    'time may be a string of digits',
    { data: 1, metadata: { time: '1693396630163' } },
    { topic: 'events', key: null, value: 1, timestamp: '1693396630163' },
  ],
  [
    'time 0 is kept, not replaced by now',
    { data: 1, metadata: { time: 0 } },
    { topic: 'events', key: null, value: 1, timestamp: '0' },
  ],
  [
    'headers become strings and partition is passed on',
    { data: 'x', metadata: { headers: { source: 'sqs', attempt: 2, replay: false }, partition: 3 } },
    {
      topic: 'events',
      key: null,
      value: 'x',
      timestamp: `${NOW}`,
      headers: { source: 'sqs', attempt: '2', replay: 'false' },
      partition: 3,
    },
  ],
  [
    'unknown metadata keys are ignored',
    { data: 1, metadata: { priority: 'high', retries: [1, 2] } },
    { topic: 'events', key: null, value: 1, timestamp: `${NOW}` },
  ],
  [
    'a message that only has metadata sends its metadata as the value',
    { metadata: { key: 'k' } },
    { topic: 'events', key: 'k', value: { metadata: { key: 'k' } }, timestamp: `${NOW}` },
  ],
  ['an empty object is the value {}', {}, { topic: 'events', key: null, value: {}, timestamp: `${NOW}` }],
];

describe('toRecord', () => {
  it.each(shapes)('%s', (_name, message, expected) => {
    const result = toRecord(message, defaults);
    if (!result.ok) throw result.error;
    const { record } = result;
    expect(record.topic).toBe(expected.topic);
    expect(record.key === null ? null : record.key.toString('utf8')).toBe(expected.key);
    expect(JSON.parse(record.value.toString('utf8'))).toEqual(expected.value);
    expect(record.timestamp).toBe(expected.timestamp);
    expect(record.headers).toEqual(expected.headers ?? {});
    expect(record.partition).toBe(expected.partition);
    expect('partition' in record).toBe(expected.partition !== undefined);
  });

  it('merges message headers over the default headers', () => {
    const result = toRecord(
      { data: 1, metadata: { headers: { source: 'http', trace: 't-1' } } },
      { ...defaults, headers: { source: 'exporter', env: 'prod' } },
    );
    expect(result.ok && result.record.headers).toEqual({ source: 'http', env: 'prod', trace: 't-1' });
  });

  it('does not change the default headers object it was given', () => {
    const shared = { env: 'prod' };
    toRecord({ data: 1, metadata: { headers: { trace: 't' } } }, { ...defaults, headers: shared });
    expect(shared).toEqual({ env: 'prod' });
  });

  it('keeps a header named __proto__ as a header', () => {
    const message = JSON.parse('{"data":1,"metadata":{"headers":{"__proto__":"x"}}}');
    const result = toRecord(message, defaults);
    expect(result.ok && Object.keys(result.record.headers)).toEqual(['__proto__']);
  });

  it('truncates a fractional clock to whole milliseconds', () => {
    const result = toRecord('x', { topic: 't', now: () => 1.9 });
    expect(result.ok && result.record.timestamp).toBe('1');
  });

  it('asks the clock only for messages without a time', () => {
    let calls = 0;
    toRecord({ data: 1, metadata: { time: 5 } }, { topic: 't', now: () => ++calls });
    expect(calls).toBe(0);
  });
});
