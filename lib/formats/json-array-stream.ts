import { MAX_JSON_DEPTH } from '../messages/index.ts';
import { BoundedBytes } from './line-buffer.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * What the scanner found: the text of one top-level array element, the text of
 * a whole value that is not an array, or a problem. `index` is the element's
 * 0-based position (0 for a whole value), `position` the byte offset where it
 * starts. A `fatal` problem leaves the
 * structure unknown, so nothing after it can be trusted.
 */
export type JsonScanEvent =
  | { kind: 'element'; index: number; text: string; position: number }
  | { kind: 'value'; text: string }
  | { kind: 'error'; index: number; reason: string; fatal: boolean };

const Mode = { start: 0, array: 1, value: 2, done: 3, failed: 4 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

/**
 * Finds the elements of a top-level JSON array as its bytes arrive, so an
 * array of any size is read one element at a time.
 *
 * It does not parse: it follows strings (with their escapes) and the nesting
 * of brackets, which is all it takes to see where each top-level element ends;
 * `JSON.parse` then judges each element. An element that is not valid JSON is
 * a non-fatal error (its neighbours are still well delimited); broken structure
 * (a mismatched bracket, an unclosed string or array, text after the array) is
 * fatal. Structural characters are ASCII, and UTF-8 never uses ASCII bytes
 * inside a multi-byte character, so scanning bytes is safe.
 *
 * A top-level value that is not an array is collected whole (up to the limit)
 * and handed over as one `value`.
 */
export class JsonArrayScanner {
  readonly #element: BoundedBytes;
  /** Open brackets, innermost last; `[0]` is the top-level array itself. */
  readonly #stack = new Uint8Array(MAX_JSON_DEPTH + 1);
  #depth = 0;
  #mode: Mode = Mode.start;
  #inString = false;
  #escaped = false;
  /** The current top-level element has started (a non-blank byte after `[` or `,`). */
  #inElement = false;
  /** A comma was read and no element has followed it yet. */
  #afterComma = false;
  #index = 0;
  /** Blank bytes at the end of the current element so far: not part of its text. */
  #trailingBlanks = 0;
  /** Byte offset where the current element starts. */
  #elementStart = 0;
  /** Byte offset of the start of the chunk being scanned, for error positions. */
  #offset = 0;

  /** @param maxElementBytes - largest element (or whole value) kept; a larger one is an error */
  constructor(maxElementBytes: number) {
    this.#element = new BoundedBytes(maxElementBytes);
  }

  /** The events `chunk` completes. Consume them before pushing the next chunk. */
  *push(chunk: Uint8Array): Generator<JsonScanEvent> {
    let start = 0;
    for (let i = 0; i < chunk.length && this.#mode !== Mode.failed; i++) {
      const byte = chunk[i]!;
      if (this.#mode === Mode.value) {
        this.#element.append(chunk.subarray(i));
        if (this.#element.overflowed) {
          const limit = this.#element.limit;
          yield this.#fail(0, `the JSON value is larger than maxRecordBytes (${limit}); not read further`);
        }
        break;
      }
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === BACKSLASH) this.#escaped = true;
        else if (byte === QUOTE) this.#inString = false;
        continue;
      }
      if (isBlank(byte)) {
        if (this.#inElement) this.#trailingBlanks++;
        continue;
      }
      if (this.#mode === Mode.start) {
        if (byte !== OPEN_ARRAY) {
          this.#mode = Mode.value;
          i--; // collect this byte as part of the value
          continue;
        }
        this.#mode = Mode.array;
        this.#stack[0] = OPEN_ARRAY;
        this.#depth = 1;
        continue;
      }
      if (this.#mode === Mode.done) {
        yield this.#fail(this.#index, `byte ${this.#offset + i}: unexpected text after the closing ]`);
        break;
      }
      if (this.#depth === 1 && (byte === COMMA || byte === CLOSE_ARRAY)) {
        if (this.#inElement) this.#element.append(chunk.subarray(start, i));
        const event = this.#endElement(byte, this.#offset + i);
        if (event) yield event;
        continue;
      }
      this.#trailingBlanks = 0;
      if (this.#depth === 1 && !this.#inElement) {
        this.#inElement = true;
        this.#afterComma = false;
        this.#elementStart = this.#offset + i;
        start = i;
      }
      const problem = this.#nest(byte, this.#offset + i);
      if (problem) yield problem;
    }
    if (this.#inElement) this.#element.append(chunk.subarray(start));
    this.#offset += chunk.length;
  }

  /** What is left when the object ends: the whole value, or what is missing. */
  *end(): Generator<JsonScanEvent> {
    const at = `byte ${this.#offset}`;
    switch (this.#mode) {
      case Mode.value: {
        const text = this.#element.text();
        if (text === undefined) yield this.#fail(0, 'the JSON value is not valid UTF-8');
        else yield { kind: 'value', text };
        return;
      }
      case Mode.array:
        yield this.#fail(
          this.#index,
          this.#inString ? `${at}: unterminated string` : `${at}: the array is not closed (missing ])`,
        );
        return;
      default:
        return;
    }
  }

  /** A string or a bracket inside an element: follow the nesting. */
  #nest(byte: number, position: number): JsonScanEvent | undefined {
    if (byte === QUOTE) {
      this.#inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (this.#depth > MAX_JSON_DEPTH) {
        return this.#fail(this.#index, `byte ${position}: nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      this.#stack[this.#depth++] = byte;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      const open = this.#stack[this.#depth - 1];
      if ((byte === CLOSE_ARRAY) !== (open === OPEN_ARRAY)) {
        const expected = open === OPEN_ARRAY ? ']' : '}';
        return this.#fail(
          this.#index,
          `byte ${position}: expected ${expected}; got ${String.fromCharCode(byte)}`,
        );
      }
      this.#depth--;
    }
    return undefined;
  }

  /** A `,` or `]` of the top-level array: the element before it is complete. */
  #endElement(separator: number, position: number): JsonScanEvent | undefined {
    const closing = separator === CLOSE_ARRAY;
    if (closing) {
      this.#mode = Mode.done;
      this.#depth = 0;
    }
    if (!this.#inElement) {
      // `[]` is fine; `[,`, `[1,,2]` and `[1,]` are not.
      if (closing && !this.#afterComma && this.#index === 0) return undefined;
      return this.#fail(this.#index, `byte ${position}: expected a value before ${closing ? ']' : ','}`);
    }
    const index = this.#index++;
    this.#inElement = false;
    this.#afterComma = !closing;
    const { length, limit, overflowed } = this.#element;
    const text = overflowed
      ? undefined
      : this.#element.text(0, this.#element.view().length - this.#trailingBlanks);
    this.#element.reset();
    const where = `element ${index + 1} (byte ${this.#elementStart})`;
    if (overflowed) {
      const reason = `${where}: ${length} bytes, more than maxRecordBytes (${limit}); skipped`;
      return { kind: 'error', index, reason, fatal: false };
    }
    if (text === undefined)
      return { kind: 'error', index, reason: `${where}: not valid UTF-8`, fatal: false };
    return { kind: 'element', index, text, position: this.#elementStart };
  }

  #fail(index: number, reason: string): JsonScanEvent {
    this.#mode = Mode.failed;
    this.#element.reset();
    return { kind: 'error', index, reason, fatal: true };
  }
}

/** JSON's four whitespace bytes: space, tab, LF, CR. */
function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
