import { compressBlock, compressBound, decompressBlock } from 'lz4js/lz4.js';
import { hash as xxh32 } from 'lz4js/xxh32.js';
import { CodecError } from './errors.ts';
import type { Codec } from './types.ts';

/**
 * LZ4 in the LZ4 frame format, which Kafka requires (record batch v2; Java's
 * KafkaLZ4BlockOutputStream, librdkafka's LZ4F). We write what the Java
 * client writes: version 1, independent blocks of at most 64 KB, no block or
 * content checksums, no content size. lz4js supplies the block coder; its own
 * frame writer makes dependent blocks, which Kafka's Java reader refuses.
 */
const MAGIC = 0x184d2204;
const FLG_VERSION_1 = 0x40;
const FLG_BLOCK_INDEPENDENCE = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICTIONARY_ID = 0x01;
const BD_64KB = 4 << 4;
const BLOCK_BYTES = 64 * 1024;
const UNCOMPRESSED = 0x80000000;
/** BD's block maximum size codes (4..7) and their sizes. */
const BLOCK_MAX = new Map([
  [4, 64 * 1024],
  [5, 256 * 1024],
  [6, 1024 * 1024],
  [7, 4 * 1024 * 1024],
]);

const fail = (message: string) => new CodecError('lz4', message);

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}

export function lz4Compress(data: Buffer): Buffer {
  const descriptor = Buffer.from([FLG_VERSION_1 | FLG_BLOCK_INDEPENDENCE, BD_64KB]);
  const parts: Buffer[] = [u32(MAGIC), descriptor, Buffer.from([(xxh32(0, descriptor, 0, 2) >>> 8) & 0xff])];
  const scratch = Buffer.alloc(compressBound(BLOCK_BYTES));
  for (let start = 0; start < data.length; start += BLOCK_BYTES) {
    const length = Math.min(BLOCK_BYTES, data.length - start);
    // A fresh hash table per block keeps every match inside its block: the blocks are independent.
    const size = compressBlock(data, scratch, start, length, new Uint32Array(1 << 16));
    if (size === 0 || size >= length) {
      parts.push(u32(UNCOMPRESSED | length), data.subarray(start, start + length));
    } else {
      parts.push(u32(size), Buffer.from(scratch.subarray(0, size)));
    }
  }
  parts.push(u32(0));
  return Buffer.concat(parts);
}

/** Reads one frame starting at `at` into `out`; returns where the frame ended. */
function readFrame(data: Buffer, at: number, out: { buf: Buffer; used: number }): number {
  if (at + 7 > data.length) throw fail(`frame header truncated at byte ${at}`);
  if (data.readUInt32LE(at) !== MAGIC) throw fail(`no LZ4 frame magic at byte ${at}`);
  const flg = data[at + 4]!;
  const bd = data[at + 5]!;
  if ((flg & 0xc0) !== FLG_VERSION_1) throw fail(`frame version ${(flg >> 6) & 3} is not 1`);
  const maxBlock = BLOCK_MAX.get((bd >> 4) & 7);
  if (maxBlock === undefined) throw fail(`invalid block maximum size code ${(bd >> 4) & 7}`);
  let p = at + 6 + (flg & FLG_CONTENT_SIZE ? 8 : 0) + (flg & FLG_DICTIONARY_ID ? 4 : 0);
  if (p >= data.length) throw fail('frame descriptor truncated');
  const checksum = (xxh32(0, data, at + 4, p - at - 4) >>> 8) & 0xff;
  if (data[p] !== checksum) throw fail('frame descriptor checksum mismatch');
  p++;
  const contentStart = out.used;
  for (;;) {
    if (p + 4 > data.length) throw fail('frame truncated: no end mark');
    const word = data.readUInt32LE(p);
    p += 4;
    if (word === 0) break;
    const size = word & ~UNCOMPRESSED & 0x7fffffff;
    if (size > maxBlock || p + size > data.length) throw fail(`block of ${size} bytes runs past the frame`);
    if (out.buf.length - out.used < maxBlock) {
      const grown = Buffer.allocUnsafe(Math.max(out.buf.length * 2, out.used + maxBlock));
      out.buf.copy(grown, 0, 0, out.used);
      out.buf = grown;
    }
    if (word & UNCOMPRESSED) {
      data.copy(out.buf, out.used, p, p + size);
      out.used += size;
    } else {
      const end = decompressBlock(data, out.buf, p, size, out.used);
      if (end > out.used + maxBlock || end > out.buf.length)
        throw fail('block decodes past its maximum size');
      out.used = end;
    }
    p += size;
    if (flg & FLG_BLOCK_CHECKSUM) {
      if (p + 4 > data.length || data.readUInt32LE(p) !== xxh32(0, data, p - size, size) >>> 0)
        throw fail('block checksum mismatch');
      p += 4;
    }
  }
  if (flg & FLG_CONTENT_CHECKSUM) {
    const expected = p + 4 <= data.length ? data.readUInt32LE(p) : undefined;
    if (expected !== xxh32(0, out.buf, contentStart, out.used - contentStart) >>> 0)
      throw fail('content checksum mismatch');
    p += 4;
  }
  return p;
}

/** Reads LZ4 frames (one, or several back to back), whatever flags their writer chose. */
export function lz4Decompress(data: Buffer): Buffer {
  const out = { buf: Buffer.allocUnsafe(Math.max(BLOCK_BYTES, data.length * 4)), used: 0 };
  let at = 0;
  while (at < data.length) at = readFrame(data, at, out);
  return Buffer.from(out.buf.subarray(0, out.used));
}

export const lz4Codec: Codec = { compress: lz4Compress, decompress: lz4Decompress };
