import { describe, expect, it } from 'vitest';
import { type LineEvent, LineSplitter } from '../../../lib/formats/line-splitter.ts';

function split(chunks: Uint8Array[], maxLineBytes = 1024): LineEvent[] {
  const splitter = new LineSplitter(maxLineBytes);
  const events: LineEvent[] = [];
  for (const chunk of chunks) events.push(...splitter.push(chunk));
  events.push(...splitter.end());
  return events;
}

/** The same bytes cut into pieces of `size` bytes. */
function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('LineSplitter', () => {
  it('numbers lines from 1 and reports empty ones', () => {
    expect(split([utf8('a\n\nb')])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '' },
      { line: 3, text: 'b' },
    ]);
  });

  it('drops the CR of CRLF line endings, even when the CR and LF are in different chunks', () => {
    expect(split([utf8('a\r'), utf8('\nb\r\n')])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
    ]);
  });

  it('keeps a CR that is not at the end of a line', () => {
    expect(split([utf8('a\rb\n')])).toEqual([{ line: 1, text: 'a\rb' }]);
  });

  it('decodes characters whose bytes are split between chunks', () => {
    const bytes = utf8('Zoë 日本 🎉\nnext\n');
    for (const size of [1, 2, 3, 5]) {
      expect(split(pieces(bytes, size))).toEqual([
        { line: 1, text: 'Zoë 日本 🎉' },
        { line: 2, text: 'next' },
      ]);
    }
  });

  it('reports a line that is not UTF-8 and goes on with the next', () => {
    const bytes = Uint8Array.of(0x61, 0xff, 0x0a, 0x62, 0x0a);
    expect(split([bytes])).toEqual([
      { line: 1, error: 'line 1: not valid UTF-8' },
      { line: 2, text: 'b' },
    ]);
  });

  it('keeps a leading U+FEFF of a line (only the object start drops a BOM)', () => {
    expect(split([utf8('a\n\ufeffb\n')])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '\ufeffb' },
    ]);
  });

  it('skips a line longer than the limit with its full size, whatever the chunking', () => {
    const bytes = utf8(`short\n${'x'.repeat(25)}\r\nafter\n`);
    const expected = [
      { line: 1, text: 'short' },
      { line: 2, error: 'line 2: 25 bytes, more than maxRecordBytes (10); skipped' },
      { line: 3, text: 'after' },
    ];
    for (const size of [1, 4, 7, 100]) expect(split(pieces(bytes, size), 10)).toEqual(expected);
  });

  it('accepts a line of exactly the limit followed by CRLF', () => {
    expect(split(pieces(utf8('0123456789\r\n'), 1), 10)).toEqual([{ line: 1, text: '0123456789' }]);
  });
});
