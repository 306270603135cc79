import { Buffer, isUtf8 } from 'node:buffer';

/** Smallest buffer a record starts in; it doubles as records grow, up to the limit. */
const INITIAL_CAPACITY = 64 * 1024;
/** Up to this many bytes are copied byte by byte rather than with Buffer#copy. */
const SHORT_COPY = 32;

/**
 * The bytes of one record (a line, a CSV row, a JSON array element) while it
 * is being assembled from chunks, held up to a limit.
 *
 * Past the limit the bytes are dropped and only counted, so a 50 MB line costs
 * the same memory as a 1 MiB one: the decoder reports it and moves on without
 * ever holding it. The storage is reused from record to record.
 */
export class BoundedBytes {
  readonly limit: number;
  #storage: Buffer;
  #held = 0;
  #seen = 0;

  /** @param limit - most bytes held; a record that grows past it is only counted from then on */
  constructor(limit: number) {
    this.limit = limit;
    this.#storage = Buffer.allocUnsafe(Math.min(INITIAL_CAPACITY, limit));
  }

  /** Bytes the record has had so far, held or dropped. */
  get length(): number {
    return this.#seen;
  }

  /** Whether the record went past the limit (its bytes are gone). */
  get overflowed(): boolean {
    return this.#seen > this.limit;
  }

  /** Adds bytes to the record (copied: the chunk they come from may be released). */
  append(bytes: Uint8Array): void {
    this.appendRange(asBuffer(bytes), 0, bytes.length);
  }

  /** Adds `source[start, end)`; no view of the source is made, which matters per field. */
  appendRange(source: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.#seen += end - start;
    if (this.#seen > this.limit) {
      this.#held = 0;
      return;
    }
    this.#reserve(this.#held + end - start);
    if (end - start > SHORT_COPY) {
      source.copy(this.#storage, this.#held, start, end);
      this.#held += end - start;
      return;
    }
    // A CSV field is often a few bytes: a plain loop beats Buffer#copy's call overhead.
    const storage = this.#storage;
    let held = this.#held;
    for (let i = start; i < end; i++) storage[held++] = source[i]!;
    this.#held = held;
  }

  /** The held bytes; valid until the next `append` or `reset`. */
  view(): Uint8Array {
    return this.#storage.subarray(0, this.#held);
  }

  /** The held bytes from `start` to `end` as text, or undefined when they are not valid UTF-8. */
  text(start = 0, end = this.#held): string | undefined {
    return utf8Text(this.#storage.subarray(start, end));
  }

  /** Whether all held bytes are valid UTF-8 (then so is every part cut at an ASCII byte). */
  isUtf8(): boolean {
    return isUtf8(this.#storage.subarray(0, this.#held));
  }

  /** The held bytes from `start` to `end` as text, unchecked: call `isUtf8()` first. */
  checkedText(start: number, end: number): string {
    return this.#storage.toString('utf8', start, end);
  }

  /** Starts the next record. */
  reset(): void {
    this.#held = 0;
    this.#seen = 0;
  }

  #reserve(needed: number): void {
    if (needed <= this.#storage.length) return;
    let capacity = this.#storage.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(Math.min(capacity, this.limit));
    grown.set(this.#storage.subarray(0, this.#held));
    this.#storage = grown;
  }
}

/**
 * `bytes` as a string, or undefined when they are not valid UTF-8. Invalid
 * bytes are reported instead of becoming U+FFFD: a message must reach Kafka
 * exactly as it was written, or not at all.
 */
export function utf8Text(bytes: Uint8Array): string | undefined {
  const buffer = asBuffer(bytes);
  return isUtf8(buffer) ? buffer.toString('utf8') : undefined;
}

/** A Buffer over the same memory (no copy), for Buffer's native slicing and copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
