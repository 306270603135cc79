import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../lib/observability/index.ts';
import { decodeS3Object, type S3Item } from '../../../lib/triggers/s3/decode.ts';
import { exportObject } from '../../../lib/triggers/s3/handler.ts';
import { inChunks } from '../../helpers/chunks.ts';
import { mageMessage } from './arbitraries.ts';
import { fakeExporter } from './fake-exporter.ts';

const messageLine = fc.oneof(
  { weight: 4, arbitrary: mageMessage.map((message) => JSON.stringify(message)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((text) => text.replace(/\n/g, ' ')) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '"\u00e9"', '🐝') },
);

/** Object contents: lines, CSV, a JSON array, gzip of lines, or bytes that are none of these. */
const content = fc.oneof(
  fc.array(messageLine, { maxLength: 14 }).map((lines) => Buffer.from(lines.join('\n'))),
  fc
    .array(fc.array(fc.constantFrom('1', 'bee', '"q"""', 'a,b', ''), { minLength: 1, maxLength: 3 }), {
      maxLength: 8,
    })
    .map((rows) => Buffer.from(['id,name', ...rows.map((row) => row.join(','))].join('\r\n'))),
  fc
    .array(messageLine, { maxLength: 10 })
    .map((elements) => Buffer.from(`[${elements.map((e) => (e === '' ? 'null' : e)).join(',\n')}]`)),
  fc.array(messageLine, { maxLength: 10 }).map((lines) => gzipSync(lines.join('\n'))),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
);

describe('S3 exportObject with any object', () => {
  it('accounts for every record: delivered, or counted failed with a first error, never lost', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('in/x.ndjson', 'in/x.csv', 'in/x.json', 'in/x.log', 'in/x.ndjson.gz', 'in/x'),
        content,
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
        fc.record({
          batchSize: fc.integer({ min: 1, max: 5 }),
          deterministicKeys: fc.boolean(),
          maxRecordBytes: fc.constantFrom(24, 1024 * 1024),
        }),
        fc.uniqueArray(fc.nat({ max: 12 }), { maxLength: 4 }),
        async (key, bytes, sizes, settings, picks) => {
          const failing = new Set(picks);
          const exporter = fakeExporter({ fail: (_input, n) => (failing.has(n) ? 'refused' : undefined) });
          const s3 = {
            send: async () => ({ Body: Readable.from(inChunks(bytes, sizes)), ContentType: undefined }),
          };
          const outcome = await exportObject(
            {
              exporter,
              s3: () => s3 as never,
              logger: createLogger({ write: () => {} }),
              settings: async () => settings,
              env: {},
            },
            { bucket: 'hives', key },
            Date.now() + 60_000,
          );

          // The same object decoded on its own: what the export had to account for.
          const items: S3Item[] = [];
          for await (const item of decodeS3Object(
            inChunks(bytes, sizes),
            { bucket: 'hives', key },
            { maxRecordBytes: settings.maxRecordBytes },
          ))
            items.push(item);
          const decoded = items.flatMap((item) => (item.ok ? [item] : []));

          const sent = exporter.inputs();
          expect(JSON.stringify(sent.map((input) => input.message))).toBe(
            JSON.stringify(decoded.map((item) => item.input.message)),
          );
          sent.forEach((input, n) => {
            const { line } = decoded[n]!;
            expect(input.headers?.['s3.line']).toBe(String(line));
            expect(input.defaultKey).toBe(settings.deterministicKeys ? `hives/${key}#${line}` : undefined);
          });
          const delivered = exporter.results().filter((result) => result.ok).length;
          expect(outcome).toMatchObject({ bucket: 'hives', key, messages: items.length, delivered });
          expect(outcome.failed).toBe(items.length - delivered);
          if (outcome.failed > 0) expect(outcome.firstError).toEqual(expect.stringMatching(/\S/));
          else expect(outcome.firstError).toBeUndefined();
          // Batches never exceed the configured size.
          for (const call of exporter.calls)
            expect(call.inputs.length).toBeLessThanOrEqual(settings.batchSize);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts an object that cannot be fetched as failed, with the reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('NoSuchKey', 'AccessDenied', 'TimeoutError'), async (name) => {
        const exporter = fakeExporter();
        const s3 = {
          send: async () => {
            throw Object.assign(new Error('the fetch failed'), { name });
          },
        };
        const outcome = await exportObject(
          {
            exporter,
            s3: () => s3 as never,
            logger: createLogger({ write: () => {} }),
            settings: async () => ({ batchSize: 10, deterministicKeys: false, maxRecordBytes: 1024 }),
          },
          { bucket: 'hives', key: 'in/x.ndjson' },
          Date.now() + 60_000,
        );
        expect(outcome).toMatchObject({ messages: 0, delivered: 0, failed: 1 });
        expect(outcome.firstError).toContain(`s3://hives/in/x.ndjson: ${name}`);
        expect(exporter.calls).toEqual([]);
      }),
      { numRuns: 3 },
    );
  });
});
