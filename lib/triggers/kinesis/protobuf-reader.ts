/** Protocol Buffers wire types (the encoding of a field's value). */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export class ProtobufError extends Error {
  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} at byte ${offset}`);
    this.name = 'ProtobufError';
  }
}

/**
 * A reader of the Protocol Buffers wire format, just enough for the KPL's
 * aggregated records: varints, length-delimited fields, and skipping what is
 * not read. Every read is bounds-checked; malformed input throws a
 * {@link ProtobufError} naming the offset, never reads past the end.
 */
export class ProtobufReader {
  private offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.offset = start;
  }

  done(): boolean {
    return this.offset >= this.end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const at = this.offset;
    const key = this.varint();
    const field = Math.floor(key / 8);
    if (field === 0) throw new ProtobufError('field number 0', at);
    return { field, wire: key % 8 };
  }

  /** An unsigned varint (up to 64 bits; values past 2^53 are refused, as no index or length is that big). */
  varint(): number {
    const at = this.offset;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) throw new ProtobufError('truncated varint', at);
      const byte = this.bytes[this.offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (!Number.isSafeInteger(value)) throw new ProtobufError('varint too large', at);
        return value;
      }
      scale *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes', at);
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytesField(): Uint8Array {
    const at = this.offset;
    const length = this.varint();
    if (length > this.end - this.offset) throw new ProtobufError('length past the end', at);
    const view = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return view;
  }

  /** A reader over an embedded message (a length-delimited field); its offsets stay those of the whole input. */
  message(): ProtobufReader {
    const start = this.offset;
    const view = this.bytesField();
    const from = start + (this.offset - start - view.length);
    return new ProtobufReader(this.bytes, from, from + view.length);
  }

  /** Skips a field's value of the given wire type. */
  skip(wire: number): void {
    const at = this.offset;
    switch (wire) {
      case WIRE.varint:
        this.varint();
        return;
      case WIRE.bytes:
        this.bytesField();
        return;
      case WIRE.fixed64:
      case WIRE.fixed32: {
        const size = wire === WIRE.fixed64 ? 8 : 4;
        if (size > this.end - this.offset) throw new ProtobufError('truncated fixed-size field', at);
        this.offset += size;
        return;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wire}`, at);
    }
  }
}
