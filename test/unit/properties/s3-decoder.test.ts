import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3Object, type S3Item } from '../../../lib/triggers/s3/decode.ts';
import { inChunks } from '../../helpers/chunks.ts';
import { mageMessage } from './arbitraries.ts';

async function decode(
  bytes: Uint8Array,
  object: { key: string; contentType?: string },
  sizes: readonly number[],
  maxRecordBytes?: number,
): Promise<S3Item[]> {
  const items: S3Item[] = [];
  const options = maxRecordBytes === undefined ? {} : { maxRecordBytes };
  const info = { bucket: 'hives', ...object };
  for await (const item of decodeS3Object(inChunks(bytes, sizes), info, options)) items.push(item);
  return items;
}

const chunkSizes = fc.oneof(
  fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
  fc.constant([64 * 1024]),
);

/** Text without lone surrogates: what a UTF-8 file can hold. */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

/** One line of a text or NDJSON object: JSON, near-JSON, prose, blanks, and line-ending debris. */
const line = fc.oneof(
  { weight: 4, arbitrary: mageMessage.map((message) => JSON.stringify(message)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 2, stringUnit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }).filter(wellFormed) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', '\t', '\r', '\u00a0', '\ufeff', '{', '"open', 'null', '[1,', '🐝'),
  },
);

/** How the object is named: the decoder picks the format by extension, or by content type without one. */
const lineObject = fc.constantFrom(
  { key: 'readings/2024-06-17.ndjson', format: 'ndjson' },
  { key: 'readings/part.jsonl', format: 'ndjson' },
  { key: 'exports/part-0002', contentType: 'application/x-ndjson; charset=utf-8', format: 'ndjson' },
  { key: 'logs/app.log', format: 'text' },
  { key: 'notes.TXT', format: 'text' },
  { key: 'exports/part-0001', format: 'text' },
);

/** What the decoder owes for one line of a text or NDJSON object. */
type Expected = { line: number; ok: true; message: unknown } | { line: number; ok: false } | undefined;

/**
 * The decoder's contract, line by line: lines end at LF with one CR before it
 * dropped, a leading BOM is not text, a line longer than the limit is an error
 * whatever it holds, text skips empty lines and NDJSON whitespace-only ones,
 * and an NDJSON line is a message exactly when JSON.parse takes it.
 */
function expectedLines(text: string, format: string, max: number): Expected[] {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((raw, i): Expected => {
    const n = i + 1;
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (Buffer.byteLength(content, 'utf8') > max) return { line: n, ok: false };
    if (format === 'text') return content === '' ? undefined : { line: n, ok: true, message: content };
    if (/^\s*$/.test(content)) return undefined;
    try {
      return { line: n, ok: true, message: JSON.parse(content) };
    } catch {
      return { line: n, ok: false };
    }
  });
}

/** A field of a CSV file: anything a spreadsheet lets people type, the CSV specials included. */
const csvField = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', ' ', '"', '""', ',', '\n', '\r', '\r\n', 'a,b', '5" screen', '\ufeffx'),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom('a', 'é', '🐝', '"', ',', '\n', '\r', ' '), { maxLength: 6 })
      .map((parts) => parts.join('')),
  },
);

const columnName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
  fc.constantFrom('id', 'name', 'a,b', 'say "hi"', 'two\nlines', '__proto__', 'constructor'),
);

/**
 * One field, RFC 4180 style: quoted (quotes doubled) when it holds a quote,
 * comma or line break, when `always`, or when it is the lone empty field of
 * its row (unquoted, that row would be an empty line, which CSV skips). A BOM
 * at the start is quoted too: at the start of the file it is not text.
 */
function csvCell(field: string, always: boolean, alone: boolean): string {
  const needed = /[",\r\n]/.test(field) || field.startsWith('\ufeff') || (alone && field === '');
  return always || needed ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A CSV file of rows, and the line each row starts on. */
function csvFile(rows: readonly string[][], always: boolean, eol: string, trailing: boolean) {
  let text = '';
  const lines: number[] = [];
  rows.forEach((fields, i) => {
    lines.push(1 + (text.match(/\n/g)?.length ?? 0));
    text += fields.map((field) => csvCell(field, always, fields.length === 1)).join(',');
    if (i < rows.length - 1 || trailing) text += eol;
  });
  return { text, lines };
}

const asObject = (columns: readonly string[], fields: readonly string[]) =>
  Object.fromEntries(columns.map((name, i) => [name, fields[i]]));

const LINE_REASON = /^line \d+: \S/;

describe('S3 object decoding of any lines and rows', () => {
  it('gives every non-blank line of a text or NDJSON object exactly one item, an error saying which line', async () => {
    await fc.assert(
      fc.asyncProperty(
        lineObject,
        fc.array(line, { maxLength: 20 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined }),
        chunkSizes,
        async (object, lines, eol, trailing, maxRecordBytes, sizes) => {
          const text = lines.join(eol) + (trailing && lines.length > 0 ? eol : '');
          const { format, ...info } = object;
          const items = await decode(Buffer.from(text, 'utf8'), info, sizes, maxRecordBytes);
          const expected = expectedLines(text, format, maxRecordBytes ?? 1024 * 1024).filter(
            (item) => item !== undefined,
          );
          expect(items.map((item) => ({ line: item.line, ok: item.ok }))).toEqual(
            expected.map((item) => ({ line: item.line, ok: item.ok })),
          );
          items.forEach((item, i) => {
            const want = expected[i]!;
            if (item.ok && want.ok) {
              expect(JSON.stringify(item.input.message)).toBe(JSON.stringify(want.message));
              expect(item.input.headers).toEqual({
                's3.bucket': 'hives',
                's3.key': object.key,
                's3.line': String(item.line),
              });
            } else if (!item.ok) {
              expect(item.reason).toMatch(LINE_REASON);
              expect(item.reason.startsWith(`line ${item.line}: `)).toBe(true);
            }
          });
        },
      ),
      { numRuns: 250 },
    );
  });

  it('reads back exactly the rows an RFC 4180 writer made of any fields', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(columnName, { minLength: 1, maxLength: 5 })
          .filter((columns) => !columns.some((name) => name.startsWith('\ufeff')))
          .chain((columns) =>
            fc.record({
              columns: fc.constant(columns),
              rows: fc.array(fc.array(csvField, { minLength: columns.length, maxLength: columns.length }), {
                maxLength: 8,
              }),
            }),
          ),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        chunkSizes,
        async ({ columns, rows }, always, eol, trailing, sizes) => {
          const { text, lines } = csvFile([columns, ...rows], always, eol, trailing);
          const items = await decode(Buffer.from(text, 'utf8'), { key: 'exports/rows.csv' }, sizes);
          expect(items).toHaveLength(rows.length);
          items.forEach((item, i) => {
            expect(item).toMatchObject({ ok: true, line: lines[i + 1] });
            if (item.ok) expect(item.input.message).toStrictEqual(asObject(columns, rows[i]!));
          });
        },
      ),
      { numRuns: 250 },
    );
  });

  it('gives every CSV row one item: a message, or an error naming its line when it is malformed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(columnName, { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.record({
            fields: fc.array(csvField, { minLength: 1, maxLength: 5 }),
            // Text after a closing quote: `"a"x`, an unescaped quote in a quoted field.
            strayAfterQuote: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
        fc.constantFrom('\n', '\r\n'),
        chunkSizes,
        async (columns, rows, eol, sizes) => {
          let text = `${columns.map((name) => csvCell(name, true, false)).join(',')}${eol}`;
          const lines: number[] = [];
          for (const row of rows) {
            lines.push(1 + (text.match(/\n/g)?.length ?? 0));
            const cells = row.fields.map((field) => csvCell(field, true, false));
            if (row.strayAfterQuote) cells[0] = `${cells[0]}x`;
            text += `${cells.join(',')}${eol}`;
          }
          const items = await decode(Buffer.from(text, 'utf8'), { key: 'rows.csv' }, sizes);
          expect(items).toHaveLength(rows.length);
          items.forEach((item, i) => {
            const row = rows[i]!;
            expect(item.line).toBe(lines[i]);
            if (row.strayAfterQuote) {
              expect(item).toMatchObject({
                ok: false,
                reason: expect.stringContaining('after the closing quote'),
              });
            } else if (row.fields.length !== columns.length) {
              expect(item).toMatchObject({
                ok: false,
                reason: `line ${lines[i]}: expected ${columns.length} fields; got ${row.fields.length}`,
              });
            } else {
              expect(item.ok).toBe(true);
              if (item.ok) expect(item.input.message).toStrictEqual(asObject(columns, row.fields));
            }
            if (!item.ok) expect(item.reason).toMatch(LINE_REASON);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports a header that cannot name every column once, and nothing after it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(columnName, { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 4 }),
        fc.array(fc.array(csvField, { minLength: 1, maxLength: 4 }), { maxLength: 4 }),
        chunkSizes,
        async (names, broken, rows, sizes) => {
          // Either an empty name or a repeated one.
          const columns = [...names];
          columns.splice(broken % (columns.length + 1), 0, broken % 2 === 0 ? '' : names[0]!);
          const text = [columns, ...rows]
            .map((fields) => fields.map((field) => csvCell(field, true, false)).join(','))
            .join('\r\n');
          const items = await decode(Buffer.from(text, 'utf8'), { key: 'rows.csv' }, sizes);
          expect(items).toHaveLength(1);
          expect(items[0]).toMatchObject({
            ok: false,
            line: 1,
            reason: expect.stringMatching(/^line 1: header /),
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never throws on arbitrary bytes in any format, plain or gzip, and every error says where', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('x.ndjson', 'x.log', 'x.csv', 'x.json', 'x.ndjson.gz', 'x.csv.gz'),
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.string({ unit: 'binary', maxLength: 32 }).map((text) => Buffer.from(text, 'utf8')),
          // Gzip cut short, or followed by garbage.
          fc
            .tuple(fc.string({ maxLength: 40 }), fc.nat(), fc.uint8Array({ maxLength: 4 }))
            .map(([text, cut, tail]) => {
              const zipped = gzipSync(text);
              return Buffer.concat([zipped.subarray(0, cut % (zipped.length + 1)), tail]);
            }),
        ),
        fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
        chunkSizes,
        async (key, bytes, maxRecordBytes, sizes) => {
          const items = await decode(bytes, { key }, sizes, maxRecordBytes);
          let previous = 0;
          for (const item of items) {
            expect(item.line).toBeGreaterThanOrEqual(Math.max(1, previous));
            previous = item.line;
            if (item.ok) continue;
            expect(item.reason).toMatch(/\S/);
            // JSON files name elements and bytes rather than lines.
            if (!key.endsWith('.json')) expect(item.reason).toMatch(LINE_REASON);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
