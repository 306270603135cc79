import { BoundedBytes, utf8Text } from './line-buffer.ts';

const LF = 0x0a;
const CR = 0x0d;

/** One line of a text object: its text, or why it has none. */
export type LineEvent = { line: number; text: string } | { line: number; error: string };

/**
 * Splits bytes into lines as chunks arrive, without ever holding more than one
 * line (up to `maxLineBytes`) besides the chunk being read.
 *
 * Lines end at LF; a CR before it is dropped (CRLF files). Splitting happens on
 * the 0x0A byte before any decoding: UTF-8 never uses that byte inside a
 * multi-byte character, so a character split between two chunks is whole again
 * when its line is decoded. Each line is decoded on its own, so one line of bad
 * UTF-8 is an error for that line only. Empty lines are reported too (with
 * `text: ''`): whether they count is the format's business.
 */
export class LineSplitter {
  readonly #pending: BoundedBytes;
  readonly #maxLineBytes: number;
  #line = 1;
  /** Last byte of the unfinished line, kept even when its bytes are dropped: is it a CR? */
  #lastPendingByte: number | undefined;

  /** @param maxLineBytes - longest line (without its line ending) that is decoded; longer ones are errors */
  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes;
    // One more byte than the limit: a line of exactly the limit may still carry its CR.
    this.#pending = new BoundedBytes(maxLineBytes + 1);
  }

  /** The lines that `chunk` completes. Consume them before pushing the next chunk. */
  *push(chunk: Uint8Array): Generator<LineEvent> {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(LF, start);
      if (end === -1) {
        this.#pending.append(chunk.subarray(start));
        this.#lastPendingByte = chunk[chunk.length - 1];
        return;
      }
      yield this.#finish(chunk.subarray(start, end));
      start = end + 1;
    }
  }

  /** The last line, when the object does not end with a line break. */
  *end(): Generator<LineEvent> {
    if (this.#pending.length > 0) yield this.#finish(new Uint8Array(0));
  }

  #finish(tail: Uint8Array): LineEvent {
    const line = this.#line++;
    let bytes = tail;
    let last = tail[tail.length - 1];
    if (this.#pending.length > 0) {
      // The line began in an earlier chunk: join it (or, past the limit, just count it).
      if (tail.length === 0) last = this.#lastPendingByte;
      this.#pending.append(tail);
      bytes = this.#pending.view();
    }
    let length = Math.max(bytes.length, this.#pending.length);
    if (last === CR) {
      bytes = bytes.subarray(0, Math.max(0, bytes.length - 1));
      length--;
    }
    const event = this.#decode(line, bytes, length);
    this.#pending.reset();
    return event;
  }

  #decode(line: number, bytes: Uint8Array, length: number): LineEvent {
    if (length > this.#maxLineBytes) {
      return {
        line,
        error: `line ${line}: ${length} bytes, more than maxRecordBytes (${this.#maxLineBytes}); skipped`,
      };
    }
    const text = utf8Text(bytes);
    if (text === undefined) return { line, error: `line ${line}: not valid UTF-8` };
    return { line, text };
  }
}
