import type { Readable } from 'node:stream';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { withAwsDeadline } from '../../aws/deadline.ts';
import type { S3HandlerDeps } from './handler.ts';
import type { S3ObjectRef } from './objects.ts';

/** The object as error texts name it: `s3://bucket/key (version v)`. */
export function describe(ref: Pick<S3ObjectRef, 'bucket' | 'key' | 'versionId'>): string {
  const version = ref.versionId === undefined ? '' : ` (version ${ref.versionId})`;
  return `s3://${ref.bucket}/${ref.key}${version}`;
}

export type ObjectRead = { ok: true; object: GetObjectCommandOutput } | { ok: false; reason: string };

/**
 * GetObject for exactly what the event announced: its version when it names
 * one (an overwrite before we got there must not export the newer version
 * instead), and only while the ETag still matches (`If-Match`); the size is
 * checked against Content-Length. A version that is gone is a failure that
 * says so, never another version's data.
 */
export async function getObject(
  deps: S3HandlerDeps,
  ref: Pick<S3ObjectRef, 'bucket' | 'key' | 'versionId' | 'eTag' | 'size'>,
  deadline: number,
): Promise<ObjectRead> {
  const what = describe(ref);
  let object: GetObjectCommandOutput;
  try {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = await deps.s3();
    const command = new GetObjectCommand({
      Bucket: ref.bucket,
      Key: ref.key,
      ...(ref.versionId === undefined ? {} : { VersionId: ref.versionId }),
      ...(ref.eTag === undefined ? {} : { IfMatch: quoted(ref.eTag) }),
    });
    object = await withAwsDeadline(
      `S3 GetObject ${what}`,
      (abortSignal) => s3.send(command, { abortSignal }),
      deadline,
    );
  } catch (err) {
    const name = (err as Error).name;
    const why = name === 'PreconditionFailed' ? ' (its ETag is no longer the one the event announced)' : '';
    return { ok: false, reason: `${what}: ${name}: ${(err as Error).message}${why}` };
  }
  if (ref.size !== undefined && object.ContentLength !== undefined && object.ContentLength !== ref.size) {
    (object.Body as Readable | undefined)?.destroy?.();
    return {
      ok: false,
      reason: `${what}: the event announced ${ref.size} bytes; GetObject gave ${object.ContentLength}`,
    };
  }
  return { ok: true, object };
}

/** ETags travel quoted in HTTP; S3 events write them bare. */
function quoted(eTag: string): string {
  return eTag.startsWith('"') ? eTag : `"${eTag}"`;
}
