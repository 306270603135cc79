import { gunzipSync } from 'node:zlib';
import type { HttpRequest } from './request.ts';

/** Why a body's bytes are unusable, with the HTTP status that says so. */
export interface BodyProblem {
  status: 400 | 413 | 415;
  reason: string;
}

export type BodyText = { ok: true; text: string } | ({ ok: false } & BodyProblem);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Fatal: invalid UTF-8 is refused, not turned into U+FFFD. Drops a leading byte order mark. */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const BOM = '\uFEFF';

/**
 * The text of a request body: base64-decoded when the gateway encoded it,
 * gunzipped when `content-encoding` says gzip, and checked to be UTF-8.
 * `maxBodyBytes` applies to the bytes after all of that; gunzip stops as soon
 * as it is passed, so a small gzip bomb costs no more than the limit.
 *
 * - 400: empty body, invalid base64, invalid gzip, invalid UTF-8
 * - 413: more than `maxBodyBytes`
 * - 415: a content-encoding other than gzip (or identity)
 */
export function bodyText(request: HttpRequest, maxBodyBytes: number): BodyText {
  const { body } = request;
  if (body === null || body === '') return problem(400, 'empty body');

  const encoding = (request.headers['content-encoding'] ?? '').trim().toLowerCase();
  const gzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (!gzip && encoding !== '' && encoding !== 'identity')
    return problem(415, 'content-encoding is not supported; send gzip or no content-encoding');

  if (!request.isBase64Encoded) {
    // Gzip bytes passed as text have lost their bytes already (0x8b is not UTF-8).
    if (gzip && body.startsWith('\x1f'))
      return problem(
        400,
        'gzip body arrived as text; the API must pass it base64-encoded (binary media type)',
      );
    // Already text: the gateway decoded it (and gunzipped it, when API compression is on).
    if (utf8LongerThan(body, maxBodyBytes)) return tooLarge(maxBodyBytes);
    return { ok: true, text: body.startsWith(BOM) ? body.slice(1) : body };
  }

  // Buffer.from(..., 'base64') skips what it does not understand; a body must not lose bytes silently.
  if (body.length % 4 !== 0 || !BASE64.test(body)) return problem(400, 'body is not valid base64');
  let bytes = Buffer.from(body, 'base64');
  if (gzip) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBodyBytes });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxBodyBytes);
      return problem(400, 'body is not valid gzip');
    }
  } else if (bytes.length > maxBodyBytes) {
    return tooLarge(maxBodyBytes);
  }
  if (bytes.length === 0) return problem(400, 'empty body');

  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return problem(400, 'body is not valid UTF-8');
  }
}

/**
 * Whether `text` takes more than `max` bytes in UTF-8, counting only when the
 * answer is not plain from its length: each UTF-16 unit takes 1 to 3 bytes.
 */
export function utf8LongerThan(text: string, max: number): boolean {
  if (text.length * 3 <= max) return false;
  if (text.length > max) return true;
  return Buffer.byteLength(text, 'utf8') > max;
}

function problem(status: BodyProblem['status'], reason: string): BodyText {
  return { ok: false, status, reason };
}

function tooLarge(maxBodyBytes: number): BodyText {
  return problem(413, `body is larger than ${maxBodyBytes} bytes`);
}
