import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRow } from '../../../lib/formats/csv-parser.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Parses `text` fed in chunks of `size` bytes. */
function parse(text: string | Uint8Array, size = Number.POSITIVE_INFINITY, max = 1024): CsvRow[] {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  const parser = new CsvParser(max);
  const rows: CsvRow[] = [];
  const step = Math.min(size, Math.max(bytes.length, 1));
  for (let i = 0; i < bytes.length; i += step) rows.push(...parser.push(bytes.slice(i, i + step)));
  rows.push(...parser.end());
  return rows;
}

/** How a careful writer (Python's csv.QUOTE_MINIMAL) writes a field. */
function quote(field: string): string {
  return /[",\r\n]/.test(field) || field === '' ? `"${field.replaceAll('"', '""')}"` : field;
}

describe('CsvParser', () => {
  it('splits plain fields at commas and records at LF or CRLF', () => {
    expect(parse('a,b,c\r\n1,2,3\n4,5,6')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, numbering the line a record starts on', () => {
    const text = 'id,comment\n1,"a, b"\n2,"say ""hi"""\n3,"first\r\nsecond\nthird"\n4,end\n';
    expect(parse(text)).toEqual([
      { line: 1, fields: ['id', 'comment'] },
      { line: 2, fields: ['1', 'a, b'] },
      { line: 3, fields: ['2', 'say "hi"'] },
      { line: 4, fields: ['3', 'first\r\nsecond\nthird'] },
      { line: 7, fields: ['4', 'end'] },
    ]);
  });

  it('keeps empty fields, quoted or not, and a trailing empty field', () => {
    expect(parse('"",,x,\n')).toEqual([{ line: 1, fields: ['', '', 'x', ''] }]);
  });

  it('skips empty lines but counts them', () => {
    expect(parse('a\n\n\r\nb\n\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('keeps spaces around fields and a quote inside an unquoted field as text', () => {
    expect(parse(' a , 5" screen, "b"\n')).toEqual([{ line: 1, fields: [' a ', ' 5" screen', ' "b"'] }]);
  });

  it('keeps a CR that does not end a line', () => {
    expect(parse('a\rb,c\n')).toEqual([{ line: 1, fields: ['a\rb', 'c'] }]);
  });

  it('rejects text after a closing quote and goes on with the next record', () => {
    expect(parse('"he said "hi" loudly",x\nok,y\n')).toEqual([
      { line: 1, error: 'line 1: unexpected text after the closing quote of field 1' },
      { line: 2, fields: ['ok', 'y'] },
    ]);
  });

  it('reports a quoted field still open at the end of the object', () => {
    expect(parse('a,b\n1,"never closed\n2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'line 2: quoted field not closed before the end of the object' },
    ]);
  });

  it('reports a field that is not UTF-8 without losing the records around it', () => {
    const bytes = Uint8Array.of(...utf8('a\n'), 0x22, 0xc3, 0x22, 0x0a, ...utf8('b\n'));
    expect(parse(bytes)).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, error: 'line 2: field 1 is not valid UTF-8' },
      { line: 3, fields: ['b'] },
    ]);
  });

  it('skips a record longer than the limit, quoted line breaks and all', () => {
    const text = `a,b\n1,"${'x'.repeat(40)}\n${'y'.repeat(40)}"\n2,3\n`;
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'line 2: row of 82 bytes, more than maxRecordBytes (32); skipped' },
      { line: 4, fields: ['2', '3'] },
    ];
    for (const size of [1, 3, 64, 1000]) expect(parse(text, size, 32)).toEqual(expected);
  });

  it('gives the same records for every chunking: quotes, CRLF and characters split between chunks', () => {
    const text = 'name,note\r\n"Zoë","a ""quoted"", split\r\nline 🎉"\r\n日本,"x"\r\n';
    const whole = parse(text);
    expect(whole).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Zoë', 'a "quoted", split\r\nline 🎉'] },
      { line: 4, fields: ['日本', 'x'] },
    ]);
    for (let size = 1; size <= 8; size++) expect(parse(text, size)).toEqual(whole);
  });

  it('reads back any table a careful writer wrote, however the bytes are chunked', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', '🎉', ',', '"', '\n', '\r', ' ') });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 16 }), fc.boolean(), (rows, size, crlf) => {
        const text = rows.map((row) => row.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
        const parsed = parse(text, size);
        expect(parsed.map((row) => ('fields' in row ? row.fields : row.error))).toEqual(rows);
      }),
    );
  });
});
