/** A compression codec: what KafkaJS's CompressionCodecs entries do, on plain buffers. */
export interface Codec {
  compress(data: Buffer): Buffer | Promise<Buffer>;
  decompress(data: Buffer): Buffer | Promise<Buffer>;
}

/** The `compression` values of exporter.yaml (COMPRESSIONS in lib/config/schema.ts). */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
