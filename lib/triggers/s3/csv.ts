import { CsvParser, type CsvRow } from '../../formats/csv-parser.ts';
import type { DecodedRecord } from './record.ts';

/**
 * CSV with a header row: each following row is one message, an object from
 * column name to the field's text.
 *
 * Values stay strings, with no guessing of numbers, booleans or dates: CSV has
 * no types, and a guess changes data (`007` -> 7, `1e3` -> 1000, `NaN`), so a
 * Mage-compatible consumer gets exactly the text that was in the file and
 * decides itself. A row with the wrong number of fields is an error record;
 * decoding goes on. A header that cannot name every field (an empty or
 * duplicate column name) is an error for the whole object: every row would be
 * ambiguous.
 *
 * @param maxRecordBytes - largest row decoded; a larger one is an error record, skipped unread
 */
export async function* decodeCsv(
  bytes: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
): AsyncGenerator<DecodedRecord> {
  const parser = new CsvParser(maxRecordBytes);
  const table = new Table();
  for await (const chunk of bytes) {
    yield* table.records(parser.push(chunk));
    if (table.failed) return;
  }
  yield* table.records(parser.end());
}

/** Rows to records: the first row names the columns, the others are messages. */
class Table {
  #columns: string[] | undefined;
  /** The header was unusable: nothing after it can be read. */
  failed = false;

  *records(rows: Iterable<CsvRow>): Generator<DecodedRecord> {
    for (const row of rows) {
      if (this.failed) return;
      if (this.#columns === undefined) {
        const problem = this.#readHeader(row);
        if (problem !== undefined) {
          this.failed = true;
          yield { ok: false, line: row.line, reason: problem };
        }
      } else if ('error' in row) {
        yield { ok: false, line: row.line, reason: row.error };
      } else if (row.fields.length !== this.#columns.length) {
        const reason = `line ${row.line}: expected ${this.#columns.length} fields; got ${row.fields.length}`;
        yield { ok: false, line: row.line, reason };
      } else {
        yield { ok: true, message: toObject(this.#columns, row.fields), line: row.line };
      }
    }
  }

  /** Takes the header row; returns why it cannot name the columns, if it cannot. */
  #readHeader(row: CsvRow): string | undefined {
    if ('error' in row) return `${row.error} (the header row)`;
    const seen = new Set<string>();
    for (const [i, name] of row.fields.entries()) {
      if (name === '') return `line ${row.line}: header column ${i + 1} has no name`;
      if (seen.has(name)) return `line ${row.line}: header names column ${JSON.stringify(name)} twice`;
      seen.add(name);
    }
    this.#columns = row.fields;
    return undefined;
  }
}

/**
 * The row as an object. Plain assignment is several times faster than
 * `Object.fromEntries`, but `row.__proto__ = x` would set the prototype, so a
 * header with that column takes the slow path, which defines own properties.
 */
function toObject(columns: string[], fields: string[]): Record<string, string> {
  if (columns.includes('__proto__')) return Object.fromEntries(columns.map((name, i) => [name, fields[i]!]));
  const row: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = fields[i]!;
  return row;
}
