import { randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { handleS3Event, S3ExportError } from '../../lib/triggers/s3/handler.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { context, type TriggerHarness, triggerHarness } from '../helpers/triggers.ts';

let harness: TriggerHarness | undefined;
afterEach(async () => {
  await harness?.exporter.close();
  harness = undefined;
});

interface Stored {
  bucket: string;
  key: string;
  eTag: string;
  size: number;
  versionId?: string;
}

/** The notification S3 sends for one stored object (the key URL-encoded as S3 does). */
function created(object: Stored, fields: Partial<Record<'eTag' | 'size' | 'versionId', unknown>> = {}) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: object.bucket, arn: `arn:aws:s3:::${object.bucket}` },
          object: {
            key: encodeURIComponent(object.key),
            size: object.size,
            eTag: object.eTag.replace(/"/g, ''),
            ...(object.versionId ? { versionId: object.versionId } : {}),
            sequencer: '0055AED6DCD90281E5',
            ...fields,
          },
        },
      },
    ],
  };
}

async function setup(versioned: boolean) {
  const [topic] = await createTopics([uniqueTopic('s3-version')]);
  harness = await triggerHarness(topic!);
  const bucket = `versions-${randomUUID().slice(0, 8)}`;
  await harness.s3().send(new CreateBucketCommand({ Bucket: bucket }));
  if (versioned)
    await harness
      .s3()
      .send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
      );
  const put = async (key: string, body: string): Promise<Stored> => {
    const out = await harness!.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return {
      bucket,
      key,
      eTag: out.ETag!,
      size: Buffer.byteLength(body),
      ...(out.VersionId ? { versionId: out.VersionId } : {}),
    };
  };
  return { topic: topic!, bucket, put, h: harness };
}

const landedValues = async (topic: string) => (await readAll(topic)).map((r) => r.value!.toString());

describe('S3 versions', () => {
  it('exports the version the event names, even after the object was overwritten', async () => {
    const { topic, put, h } = await setup(true);
    const v1 = await put('exports/day.ndjson', '{"v":1,"n":1}\n{"v":1,"n":2}\n');
    const v2 = await put('exports/day.ndjson', '{"v":2,"n":1}\n');
    expect(v1.versionId).toBeDefined();
    expect(v2.versionId).not.toBe(v1.versionId);

    await handleS3Event(created(v1), context(), h);
    expect(await landedValues(topic)).toEqual(['{"v":1,"n":1}', '{"v":1,"n":2}']);
    await handleS3Event(created(v2), context(), h);
    expect(await landedValues(topic)).toEqual(['{"v":1,"n":1}', '{"v":1,"n":2}', '{"v":2,"n":1}']);
  });

  it('fails clearly for a version that is gone, and exports nothing else in its place', async () => {
    const { topic, bucket, put, h } = await setup(true);
    const v1 = await put('gone.ndjson', '{"v":1}\n');
    await put('gone.ndjson', '{"v":2}\n');
    await h
      .s3()
      .send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone.ndjson', VersionId: v1.versionId }));

    const error = await handleS3Event(created(v1), context(), h).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(S3ExportError);
    expect((error as Error).message).toContain(
      `s3://${bucket}/gone.ndjson (version ${v1.versionId}) not read`,
    );
    expect((error as Error).message).not.toContain('of 0 message(s)');
    expect(await landedValues(topic)).toEqual([]);
  });

  it('refuses an object whose ETag is no longer the one announced (overwritten in an unversioned bucket)', async () => {
    const { topic, put, h } = await setup(false);
    const first = await put('plain.ndjson', '{"v":1}\n');
    await put('plain.ndjson', '{"v":2,"longer":true}\n');

    const error = await handleS3Event(created(first), context(), h).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(S3ExportError);
    expect((error as Error).message).toMatch(/PreconditionFailed|ETag/);
    expect(await landedValues(topic)).toEqual([]);
  });

  it('refuses an object whose size is not the one announced', async () => {
    const { topic, put, h } = await setup(false);
    const object = await put('sized.ndjson', '{"v":1}\n');
    const event = created(object, { size: object.size + 5, eTag: undefined });
    const error = await handleS3Event(event, context(), h).catch((err: unknown) => err);
    expect((error as Error).message).toContain(
      `the event announced ${object.size + 5} bytes; GetObject gave ${object.size}`,
    );
    expect(await landedValues(topic)).toEqual([]);
  });
});
