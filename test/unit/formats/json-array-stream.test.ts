import { describe, expect, it } from 'vitest';
import { JsonArrayScanner, type JsonScanEvent } from '../../../lib/formats/json-array-stream.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Scans `text` fed in chunks of `size` bytes. */
function scan(text: string, size = Number.POSITIVE_INFINITY, max = 1024): JsonScanEvent[] {
  const bytes = utf8(text);
  const scanner = new JsonArrayScanner(max);
  const events: JsonScanEvent[] = [];
  const step = Math.min(size, Math.max(bytes.length, 1));
  for (let i = 0; i < bytes.length; i += step) events.push(...scanner.push(bytes.slice(i, i + step)));
  events.push(...scanner.end());
  return events;
}

const texts = (events: JsonScanEvent[]) => events.map((e) => (e.kind === 'error' ? e.reason : e.text));

describe('JsonArrayScanner', () => {
  it('yields each top-level element with its index and byte position', () => {
    expect(scan('[1, "two",null]')).toEqual([
      { kind: 'element', index: 0, text: '1', position: 1 },
      { kind: 'element', index: 1, text: '"two"', position: 4 },
      { kind: 'element', index: 2, text: 'null', position: 10 },
    ]);
  });

  it('keeps nested arrays and objects whole, and is not fooled by brackets or escaped quotes in strings', () => {
    const elements = [
      '{"a":[1,[2,{"b":"]"}]],"c":{}}',
      '"a \\"quoted\\" ] and , and [ and }"',
      '[[],[[]]]',
      '"ends with a backslash \\\\"',
      '{"k":"\\u005d"}',
    ];
    const events = scan(`[${elements.join(',')}]`);
    expect(texts(events)).toEqual(elements);
    for (const [i, text] of texts(events).entries()) {
      expect(JSON.parse(text)).toEqual(JSON.parse(elements[i]!));
    }
  });

  it('gives the same elements for every chunking, multi-byte characters included', () => {
    const text = '\n[ {"name":"Zoë 🎉","tags":["a","]"]} ,\r\n"日本\\"", [1,2] ]\n';
    const whole = scan(text);
    expect(texts(whole)).toEqual(['{"name":"Zoë 🎉","tags":["a","]"]}', '"日本\\""', '[1,2]']);
    for (let size = 1; size <= 9; size++) expect(scan(text, size)).toEqual(whole);
  });

  it('accepts an empty array and blank text around it', () => {
    expect(scan(' [ ] \n')).toEqual([]);
    expect(scan('')).toEqual([]);
  });

  it('hands over a value that is not an array whole', () => {
    expect(scan(' {"a":[1,2]} ', 2)).toEqual([{ kind: 'value', text: '{"a":[1,2]} ' }]);
    expect(scan('"just a string"')).toEqual([{ kind: 'value', text: '"just a string"' }]);
  });

  it('stops at a value that is not an array and too large to hold', () => {
    expect(scan(`{"a":"${'x'.repeat(100)}"}`, 8, 64)).toEqual([
      {
        kind: 'error',
        index: 0,
        reason: 'the JSON value is larger than maxRecordBytes (64); not read further',
        fatal: true,
      },
    ]);
  });

  it('skips an element larger than the limit and goes on', () => {
    const events = scan(`[1,"${'x'.repeat(100)}",3]`, 7, 64);
    expect(events).toEqual([
      { kind: 'element', index: 0, text: '1', position: 1 },
      {
        kind: 'error',
        index: 1,
        reason: 'element 2 (byte 3): 102 bytes, more than maxRecordBytes (64); skipped',
        fatal: false,
      },
      { kind: 'element', index: 2, text: '3', position: 106 },
    ]);
  });

  it.each([
    ['[1,{"a":2]}]', 'byte 9: expected }; got ]'],
    ['[1,,2]', 'byte 3: expected a value before ,'],
    ['[1,]', 'byte 3: expected a value before ]'],
    ['[,1]', 'byte 1: expected a value before ,'],
    ['[1] 2', 'byte 4: unexpected text after the closing ]'],
    ['[1, 2', 'byte 5: the array is not closed (missing ])'],
    ['[1, "abc', 'byte 8: unterminated string'],
  ])('stops at broken structure: %s', (text, reason) => {
    const events = scan(text);
    expect(events.at(-1)).toMatchObject({ kind: 'error', reason, fatal: true });
    expect(events.filter((e) => e.kind === 'error')).toHaveLength(1);
  });

  it('refuses nesting deeper than Python (and so Mage) could ever send', () => {
    const events = scan(`[${'['.repeat(1001)}${']'.repeat(1001)}]`);
    expect(events).toEqual([
      { kind: 'error', index: 0, reason: 'byte 1001: nested deeper than 1000 levels', fatal: true },
    ]);
    expect(texts(scan(`[${'['.repeat(1000)}${']'.repeat(1000)}]`))).toHaveLength(1);
  });
});
