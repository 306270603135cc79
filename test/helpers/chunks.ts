/** `bytes` as S3 might hand them over: cut into chunks of the given sizes, in turn. */
export async function* inChunks(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let n = 0; at < bytes.length; n++) {
    const size = sizes[n % sizes.length]!;
    yield bytes.slice(at, at + size);
    at += size;
  }
}
