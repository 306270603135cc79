import { randomBytes } from 'node:crypto';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { hash as xxh32 } from 'lz4js/xxh32.js';
import { compress as rawSnappy } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../lib/kafka/codecs/errors.ts';
import { lz4Codec } from '../../../lib/kafka/codecs/lz4-frame.ts';
import { registerCodecs } from '../../../lib/kafka/codecs/register.ts';
import { snappyCodec } from '../../../lib/kafka/codecs/snappy.ts';
import { zstdCodec } from '../../../lib/kafka/codecs/zstd.ts';

const SAMPLES = {
  empty: Buffer.alloc(0),
  short: Buffer.from('hello'),
  repetitive: Buffer.from('{"hive":7,"bees":"many"}'.repeat(20_000)),
  random: randomBytes(150_000),
  mixed: Buffer.concat([randomBytes(70_000), Buffer.alloc(90_000, 7), randomBytes(10)]),
};

describe.each([
  ['snappy', snappyCodec],
  ['lz4', lz4Codec],
  ['zstd', zstdCodec],
])('the %s codec', (_name, codec) => {
  it.each(Object.entries(SAMPLES))('gives back exactly what it compressed (%s)', async (_, data) => {
    const packed = await codec.compress(data);
    expect(Buffer.compare(await codec.decompress(packed), data)).toBe(0);
  });

  it('shrinks repetitive data', async () => {
    expect((await codec.compress(SAMPLES.repetitive)).length).toBeLessThan(SAMPLES.repetitive.length / 10);
  });

  it('refuses garbage with a CodecError, never a wrong result', async () => {
    await expect(async () =>
      codec.decompress(Buffer.from([0x82, 0x53, 1, 2, 3, 0xff, 0xff, 0xff, 9])),
    ).rejects.toThrow(CodecError);
  });
});

describe('snappy', () => {
  it("writes snappy-java's stream framing, as Kafka's Java producer does", () => {
    const packed = snappyCodec.compress(SAMPLES.repetitive) as Buffer;
    expect(packed.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
    // 32 KB blocks: the 480 KB sample takes 15 of them.
    let blocks = 0;
    for (let at = 16; at < packed.length; at += 4 + packed.readInt32BE(at)) blocks++;
    expect(blocks).toBe(15);
  });

  it('reads a bare snappy block too (what librdkafka and KafkaJS write)', () => {
    expect(snappyCodec.decompress(Buffer.from(rawSnappy(SAMPLES.short)))).toEqual(SAMPLES.short);
  });
});

describe('lz4', () => {
  it('writes an LZ4 frame of independent 64 KB blocks, without checksums or content size', () => {
    const packed = lz4Codec.compress(SAMPLES.mixed) as Buffer;
    expect(packed.readUInt32LE(0)).toBe(0x184d2204);
    expect(packed[4]).toBe(0x60);
    expect(packed[5]).toBe(0x40);
    expect(packed[6]).toBe((xxh32(0, packed, 4, 2) >>> 8) & 0xff);
    expect(packed.readUInt32LE(packed.length - 4)).toBe(0);
  });

  it('reads frames with block checksums, content size and a content checksum (what other writers may choose)', () => {
    const data = Buffer.from('a block stored uncompressed');
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x40 | 0x20 | 0x10 | 0x08 | 0x04;
    descriptor[1] = 0x70;
    descriptor.writeBigUInt64LE(BigInt(data.length), 2);
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n >>> 0);
      return b;
    };
    const frame = Buffer.concat([
      u32(0x184d2204),
      descriptor,
      Buffer.from([(xxh32(0, descriptor, 0, 10) >>> 8) & 0xff]),
      u32(0x80000000 | data.length),
      data,
      u32(xxh32(0, data, 0, data.length)),
      u32(0),
      u32(xxh32(0, data, 0, data.length)),
    ]);
    expect(lz4Codec.decompress(frame)).toEqual(data);
    frame[frame.length - 1]! ^= 1;
    expect(() => lz4Codec.decompress(frame)).toThrow(/content checksum mismatch/);
  });
});

describe('registering the codecs with KafkaJS', () => {
  it('replaces KafkaJS\'s "not implemented" entries with codecs that load on first use', async () => {
    registerCodecs();
    type KafkaJsCodec = {
      compress(encoder: { buffer: Buffer }): Promise<Buffer>;
      decompress(buffer: Buffer): Promise<Buffer>;
    };
    const codecs = CompressionCodecs as Record<number, () => KafkaJsCodec>;
    for (const type of [CompressionTypes.Snappy, CompressionTypes.LZ4, CompressionTypes.ZSTD]) {
      const codec = codecs[type]!();
      const packed = await codec.compress({ buffer: SAMPLES.short });
      expect(await codec.decompress(packed)).toEqual(SAMPLES.short);
    }
    // The first use of each imports its code (and zstd's WebAssembly on Node 20): give a loaded machine time.
  }, 30_000);
});
