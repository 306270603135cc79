export { CodecError } from './errors.ts';
export { COMPRESSION_TYPES, registerCodecs } from './register.ts';
export type { Codec, Compression } from './types.ts';
