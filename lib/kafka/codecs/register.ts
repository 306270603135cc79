import kafkajs from 'kafkajs';
import type { Codec, Compression } from './types.ts';

// Node's ESM loader does not see these two among KafkaJS's CommonJS exports: take them from the module object.
const { CompressionCodecs, CompressionTypes } = kafkajs;

/** KafkaJS's compression type for each `compression` value. */
export const COMPRESSION_TYPES: Readonly<Record<Compression, kafkajs.CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/*
 * Each codec's code is imported the first time a batch needs it (to produce
 * with it, or to read a batch someone else compressed with it). The bundles
 * are built with code splitting, so a function whose config does not name a
 * codec never loads it, and its index.mjs does not grow.
 */
const loaders: Array<[kafkajs.CompressionTypes, () => Promise<Codec>]> = [
  [CompressionTypes.Snappy, () => import('./snappy.ts').then((m) => m.snappyCodec)],
  [CompressionTypes.LZ4, () => import('./lz4-frame.ts').then((m) => m.lz4Codec)],
  [CompressionTypes.ZSTD, () => import('./zstd.ts').then((m) => m.zstdCodec)],
];

let registered = false;

/**
 * Registers snappy, lz4 and zstd with KafkaJS (which ships only gzip), for the
 * producer and for consumers alike. Idempotent; KafkaJS's registry is global.
 */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  for (const [type, load] of loaders) {
    let codec: Promise<Codec> | undefined;
    const loaded = () => {
      codec ??= load();
      return codec;
    };
    const entry = {
      compress: async (encoder: { buffer: Buffer }) => (await loaded()).compress(encoder.buffer),
      decompress: async (buffer: Buffer) => (await loaded()).decompress(buffer),
    };
    (CompressionCodecs as Record<number, () => unknown>)[type] = () => entry;
  }
}
