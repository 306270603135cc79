import { describe, expect, it } from 'vitest';
import { attributeJson, mapJson } from '../../../../lib/triggers/dynamodb/attribute-json.ts';
import { jsonNumberText } from '../../../../lib/triggers/dynamodb/json-number.ts';

describe('DynamoDB numbers as JSON', () => {
  it.each([
    '12345678901234567890',
    '0.1000000000000000055511151231257827',
    '-9007199254740993',
    '99999999999999999999999999999999999999',
    '1E+2',
    '1.0',
    '-0',
    '1e-130',
  ])('keeps %s exactly as written', (n) => {
    expect(jsonNumberText(n)).toBe(n);
  });

  it.each([
    ['+5', '5'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['5.', '5'],
    ['007', '7'],
    ['-00.250', '-0.250'],
    ['+1.5E+3', '1.5e+3'],
  ])('rewrites %s, which JSON does not allow, as %s (same value)', (n, text) => {
    expect(jsonNumberText(n)).toBe(text);
  });

  it.each(['', '.', '-', 'NaN', 'Infinity', '1e', '0x10', '1 000', ' 1'])('refuses %j', (n) => {
    expect(jsonNumberText(n)).toBeUndefined();
  });
});

describe('DynamoDB attribute values as plain JSON', () => {
  it('unmarshals every type: sets as arrays, binary as its base64, numbers verbatim', () => {
    const item = {
      s: { S: 'hive "7"' },
      n: { N: '12345678901234567890' },
      b: { B: 'aGl2ZSA3' },
      yes: { BOOL: false },
      none: { NULL: true },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '0.1000000000000000055511151231257827'] },
      bs: { BS: ['AAE='] },
      l: { L: [{ N: '1' }, { L: [] }, { M: {} }] },
      m: { M: { inner: { M: { deep: { N: '-1.50' } } } } },
    };
    expect(mapJson(item, 'NewImage')).toBe(
      '{"s":"hive \\"7\\"","n":12345678901234567890,"b":"aGl2ZSA3","yes":false,"none":null,"ss":["a","b"],' +
        '"ns":[1,0.1000000000000000055511151231257827],"bs":["AAE="],"l":[1,[],{}],"m":{"inner":{"deep":-1.50}}}',
    );
  });

  it('writes a key with its names sorted, whatever the order in the event', () => {
    const key = mapJson({ sk: { N: '2' }, pk: { S: 'a' } }, 'Keys', 0, true);
    expect(key).toBe('{"pk":"a","sk":2}');
    expect(mapJson({ pk: { S: 'a' }, sk: { N: '2' } }, 'Keys', 0, true)).toBe(key);
  });

  it('keeps an attribute named __proto__ as a plain name', () => {
    const image = JSON.parse('{"__proto__":{"S":"x"}}');
    expect(mapJson(image, 'NewImage')).toBe('{"__proto__":"x"}');
  });

  it.each([
    [{ N: 'abc' }, 'v.N: expected a number; got "abc"'],
    [{ N: 5 }, 'v.N: expected a number as a string; got number'],
    [
      { S: 'a', N: '1' },
      'v: expected an attribute value with one of S, N, B, BOOL, NULL, M, L, SS, NS, BS; got 2 types',
    ],
    [{ X: 1 }, 'v: expected an attribute value with one of S, N, B, BOOL, NULL, M, L, SS, NS, BS; got "X"'],
    ['text', 'v: expected an attribute value with one of S, N, B, BOOL, NULL, M, L, SS, NS, BS; got string'],
    [{ NULL: false }, 'v.NULL: expected true; got boolean'],
    [{ BOOL: 'true' }, 'v.BOOL: expected true or false; got string'],
    [{ SS: 'a' }, 'v.SS: expected a list; got string'],
    [{ NS: ['1', 'x'] }, 'v.NS[1]: expected a number; got "x"'],
    [{ L: [{ S: 1 }] }, 'v.L[0].S: expected a string; got number'],
    [{ M: { 'a b': { N: '' } } }, 'v.M["a b"].N: expected a number; got ""'],
  ])('refuses %j, saying where and what', (value, message) => {
    expect(() => attributeJson(value, 'v')).toThrow(message);
  });
});
