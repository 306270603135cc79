/**
 * Writes a large gzip NDJSON object to the emulator's S3, in a process of its
 * own so the test process's memory figures measure the export, not this.
 * Usage: node --import tsx test/helpers/put-big-ndjson.ts BUCKET KEY LINES
 * Prints the object's size in bytes.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from './aws.ts';

const [bucket, key, linesText] = process.argv.slice(2);
const lines = Number(linesText);
const chunks: Buffer[] = [];
// Random payloads so the object stays large once compressed.
for (let i = 0; i < lines; i++)
  chunks.push(Buffer.from(`{"data":{"i":${i},"r":"${randomBytes(100).toString('hex')}"}}\n`));
const gzipped = gzipSync(Buffer.concat(chunks), { level: 1 });
const s3 = s3Client();
await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => {});
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipped }));
console.log(gzipped.length);
