import { describe, expect, it } from 'vitest';
import { encodeJson, isPlainObject } from '../../../lib/messages/index.ts';

function text(value: unknown): string {
  const encoded = encodeJson(value, 'data');
  if (!encoded.ok) throw encoded.error;
  return encoded.text;
}

describe('encodeJson', () => {
  it('reads back exactly the value it was given', () => {
    const value = {
      s: 'é\u0000"\\\n',
      n: [0, -1.5, 1e21, 5e-324],
      b: [true, false],
      z: null,
      nested: { a: [] },
    };
    expect(JSON.parse(text(value))).toEqual(value);
  });

  it('writes non-ASCII characters as UTF-8, which Python json.loads reads the same', () => {
    expect(Buffer.from(text('日本'), 'utf8').toString('hex')).toBe('22e697a5e69cac22');
  });

  it('escapes a lone surrogate instead of writing invalid UTF-8', () => {
    expect(text('\ud800')).toBe('"\\ud800"');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.a = 1;
    expect(text(bare)).toBe('{"a":1}');
  });

  it('names the path of the first value that is not JSON', () => {
    const encoded = encodeJson({ list: [{ ok: 1 }, { 'bad key': Number.NEGATIVE_INFINITY }] }, 'data');
    expect(!encoded.ok && encoded.error.message).toBe(
      'data.list[1]["bad key"]: expected a JSON value (a finite number); got -Infinity',
    );
  });

  it('rejects class instances such as Map and Buffer', () => {
    expect(encodeJson(new Map(), 'data').ok).toBe(false);
    expect(encodeJson(Buffer.from('x'), 'data').ok).toBe(false);
  });

  it('rejects symbols', () => {
    expect(encodeJson({ s: Symbol('x') }, 'data').ok).toBe(false);
  });
});

describe('isPlainObject', () => {
  it('is true only for objects like JSON.parse makes', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
  });
});
