import { compress, uncompress } from 'snappyjs';
import { CodecError } from './errors.ts';
import type { Codec } from './types.ts';

/**
 * Snappy as Kafka uses it. The Java client writes snappy-java's stream
 * framing ("xerial": an 8-byte magic, version 1, compatible version 1, then
 * blocks of [big-endian int32 length][raw snappy block]) and reads both that
 * and a bare snappy block; librdkafka and KafkaJS's snappy codec read both
 * too. We write the framing, as the Java producer does, and read either.
 */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
/** snappy-java's default block size (SnappyOutputStream.DEFAULT_BLOCK_SIZE). */
const BLOCK_BYTES = 32 * 1024;

export function snappyCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])];
  for (let start = 0; start < data.length; start += BLOCK_BYTES) {
    const block = compress(data.subarray(start, start + BLOCK_BYTES));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function isXerial(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_BYTES && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

function block(data: Buffer): Buffer {
  try {
    return Buffer.from(uncompress(data));
  } catch (err) {
    throw new CodecError('snappy', `not a valid snappy block (${(err as Error).message})`, { cause: err });
  }
}

export function snappyDecompress(data: Buffer): Buffer {
  if (!isXerial(data)) return block(data);
  const blocks: Buffer[] = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < data.length) {
    if (at + 4 > data.length) throw new CodecError('snappy', `framed stream truncated at byte ${at}`);
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > data.length)
      throw new CodecError('snappy', `block of ${length} bytes at byte ${at} runs past the end`);
    blocks.push(block(data.subarray(at, at + length)));
    at += length;
  }
  return Buffer.concat(blocks);
}

export const snappyCodec: Codec = { compress: snappyCompress, decompress: snappyDecompress };
