// Types for the pure-JavaScript codec packages, which ship none.
declare module 'snappyjs' {
  export function compress<T extends Uint8Array>(data: T): T;
  export function uncompress<T extends Uint8Array>(data: T, maxLength?: number): T;
}

declare module 'lz4js/lz4.js' {
  export function compressBound(n: number): number;
  /** Compresses src[sIndex, sIndex + sLength) as one LZ4 block into dst; returns its length (0: incompressible). */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  /** Decodes one LZ4 block into dst from dIndex; returns the new end of dst. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
}

declare module 'lz4js/xxh32.js' {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}
