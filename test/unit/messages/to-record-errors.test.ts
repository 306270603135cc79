import { describe, expect, it } from 'vitest';
import { MessageError, toRecord } from '../../../lib/messages/index.ts';

const defaults = { topic: 'events', now: () => 1_700_000_000_000 };

describe('toRecord per-message errors', () => {
  const errors: [string, unknown, string, string][] = [
    [
      'an object key',
      { data: 1, metadata: { key: { id: 1 } } },
      'metadata.key',
      'metadata.key: expected a string or number; got object',
    ],
    ['a boolean key', { data: 1, metadata: { key: true } }, 'metadata.key', 'got true'],
    ['an array key', { data: 1, metadata: { key: ['a'] } }, 'metadata.key', 'got array'],
    [
      'a topic name with a space',
      { data: 1, metadata: { dest_topic: 'my topic' } },
      'metadata.dest_topic',
      'got "my topic"',
    ],
    ['an empty topic name', { data: 1, metadata: { dest_topic: '' } }, 'metadata.dest_topic', 'got ""'],
    ['the topic name ".."', { data: 1, metadata: { dest_topic: '..' } }, 'metadata.dest_topic', 'got ".."'],
    [
      'a topic name of 250 characters',
      { data: 1, metadata: { dest_topic: 'a'.repeat(250) } },
      'metadata.dest_topic',
      'expected a topic name',
    ],
    ['a numeric topic', { data: 1, metadata: { dest_topic: 5 } }, 'metadata.dest_topic', 'got 5'],
    ['a fractional time', { data: 1, metadata: { time: 1.5 } }, 'metadata.time', 'got 1.5'],
    ['a negative time', { data: 1, metadata: { time: -1 } }, 'metadata.time', 'got -1'],
    [
      'a date string time',
      { data: 1, metadata: { time: '2024-01-01' } },
      'metadata.time',
      'got "2024-01-01"',
    ],
    ['a negative partition', { data: 1, metadata: { partition: -1 } }, 'metadata.partition', 'got -1'],
    ['a string partition', { data: 1, metadata: { partition: '1' } }, 'metadata.partition', 'got "1"'],
    ['headers that are a list', { data: 1, metadata: { headers: ['a'] } }, 'metadata.headers', 'got array'],
    [
      'a nested header value',
      { data: 1, metadata: { headers: { 'x-ctx': { a: 1 } } } },
      'metadata.headers["x-ctx"]',
      'metadata.headers["x-ctx"]: expected a string, number or boolean; got object',
    ],
    [
      'a null header value',
      { data: 1, metadata: { headers: { a: null } } },
      'metadata.headers.a',
      'got null',
    ],
    [
      'metadata that is a string',
      { data: 1, metadata: 'key' },
      'metadata',
      'metadata: expected an object; got "key"',
    ],
    ['NaN in data', { data: { readings: [1, Number.NaN] } }, 'data.readings[1]', 'got NaN'],
    ['Infinity as the whole message', Number.POSITIVE_INFINITY, 'message', 'got Infinity'],
    ['a BigInt in data', { data: { n: 10n } }, 'data.n', 'got bigint'],
    ['undefined data', { data: undefined }, 'data', 'data: expected a JSON value; got undefined'],
    ['an undefined property', { data: { a: undefined } }, 'data.a', 'got undefined'],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test (JSON.stringify would write null)
    ['a hole in an array', { data: [1, , 3] }, 'data[1]', 'got undefined'],
    ['a Date in data', { data: { at: new Date(0) } }, 'data.at', 'got Date'],
    ['a function as the message', () => 1, 'message', 'got function'],
  ];

  it.each(errors)('reports %s', (_name, message, field, text) => {
    const result = toRecord(message, defaults);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(MessageError);
    expect(result.error.retriable).toBe(false);
    expect(result.error.field).toBe(field);
    expect(result.error.message.startsWith(`${field}: expected `)).toBe(true);
    expect(result.error.message).toContain(text);
  });

  it('reports a circular value instead of throwing', () => {
    const data: Record<string, unknown> = { a: 1 };
    data.self = data;
    const result = toRecord({ data }, defaults);
    expect(!result.ok && result.error.message).toBe(
      'data.self: expected a JSON value (no circular reference); got object',
    );
  });

  it('accepts the same object twice when it is not circular', () => {
    const shared = { x: 1 };
    const result = toRecord({ data: [shared, shared] }, defaults);
    expect(result.ok && JSON.parse(result.record.value.toString())).toEqual([{ x: 1 }, { x: 1 }]);
  });

  it('reports nesting deeper than Python can encode', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1100; i++) deep = [deep];
    const result = toRecord({ data: deep }, defaults);
    expect(!result.ok && result.error.message).toContain('expected at most 1000 levels of nesting');
  });

  it('shortens a long wrong string in the error text', () => {
    const result = toRecord({ data: 1, metadata: { dest_topic: `${'x'.repeat(300)} ` } }, defaults);
    expect(!result.ok && result.error.message.length).toBeLessThan(200);
  });
});
