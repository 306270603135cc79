import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, toRecord } from '../../../lib/messages/index.ts';
import { elementSpans, exactText, memberSpan, wholeSpan } from '../../../lib/messages/json-text.ts';

const defaults = { topic: 'bees', now: () => 1_718_635_693_506 };

/** The record toRecord makes from a JSON text, parsed as the triggers parse it. */
function recordOf(json: string) {
  const result = toRecord(JSON.parse(json), defaults, json);
  if (!result.ok) throw result.error;
  return result.record;
}

describe('toRecord with the JSON text a message arrived as', () => {
  it.each([
    ['{"data":{"id":12345678901234567890}}', '{"id":12345678901234567890}'],
    ['{"data":[9223372036854775808,-9007199254740993]}', '[9223372036854775808,-9007199254740993]'],
    ['{"data":{"x":1.0,"y":1e21,"z":1E2,"w":-0.0}}', '{"x":1.0,"y":1e21,"z":1E2,"w":-0.0}'],
    ['{"data":{"b":1,"10":2,"2":3,"a":4}}', '{"b":1,"10":2,"2":3,"a":4}'],
    ['{"data":"caf\\u00e9 \\/ \\"q\\""}', '"caf\\u00e9 \\/ \\"q\\""'],
  ])('keeps the sender’s spelling of data: %s', (json, value) => {
    expect(recordOf(json).value).toBe(value);
  });

  it('drops whitespace outside strings only', () => {
    const json = ' {\n\t"data" : { "a b" : [ 1 ,\r\n 2 ] , "c" : " x  y " } ,\n "metadata" : { } } ';
    expect(recordOf(json).value).toBe('{"a b":[1,2],"c":" x  y "}');
  });

  it('takes the whole text when there is no data, metadata included', () => {
    expect(recordOf('{"b":1,"10":2,"metadata":{"key":"k"}}').value).toBe(
      '{"b":1,"10":2,"metadata":{"key":"k"}}',
    );
    expect(recordOf(' [ 1.0 , 2 ] ').value).toBe('[1.0,2]');
    expect(recordOf('12345678901234567890').value).toBe('12345678901234567890');
  });

  it('reads data written with escapes in its name, and the last data when it repeats, as JSON.parse does', () => {
    expect(recordOf('{"d\\u0061ta":1.50}').value).toBe('1.50');
    expect(recordOf('{"data":1,"data":[2, 3.0]}').value).toBe('[2,3.0]');
    expect(recordOf('{"dat":0,"data\\"":1,"data":{"data":2}}').value).toBe('{"data":2}');
  });

  it('keeps the digits of a numeric key, so a big id picks the partition its digits hash to', () => {
    const record = recordOf('{"data":1,"metadata":{"key":12345678901234567890,"dest_topic":"t"}}');
    expect(record.key).toBe('12345678901234567890');
    expect(record.topic).toBe('t');
  });

  it('writes a raw lone surrogate as its escape instead of letting UTF-8 turn it into U+FFFD', () => {
    const json = `{"data":"a\ud800b"}`;
    expect(recordOf(json).value).toBe('"a\\ud800b"');
    expect(JSON.parse(recordOf(json).value as string)).toBe('a\ud800b');
  });

  it('refuses what it refuses for a parsed value, with the same words', () => {
    const deep = `{"data":${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`;
    for (const json of ['{"data":{"x":[1e400]}}', deep, '-1e999']) {
      const exact = toRecord(JSON.parse(json), defaults, json);
      const parsed = toRecord(JSON.parse(json), defaults);
      expect(exact.ok).toBe(false);
      expect(exact).toEqual(parsed);
    }
    // JSON.parse keeps the second "x", but the text written to Kafka would hold both.
    expect(toRecord(JSON.parse('{"x":1e999,"x":1}'), defaults, '{"x":1e999,"x":1}').ok).toBe(false);
    const fits = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(recordOf(fits).value).toBe(fits);
  });

  it('refuses a key or header with a lone surrogate, which UTF-8 cannot carry', () => {
    for (const json of [
      '{"data":1,"metadata":{"key":"\\udc00"}}',
      '{"data":1,"metadata":{"headers":{"h":"\\ud800"}}}',
    ]) {
      const result = toRecord(JSON.parse(json), defaults, json);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain('lone surrogate');
    }
  });
});

describe('JSON spans', () => {
  it('finds members and elements of validated text', () => {
    const text = ' { "a" : [ 1 , { "b" : "]}" } ] , "c" : null } ';
    const whole = wholeSpan(text);
    const a = memberSpan(text, whole, 'a')!;
    expect(text.slice(a.start, a.end)).toBe('[ 1 , { "b" : "]}" } ]');
    expect(elementSpans(text, a).map((s) => text.slice(s.start, s.end))).toEqual(['1', '{ "b" : "]}" }']);
    expect(memberSpan(text, whole, 'c')).toMatchObject({
      start: text.indexOf('null'),
      end: text.indexOf('null') + 4,
    });
    expect(memberSpan(text, whole, 'b')).toBeUndefined();
    expect(elementSpans('[]', wholeSpan('[]'))).toEqual([]);
    expect(exactText(text, whole)).toEqual({ ok: true, text: '{"a":[1,{"b":"]}"}],"c":null}' });
  });

  it('follows escaped backslashes before a quote', () => {
    const text = '["a\\\\", "b\\\\\\"c", 3]';
    expect(elementSpans(text, wholeSpan(text)).map((s) => JSON.parse(text.slice(s.start, s.end)))).toEqual(
      JSON.parse(text),
    );
  });
});
