import { SkeError } from '../errors.ts';

/**
 * Base of the decoders' errors: content that cannot be read as exporter
 * messages (a body, a line, an object that is not what its type promises).
 * Texts name the place and never quote the content. Not retriable: the same
 * bytes fail the same way. Per-record problems are results, not throws
 * (`{ ok: false, reason }`); this is for what has to stop a stream.
 */
export class DecodeError extends SkeError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
    this.name = 'DecodeError';
  }
}
