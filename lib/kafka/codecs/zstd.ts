import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { CodecError } from './errors.ts';
import type { Codec } from './types.ts';

type Coder = (data: Buffer) => Promise<Buffer>;
/** zlib's zstd (Node 22.15+ and 23.8+; @types/node 20 does not know it yet). */
const native = zlib as unknown as {
  zstdCompress?: (data: Buffer, callback: (err: Error | null, out: Buffer) => void) => void;
  zstdDecompress?: (data: Buffer, callback: (err: Error | null, out: Buffer) => void) => void;
};

let wasm: Promise<{ compress(data: Uint8Array, level?: number): Uint8Array }> | undefined;

/**
 * Zstandard. On Node with zlib's zstd (Lambda's nodejs22.x) that is used both
 * ways. Older Node (a developer's Node 20) decompresses with fzstd (pure
 * JavaScript) and compresses with the official library compiled to
 * WebAssembly (@bokuweb/zstd-wasm, kept out of the function bundles, which
 * run on Node 22), each loaded only when first needed.
 */
async function fallbackCompress(data: Buffer): Promise<Buffer> {
  wasm ??= import('@bokuweb/zstd-wasm').then(async (m) => {
    await m.init();
    return m;
  });
  wasm.catch(() => {
    wasm = undefined;
  });
  return Buffer.from((await wasm).compress(data, 3));
}

async function fallbackDecompress(data: Buffer): Promise<Buffer> {
  const { decompress } = await import('fzstd');
  return Buffer.from(decompress(data));
}

const compress: Coder = native.zstdCompress ? promisify(native.zstdCompress) : fallbackCompress;
const decoder: Coder = native.zstdDecompress ? promisify(native.zstdDecompress) : fallbackDecompress;

async function decompress(data: Buffer): Promise<Buffer> {
  try {
    return await decoder(data);
  } catch (err) {
    throw new CodecError('zstd', `not a valid zstd frame (${(err as Error).message})`, { cause: err });
  }
}

export const zstdCodec: Codec = { compress, decompress };
