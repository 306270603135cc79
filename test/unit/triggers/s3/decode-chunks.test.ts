import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3Object, type S3Item } from '../../../../lib/triggers/s3/decode.ts';
import { inChunks } from '../../../helpers/chunks.ts';

/** Objects whose tricky bytes (multi-byte characters, CRLF, quotes, BOM) land on every chunk boundary. */
const OBJECTS = {
  'mixed.ndjson': '\ufeff{"name":"Zoë 🎉"}\r\n\r\n{"quote":"\\"]"}\r\nnot json\r\n"日本"',
  'mixed.txt': 'première ligne\r\n\r\n🎉 second\nthird\r\n',
  'mixed.json': '\ufeff [ {"a":"]\\"[","b":[1,{"c":"é"}]} ,\r\n"🎉", tru, null ]\r\n',
  'mixed.csv': '\ufeffname,note\r\n"Zoë","a ""quoted"", split\r\nline 🎉"\r\n\r\n日本,"x"\r\nshort\r\n',
} as const;

async function decode(bytes: Uint8Array, key: string, sizes: readonly number[]): Promise<S3Item[]> {
  const items: S3Item[] = [];
  for await (const item of decodeS3Object(inChunks(bytes, sizes), { bucket: 'b', key })) items.push(item);
  return items;
}

describe('decodeS3Object across chunk boundaries', () => {
  for (const [key, text] of Object.entries(OBJECTS)) {
    const bytes = new TextEncoder().encode(text);

    it(`decodes ${key} the same in 1-byte chunks as in one chunk`, async () => {
      const whole = await decode(bytes, key, [bytes.length]);
      expect(whole.length).toBeGreaterThan(1);
      expect(JSON.stringify(whole)).not.toContain('\ufffd');
      expect(await decode(bytes, key, [1])).toEqual(whole);
    });

    it(`decodes ${key} the same in chunks of random sizes, plain and gzipped`, async () => {
      const whole = await decode(bytes, key, [bytes.length]);
      const zipped = gzipSync(bytes);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 8 }),
          async (sizes) => {
            expect(await decode(bytes, key, sizes)).toEqual(whole);
            expect(await decode(zipped, key, sizes)).toEqual(whole);
          },
        ),
        { numRuns: 50 },
      );
    });
  }

  it('keeps the message of every format the same when a multi-byte character is cut in each possible place', async () => {
    const bytes = new TextEncoder().encode('🎉\n');
    for (let cut = 1; cut < 4; cut++) {
      const items = await decode(bytes, 'party.txt', [cut, 8]);
      expect(items).toMatchObject([{ ok: true, input: { message: '🎉' } }]);
    }
  });
});
