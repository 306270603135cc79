import { asBuffer, BoundedBytes } from './line-buffer.ts';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** One CSV record: its fields, or why it has none. `line` is where the record starts. */
export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

const State = {
  /** At the start of a field: a quote here opens a quoted field. */
  fieldStart: 0,
  unquoted: 1,
  quoted: 2,
  /** Inside a quoted field, just after a quote: `""` (a literal quote) or the closing quote. */
  quoteInQuoted: 3,
} as const;
type State = (typeof State)[keyof typeof State];

/**
 * An RFC 4180 CSV parser fed chunks of bytes, for objects too big to hold.
 *
 * Records end at LF or CRLF outside quotes; a quoted field may hold commas,
 * doubled quotes and line breaks, so a record can span lines (`line` is where
 * it starts). Empty lines are skipped. Lenient where the meaning is plain: a
 * quote inside an unquoted field (`5" screen`) is kept as text, as Python's
 * csv module and pandas read it; a CR not followed by LF is text. Strict where
 * it is not: text after a closing quote (`"a"b`, usually an unescaped quote in
 * a quoted field) makes the record an error.
 *
 * Works on bytes: the delimiters are ASCII and UTF-8 never uses ASCII bytes
 * inside a multi-byte character, so characters split between chunks are whole
 * again when a field is decoded. Each record is held up to `maxRecordBytes`;
 * a longer one is counted, reported and skipped without being held.
 */
export class CsvParser {
  readonly #record: BoundedBytes;
  /** End offset of each field in the held record bytes. */
  readonly #fieldEnds: number[] = [];
  #fieldCount = 0;
  #state: State = State.fieldStart;
  #line = 1;
  #recordLine = 1;
  /** Something other than a line break has been read since the last record ended. */
  #recordStarted = false;
  /** A CR was read outside quotes; the next byte says whether it ends the line. */
  #pendingCr = false;
  /** The first problem in the current record; the record is skipped when set. */
  #error: string | undefined;

  /** @param maxRecordBytes - largest record (field bytes, unquoted) that is kept; larger ones are errors */
  constructor(maxRecordBytes: number) {
    this.#record = new BoundedBytes(maxRecordBytes);
  }

  /** The records `chunk` completes. Consume them before pushing the next chunk. */
  *push(bytes: Uint8Array): Generator<CsvRow> {
    const chunk = asBuffer(bytes);
    // Start of the field bytes not yet copied out of this chunk; -1 when none are pending.
    const inField = this.#state === State.unquoted || this.#state === State.quoted;
    let span = inField && !this.#pendingCr ? 0 : -1;
    const flush = (end: number) => {
      if (span >= 0) this.#record.appendRange(chunk, span, end);
      span = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.#pendingCr) {
        this.#pendingCr = false;
        if (byte === LF) {
          yield* this.#endRecord();
          this.#line++;
          continue;
        }
        this.#loneCr();
        if (this.#state === State.unquoted) span = i;
      }
      switch (this.#state) {
        case State.fieldStart:
          if (byte === LF || byte === CR) break;
          this.#startRecord();
          if (byte === QUOTE) {
            this.#state = State.quoted;
            span = i + 1;
          } else if (byte === COMMA) {
            this.#endField();
          } else {
            this.#state = State.unquoted;
            span = i;
          }
          break;
        case State.unquoted:
          if (byte === COMMA || byte === LF || byte === CR) flush(i);
          if (byte === COMMA) this.#endField();
          break;
        case State.quoted: {
          // Most of a quoted field is plain text: jump to its next quote, counting the line breaks passed.
          const quote = chunk.indexOf(QUOTE, i);
          const stop = quote === -1 ? chunk.length : quote;
          for (let lf = chunk.indexOf(LF, i); lf !== -1 && lf < stop; lf = chunk.indexOf(LF, lf + 1))
            this.#line++;
          i = stop;
          if (quote !== -1) {
            flush(i);
            this.#state = State.quoteInQuoted;
          }
          continue;
        }
        case State.quoteInQuoted:
          if (byte === QUOTE) {
            this.#state = State.quoted;
            span = i; // the second quote of the pair is the literal one
          } else if (byte === COMMA) {
            this.#endField();
          } else if (byte !== LF && byte !== CR) {
            this.#error ??= `line ${this.#recordLine}: unexpected text after the closing quote of field ${this.#fieldCount + 1}`;
            this.#state = State.unquoted;
            span = i;
          }
          break;
      }
      if (byte === CR && this.#state !== State.quoted) {
        this.#pendingCr = true;
      } else if (byte === LF) {
        if (this.#state !== State.quoted) yield* this.#endRecord();
        this.#line++;
      }
    }
    flush(chunk.length);
  }

  /** The last record, when the object does not end with a line break. */
  *end(): Generator<CsvRow> {
    this.#pendingCr = false;
    if (this.#state === State.quoted) {
      this.#error ??= `line ${this.#recordLine}: quoted field not closed before the end of the object`;
    }
    yield* this.#endRecord();
  }

  #startRecord(): void {
    if (this.#recordStarted) return;
    this.#recordStarted = true;
    this.#recordLine = this.#line;
  }

  /** A CR that turned out not to end a line is text of the field. */
  #loneCr(): void {
    this.#startRecord();
    if (this.#state === State.quoteInQuoted) {
      this.#error ??= `line ${this.#recordLine}: unexpected text after the closing quote of field ${this.#fieldCount + 1}`;
    }
    if (this.#state !== State.unquoted) this.#state = State.unquoted;
    this.#record.append(CR_BYTE);
  }

  #endField(): void {
    this.#fieldCount++;
    if (!this.#record.overflowed) this.#fieldEnds.push(this.#record.length);
    this.#state = State.fieldStart;
  }

  *#endRecord(): Generator<CsvRow> {
    if (!this.#recordStarted) {
      this.#state = State.fieldStart; // an empty line
      return;
    }
    this.#endField();
    const line = this.#recordLine;
    const { length, limit, overflowed } = this.#record;
    if (this.#error !== undefined) yield { line, error: this.#error };
    else if (overflowed)
      yield {
        line,
        error: `line ${line}: row of ${length} bytes, more than maxRecordBytes (${limit}); skipped`,
      };
    else yield this.#decodeFields(line);
    this.#record.reset();
    this.#fieldEnds.length = 0;
    this.#fieldCount = 0;
    this.#recordStarted = false;
    this.#error = undefined;
  }

  #decodeFields(line: number): CsvRow {
    // One check for the record: cut at ASCII commas, a valid record has only valid fields.
    const valid = this.#record.isUtf8();
    // An ASCII record (the usual case) has as many characters as bytes: decode it once and cut the string.
    const whole = valid ? this.#record.checkedText(0, this.#record.length) : '';
    const ascii = whole.length === this.#record.length;
    const fields: string[] = [];
    let start = 0;
    for (const end of this.#fieldEnds) {
      const text = ascii
        ? whole.slice(start, end)
        : valid
          ? this.#record.checkedText(start, end)
          : this.#record.text(start, end);
      if (text === undefined)
        return { line, error: `line ${line}: field ${fields.length + 1} is not valid UTF-8` };
      fields.push(text);
      start = end;
    }
    return { line, fields };
  }
}

const CR_BYTE = Uint8Array.of(CR);
