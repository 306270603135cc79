import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { handleS3Event } from '../../lib/triggers/s3/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent, withoutObjectChecks } from '../events/load.ts';
import {
  brokerService,
  clusterBootstrap,
  createClusterTopic,
  leaderOf,
  readCluster,
  waitInSync,
  watchLanded,
} from '../helpers/cluster.ts';
import { audit, report } from '../helpers/delivery-audit.ts';
import { killService, restoreStack } from '../helpers/faults.ts';
import { uniqueTopic } from '../helpers/kafka.ts';
import { context, triggerHarness } from '../helpers/triggers.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await restoreStack();
}, 240_000);

/** A trigger harness whose bootstrap is every broker (it must survive the leader's death). */
async function clusterHarness(topic: string) {
  const h = await triggerHarness(topic, 'batch_size: 100\n', clusterBootstrap());
  closers.push(() => h.exporter.close());
  return h;
}

/** Polls (up to 90 s) until `topic` partition 0's leader is another broker than `dead`; returns the ms it took. */
async function leaderMovedFrom(topic: string, dead: number, since: number): Promise<number> {
  while (Date.now() - since < 90_000) {
    const leader = await leaderOf(topic).catch(() => dead);
    if (leader !== dead && leader >= 0) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${topic}: partition 0 still led by the killed broker ${dead} after 90 s`);
}

describe('three brokers: the leader killed (SIGKILL) mid-export', () => {
  it('a 10,000-message SQS export: every reported delivery is in Kafka, every missing message was reported failed', async () => {
    const topic = await createClusterTopic(uniqueTopic('leader-sqs'), 3);
    const h = await clusterHarness(topic);
    const template = loadEvent<{ Records: Array<Record<string, unknown>> }>('sqs/standard').Records[1]!;
    const event = {
      Records: Array.from({ length: 1000 }, (_, r) => ({
        ...structuredClone(template),
        messageId: `rec-${r}`,
        body: JSON.stringify(
          Array.from({ length: 10 }, (_, m) => ({ data: { r, m, pad: 'x'.repeat(200) } })),
        ),
      })),
    };
    const leader = await leaderOf(topic, 0);
    const progress = await watchLanded(topic);
    const reply = handleSqsEvent(event, context(45_000), h);
    await progress.atLeast(1000);
    const killedAt = Date.now();
    await killService(brokerService(leader));
    const moved = leaderMovedFrom(topic, leader, killedAt);
    const { batchItemFailures } = await reply;
    const exportMs = Date.now() - killedAt;
    const recoverMs = await moved;
    await restoreStack();

    const failedRecords = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    const ids = event.Records.flatMap((_, r) => Array.from({ length: 10 }, (_, m) => `${r}/${m}`));
    const failed = new Set(ids.filter((id) => failedRecords.has(`rec-${id.split('/')[0]}`)));
    const landed = (await readCluster(topic)).map((rec) => {
      const { r, m } = JSON.parse(rec.value!.toString()) as { r: number; m: number };
      return `${r}/${m}`;
    });
    const result = audit(ids, failed, landed);
    report('leader SIGKILL mid 10,000-message SQS export', {
      killed: leader,
      leaderMovedMs: recoverMs,
      exportFinishedMsAfterKill: exportMs,
      recordsFailed: failedRecords.size,
      ...result,
    });
    expect(result.lost).toBe(0);
  });

  it('an S3 export of 10,000 lines: delivered whole, or failed and delivered whole by the retry', async () => {
    const topic = await createClusterTopic(uniqueTopic('leader-s3'), 3);
    const h = await clusterHarness(topic);
    const bucket = `leader-${randomUUID().slice(0, 8)}`;
    const key = 'lines.ndjson';
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ data: { i, pad: 'y'.repeat(200) } }),
    );
    await h.s3().send(new CreateBucketCommand({ Bucket: bucket }));
    await h.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${lines.join('\n')}\n` }));
    // Without the fixture's made-up ETag and size, which the object put here would not match.
    const event = withoutObjectChecks(
      loadEvent<{
        Records: Array<{ s3: { bucket: { name: string }; object: { key: string } } }>;
      }>('s3/object-created'),
    );
    event.Records = [event.Records[0]!];
    event.Records[0]!.s3.bucket.name = bucket;
    event.Records[0]!.s3.object.key = key;

    const leader = await leaderOf(topic, 0);
    const progress = await watchLanded(topic);
    const first = handleS3Event(event, context(45_000), h).then(
      () => undefined,
      (err: Error) => err,
    );
    await progress.atLeast(1000);
    const killedAt = Date.now();
    await killService(brokerService(leader));
    const recoverMs = await leaderMovedFrom(topic, leader, killedAt);
    const error = await first;
    const exportMs = Date.now() - killedAt;
    await restoreStack();
    await waitInSync(topic);
    const read = async () =>
      (await readCluster(topic)).map((r) => String((JSON.parse(r.value!.toString()) as { i: number }).i));
    const ids = lines.map((_, i) => String(i));
    // The invocation either succeeded (then every line is in Kafka) or failed (then Lambda retries the object).
    const afterFirst = audit(ids, error ? new Set(ids) : new Set(), await read());
    expect(afterFirst.lost).toBe(0);
    if (error) {
      expect(error.name).toBe('S3ExportError');
      await handleS3Event(event, context(60_000), h);
    }
    const final = audit(ids, new Set(), await read());
    report('leader SIGKILL mid 10,000-line S3 export', {
      killed: leader,
      leaderMovedMs: recoverMs,
      firstInvocation: error ? 'failed, retried' : 'succeeded',
      exportFinishedMsAfterKill: exportMs,
      ...final,
    });
    expect(final.lost).toBe(0);
    expect(new Set(await read()).size).toBe(10_000);
  });
});
