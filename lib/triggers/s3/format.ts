/** How an object's content is split into messages. */
export const S3_FORMATS = ['ndjson', 'json', 'csv', 'text'] as const;
export type S3Format = (typeof S3_FORMATS)[number];

/** What is known about an object before reading it (from the event and the GetObject reply). */
export interface S3ObjectInfo {
  bucket: string;
  /** The object key, already URL-decoded (S3 events encode it). */
  key: string;
  contentType?: string;
  contentEncoding?: string;
}

// Maps, not object literals: a key ending in `.constructor` must not find Object.prototype.
const BY_EXTENSION: ReadonlyMap<string, S3Format> = new Map([
  ['ndjson', 'ndjson'],
  ['jsonl', 'ndjson'],
  ['json', 'json'],
  ['csv', 'csv'],
  ['txt', 'text'],
  ['text', 'text'],
  ['log', 'text'],
]);

const BY_MEDIA_TYPE: ReadonlyMap<string, S3Format> = new Map([
  ['application/x-ndjson', 'ndjson'],
  ['application/ndjson', 'ndjson'],
  ['application/jsonl', 'ndjson'],
  ['application/x-jsonlines', 'ndjson'],
  ['application/jsonlines', 'ndjson'],
  ['application/json', 'json'],
  ['text/json', 'json'],
  ['text/csv', 'csv'],
  ['application/csv', 'csv'],
  ['text/plain', 'text'],
]);

const GZIP_SUFFIX = /\.(gz|gzip)$/;
const GZIP_ENCODINGS = new Set(['gzip', 'x-gzip']);

/**
 * The format of an object and whether it is declared gzip.
 *
 * The key's extension decides (case-insensitive, after a `.gz`/`.gzip`
 * suffix): `.ndjson`/`.jsonl` ndjson, `.json` json, `.csv` csv, `.txt`/`.log`
 * text. Content-Type decides only when the extension is none of these (keys
 * like `exports/part-0001`); anything else is text. Gzip is declared by the
 * suffix or by a `gzip` token in Content-Encoding (S3 may store a list such as
 * `aws-chunked,gzip`). The decoder also sniffs the gzip magic bytes, so an
 * undeclared gzip object is still read.
 */
export function detectS3Format(info: S3ObjectInfo): { format: S3Format; gzip: boolean } {
  const key = info.key.toLowerCase();
  const gzipSuffix = GZIP_SUFFIX.test(key);
  const name = key.replace(GZIP_SUFFIX, '').split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  const format = BY_EXTENSION.get(extension) ?? BY_MEDIA_TYPE.get(mediaType(info.contentType)) ?? 'text';
  const encodings = (info.contentEncoding ?? '').toLowerCase().split(',');
  const gzip = gzipSuffix || encodings.some((token) => GZIP_ENCODINGS.has(token.trim()));
  return { format, gzip };
}

/** `Application/JSON; charset=utf-8` -> `application/json`. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
