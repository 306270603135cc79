import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeS3Object } from '../../../../lib/triggers/s3/decode.ts';

// Forced collections make heap figures measure what is *retained*, not garbage
// awaiting collection, so the bounds below are not at the mercy of GC timing.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Live memory: the JS heap plus Buffers, where the decoder's bytes would pile up. */
function liveBytes(): number {
  collect();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Tracks the highest live memory above a baseline taken when it is created. */
function memoryProbe() {
  const baseline = liveBytes();
  let peak = 0;
  return {
    sample: () => {
      peak = Math.max(peak, liveBytes() - baseline);
    },
    peakMiB: () => peak / 2 ** 20,
  };
}

const MiB = 2 ** 20;

/** A source that counts what was pulled from it and whether it was closed. */
function countingSource(chunks: number, chunkSize: number) {
  const state = { pulled: 0, closed: false };
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      for (let i = 0; i < chunks; i++) {
        state.pulled++;
        yield Buffer.from(`${randomBytes(chunkSize / 2 - 1).toString('hex')}\n`);
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source };
}

describe('decodeS3Object streaming', () => {
  it('pulls the object only as the consumer asks, and closes it when the consumer stops', async () => {
    const { state, source } = countingSource(1000, 1024);
    const items = decodeS3Object(source(), { bucket: 'b', key: 'lines.txt' });
    await items.next();
    expect(state.pulled).toBe(1);
    await items.next();
    expect(state.pulled).toBe(2);
    await items.return(undefined);
    expect(state.closed).toBe(true);
  });

  it('reads only a bounded window ahead through gunzip, and destroys the body stream when the consumer stops', async () => {
    // Random text: it barely compresses, so the compressed window stays close to what was pulled.
    const { state, source } = countingSource(2000, 1024);
    const zipped = Readable.from(source(), { objectMode: false }).pipe(createGzip());
    let consumed = 0;
    for await (const item of decodeS3Object(zipped, { bucket: 'b', key: 'lines.txt.gz' })) {
      expect(item.ok).toBe(true);
      if (++consumed === 10) break;
    }
    // Stream buffers (a few highWaterMarks of 16-64 KiB) are all that is read ahead of the consumer.
    expect(state.pulled).toBeLessThan(400);
    expect(zipped.destroyed).toBe(true);
  });

  it('throws when reading the object fails, after the messages that arrived', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('one\ntwo\n');
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const item of decodeS3Object(broken(), { bucket: 'b', key: 'a.txt' })) {
        seen.push(item.ok ? item.input.message : item.reason);
      }
    })();
    await expect(reading).rejects.toThrow('socket hang up');
    expect(seen).toEqual(['one', 'two']);
  });

  it('throws a failed read behind gunzip as it is, not as an error item about the gzip data', async () => {
    const zipped = gzipSync('one\ntwo\n'.repeat(1000));
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield zipped.subarray(0, zipped.length / 2);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const reading = (async () => {
      for await (const item of decodeS3Object(broken(), { bucket: 'b', key: 'a.txt.gz' })) {
        expect(item.ok).toBe(true);
      }
    })();
    await expect(reading).rejects.toMatchObject({ message: 'socket hang up', code: 'ECONNRESET' });
  });

  it('skips a 50 MB line without holding it, then reads the next line', async () => {
    const chunk = 64 * 1024;
    const probe = memoryProbe();
    async function* object(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"first":true}\n');
      for (let i = 0; i < (50 * MiB) / chunk; i++) {
        if (i % 64 === 0) probe.sample();
        yield Buffer.alloc(chunk, 0x78); // fresh each time, as a network stream would hand them over
      }
      yield Buffer.from('\n{"after":true}\n');
    }
    const items = [];
    for await (const item of decodeS3Object(
      object(),
      { bucket: 'b', key: 'big.ndjson' },
      { maxRecordBytes: MiB },
    )) {
      items.push(item.ok ? item.input.message : item.reason);
    }
    probe.sample();
    expect(items).toEqual([
      { first: true },
      `line 2: ${50 * MiB} bytes, more than maxRecordBytes (${MiB}); skipped`,
      { after: true },
    ]);
    console.info(`50 MB line: live memory grew at most ${probe.peakMiB().toFixed(1)} MiB`);
    expect(probe.peakMiB()).toBeLessThan(8);
  }, 60_000);

  it('decodes 200k gzipped NDJSON lines with bounded memory', async () => {
    const lines = 200_000;
    const probe = memoryProbe();
    async function* generated(): AsyncGenerator<string> {
      let batch = '';
      for (let i = 1; i <= lines; i++) {
        batch += `{"data":{"n":${i},"id":"${i.toString(36).padStart(8, '0')}","payload":"${'p'.repeat(i % 200)}"}}\n`;
        if (batch.length >= 64 * 1024 || i === lines) {
          yield batch;
          batch = '';
        }
      }
    }
    const zipped = Readable.from(generated(), { objectMode: false }).pipe(createGzip());
    let count = 0;
    let lastLine = 0;
    for await (const item of decodeS3Object(zipped, { bucket: 'b', key: 'events.ndjson.gz' })) {
      if (!item.ok) throw new Error(item.reason);
      count++;
      lastLine = item.line;
      if (count % 20_000 === 0) probe.sample();
    }
    expect(count).toBe(lines);
    expect(lastLine).toBe(lines);
    console.info(`200k gzipped lines: live memory grew at most ${probe.peakMiB().toFixed(1)} MiB`);
    expect(probe.peakMiB()).toBeLessThan(64);
  }, 60_000);
});
