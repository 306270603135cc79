import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  AwsDeadlineError,
  invocationDeadlineNow,
  readBeforeDeadline,
  withAwsDeadline,
  withInvocationDeadline,
} from '../../../lib/aws/deadline.ts';

describe('AWS calls bounded by the deadline', () => {
  it('aborts a call that has not answered by the deadline and names it', async () => {
    let signal: AbortSignal | undefined;
    const hung = (abortSignal: AbortSignal) => {
      signal = abortSignal;
      return new Promise<never>(() => {});
    };
    const error = await withAwsDeadline('S3 GetObject s3://b/k', hung, Date.now() + 30).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsDeadlineError);
    expect((error as Error).message).toBe(
      "deadline exceeded: S3 GetObject s3://b/k did not answer before the invocation's time ran out",
    );
    expect((error as AwsDeadlineError).retriable).toBe(true);
    expect(signal?.aborted).toBe(true);
  });

  it('passes on an answer that comes in time, and refuses to start past the deadline', async () => {
    expect(await withAwsDeadline('x', async () => 7, Date.now() + 5000)).toBe(7);
    await expect(withAwsDeadline('x', async () => 7, Date.now() - 1)).rejects.toThrow(AwsDeadlineError);
  });

  it("takes the invocation's deadline from the work the handler runs under it, and nowhere else", async () => {
    const deadline = Date.now() + 1234;
    await withInvocationDeadline(deadline, async () => {
      await Promise.resolve();
      expect(invocationDeadlineNow()).toBe(deadline);
    });
    expect(invocationDeadlineNow()).toBeUndefined();
  });

  it('ends a body that stalls at the deadline, destroying it', async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from('first'));
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of readBeforeDeadline(body, 'reading the body of s3://b/k', Date.now() + 50))
        chunks.push(String(chunk));
    })().catch((e: unknown) => e);
    expect(chunks).toEqual(['first']);
    expect((error as Error).message).toContain('deadline exceeded: reading the body of s3://b/k');
    expect(body.destroyed).toBe(true);
  });
});
