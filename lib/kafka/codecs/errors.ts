import { SkeError } from '../../errors.ts';

/** Compressed data that its codec cannot read (corrupt, truncated, or a variant the codec does not know). */
export class CodecError extends SkeError {
  constructor(codec: string, message: string, options: { cause?: unknown } = {}) {
    super(`${codec}: ${message}`, { ...options, retriable: false });
    this.name = 'CodecError';
  }
}
