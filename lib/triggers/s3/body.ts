import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { S3ObjectContentError } from './errors.ts';

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * The bytes of an object as its decoders read them: gunzipped when it is gzip,
 * without a leading UTF-8 byte order mark. Chunks are pulled from `body` only
 * as the caller asks for output, so a slow consumer never makes the object
 * pile up in memory.
 *
 * Gzip is decided by the declaration *and* the bytes: a body starting with the
 * gzip magic bytes 1f 8b is gunzipped even when neither the key nor
 * Content-Encoding says so (a safety net for uploads that forgot the header;
 * no JSON, CSV or text starts with byte 0x1f). A body declared gzip that does
 * not start with them is an error rather than text: exporting a mislabelled
 * (perhaps otherwise compressed) object line by line would put garbage in Kafka.
 *
 * @param declaredGzip - the key or Content-Encoding says gzip
 * @throws S3ObjectContentError when the gzip data is not valid or is cut short
 */
export async function* objectBytes(
  body: AsyncIterable<Uint8Array>,
  declaredGzip: boolean,
): AsyncGenerator<Uint8Array> {
  const source = body[Symbol.asyncIterator]();
  try {
    const head = await readPrefix(source, GZIP_MAGIC.length);
    if (head.bytes.length === 0) return;
    const gzip = startsWith(head.bytes, GZIP_MAGIC);
    if (declaredGzip && !gzip) {
      await source.return?.();
      throw new S3ObjectContentError(
        'declared gzip, but the object does not start with the gzip bytes 1f 8b',
      );
    }
    const rest = replay(head.chunks, source);
    yield* withoutBom(gzip ? gunzip(rest) : rest);
  } finally {
    // Done, failed or abandoned by the consumer: release the connection now. Behind gunzip, a
    // read may still be waiting on the socket, and only destroying the stream ends that wait.
    destroyStream(body);
  }
}

/** S3 hands the body over as a Node stream; other iterables have nothing to release. */
function destroyStream(body: unknown): void {
  const stream = body as { destroy?: unknown; destroyed?: boolean };
  if (typeof stream.destroy === 'function' && stream.destroyed === false) stream.destroy();
}

interface Prefix {
  /** The chunks read to get the prefix, to be replayed. */
  chunks: Uint8Array[];
  /** The first bytes, up to the length asked for (fewer when the body is shorter). */
  bytes: Uint8Array;
}

/** Reads chunks until `length` bytes have arrived (a chunk may be a single byte). */
async function readPrefix(source: AsyncIterator<Uint8Array>, length: number): Promise<Prefix> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < length) {
    const next = await source.next();
    if (next.done) break;
    chunks.push(next.value);
    total += next.value.length;
  }
  const bytes = new Uint8Array(Math.min(total, length));
  let filled = 0;
  for (const chunk of chunks) {
    if (filled === bytes.length) break;
    const part = chunk.subarray(0, bytes.length - filled);
    bytes.set(part, filled);
    filled += part.length;
  }
  return { chunks, bytes };
}

/** The chunks already read, then the rest of the source. */
async function* replay(chunks: Uint8Array[], source: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  } finally {
    // Stopped early (the consumer broke off, or an error): let the source release its connection.
    await source.return?.();
  }
}

/**
 * Gunzips a byte stream with zlib's streaming inflater (concatenated gzip
 * members included, as gzip(1) writes them). Stream highWaterMarks bound
 * what is in flight between the source and the caller.
 */
async function* gunzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = Readable.from(chunks, { objectMode: false });
  const inflater = createGunzip();
  // Errors reach us through the iteration below; the pipeline only ties the streams' lifetimes together.
  // Its promise is not awaited on the way out: the input may be waiting on a read that only the
  // body's destruction ends (see objectBytes).
  pipeline(input, inflater).catch(() => undefined);
  try {
    for await (const chunk of inflater) yield chunk as Uint8Array;
  } catch (err) {
    if (isZlibError(err)) {
      throw new S3ObjectContentError(`not valid gzip (${(err as Error).message})`, { cause: err });
    }
    throw err;
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

/** zlib's own failures carry `Z_*` codes; anything else (a dropped connection) came from the source. */
function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Drops a UTF-8 byte order mark at the very start, even one split across chunks. */
async function* withoutBom(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const source = chunks[Symbol.asyncIterator]();
  const head = await readPrefix(source, UTF8_BOM.length);
  let skip = startsWith(head.bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
  for await (const chunk of replay(head.chunks, source)) {
    if (skip === 0) {
      yield chunk;
      continue;
    }
    const dropped = Math.min(skip, chunk.length);
    skip -= dropped;
    if (dropped < chunk.length) yield chunk.subarray(dropped);
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}
