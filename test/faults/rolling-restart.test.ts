import { afterEach, describe, expect, it } from 'vitest';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { sqsRecord } from '../events/sqs-record.ts';
import { clusterBootstrap, createClusterTopic, readCluster, waitInSync } from '../helpers/cluster.ts';
import { audit, report } from '../helpers/delivery-audit.ts';
import { restoreStack, stopService } from '../helpers/faults.ts';
import { uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';
import { context, triggerHarness } from '../helpers/triggers.ts';

const STREAM_MS = 60_000;
const RECORDS_PER_INVOCATION = 50;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await restoreStack();
}, 240_000);

describe('three brokers: a rolling restart while invocations stream', () => {
  it('each broker in turn stopped with a controlled shutdown and restarted: 0 lost, duplicates counted', async () => {
    const topic = await createClusterTopic(uniqueTopic('rolling'), 3);
    const h = await triggerHarness(topic, '', clusterBootstrap());
    closers.push(() => h.exporter.close());
    const ids: string[] = [];
    const failed = new Set<string>();
    const invocationMs: number[] = [];
    let stop = false;
    let invocations = 0;
    let failedInvocations = 0;

    const stream = (async () => {
      const started = Date.now();
      while (!stop || Date.now() - started < STREAM_MS) {
        const n = invocations++;
        const records = Array.from({ length: RECORDS_PER_INVOCATION }, (_, r) => {
          const id = `${n}/${r}`;
          ids.push(id);
          return sqsRecord(id, JSON.stringify({ data: { id } }), 'rolling');
        });
        const begun = Date.now();
        const { batchItemFailures } = await handleSqsEvent({ Records: records }, context(15_000), h);
        invocationMs.push(Date.now() - begun);
        if (batchItemFailures.length > 0) failedInvocations++;
        for (const f of batchItemFailures) failed.add(f.itemIdentifier);
      }
    })();

    const restarts: Array<{ broker: number; downMs: number; backInSyncMs: number }> = [];
    for (const broker of stack().brokers) {
      const begun = Date.now();
      await stopService(broker.service); // SIGTERM: Kafka's controlled shutdown moves its leaderships first
      const downMs = Date.now() - begun;
      await restoreStack();
      await waitInSync(topic);
      restarts.push({ broker: broker.nodeId, downMs, backInSyncMs: Date.now() - begun });
    }
    stop = true;
    await stream;

    // SQS would deliver the failed records again: do so, on the healed cluster.
    const retry = [...failed].map((id) => sqsRecord(id, JSON.stringify({ data: { id } }), 'rolling'));
    const redelivered = retry.length
      ? (await handleSqsEvent({ Records: retry }, context(30_000), h)).batchItemFailures.length
      : 0;
    const landed = (await readCluster(topic)).map(
      (r) => (JSON.parse(r.value!.toString()) as { id: string }).id,
    );
    const first = audit(ids, failed, landed);
    const after = audit(ids, new Set(), landed);
    report('rolling restart (controlled shutdown) while invocations stream', {
      invocations,
      failedInvocations,
      maxInvocationMs: Math.max(...invocationMs),
      restarts,
      reportedFailedThenRetried: failed.size,
      retryFailures: redelivered,
      ...after,
    });
    expect(first.lost).toBe(0);
    expect(redelivered).toBe(0);
    expect(after.lost).toBe(0);
  });
});
