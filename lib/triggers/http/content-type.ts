/** How a body is read, by its media type. `unknown` means none was sent. */
export type BodyFormat = 'json' | 'ndjson' | 'text' | 'unknown' | 'unsupported';

const NDJSON_TYPES: ReadonlySet<string> = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/jsonlines',
]);

/** The media types a body may have, as told to a caller that sent another. */
export const ACCEPTED_CONTENT_TYPES =
  'application/json (or any +json type), application/x-ndjson, application/jsonl, text/plain';

/**
 * The format of a body from its `content-type` header. Parameters such as
 * `charset` are ignored (bodies are UTF-8), and so is case.
 */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  if (contentType === 'application/json') return 'json'; // the usual header, as it is
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === '') return 'unknown';
  if (mediaType === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]+\+json$/.test(mediaType)) return 'json';
  if (NDJSON_TYPES.has(mediaType)) return 'ndjson';
  if (mediaType === 'text/plain') return 'text';
  return 'unsupported';
}
