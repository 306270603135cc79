import { afterEach, describe, expect, it } from 'vitest';
import { invocationDeadline, localContext } from '../../lib/triggers/deadline.ts';
import {
  clusterBootstrap,
  createClusterTopic,
  partitionsOf,
  readCluster,
  waitInSync,
} from '../helpers/cluster.ts';
import { audit, report } from '../helpers/delivery-audit.ts';
import { testExporter } from '../helpers/exporter.ts';
import { restoreStack, stopService } from '../helpers/faults.ts';
import { uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await restoreStack();
}, 240_000);

describe('three brokers: two of them down', () => {
  it('min.insync.replicas not met: every message fails retriable before the deadline, and is delivered once they return', async () => {
    const topic = await createClusterTopic(uniqueTopic('min-isr'), 3);
    const { exporter } = testExporter(`bootstrap_server: ${clusterBootstrap()}\ntopic: ${topic}\n`);
    closers.push(() => exporter.close());
    const messages = (tag: string) =>
      Array.from({ length: 30 }, (_, i) => ({ message: { id: `${tag}-${i}` } }));
    expect((await exporter.export(messages('before'), { deadline: Date.now() + 15_000 })).delivered).toBe(30);

    const [, second, third] = stack().brokers;
    await stopService(second!.service);
    await stopService(third!.service);
    const isr = (await partitionsOf(topic)).map((p) => p.isr.length);

    // As a handler would: the exporter's deadline is the Lambda time left minus the reply margin.
    const lambda = localContext(10_000);
    const down = await exporter.export(messages('down'), { deadline: invocationDeadline(lambda) });
    const finishedBy = lambda.getRemainingTimeInMillis();
    const errors = new Set(down.results.map((r) => (r.ok ? 'ok' : `${r.error.code ?? r.error.name}`)));
    console.log(
      `[faults3] while two brokers are down: ${JSON.stringify({ isr, errors: [...errors], finishedBy })}`,
    );
    expect(down.delivered).toBe(0);
    for (const r of down.results) expect(r).toMatchObject({ ok: false, error: { retriable: true } });
    // Reported while the Lambda still had time to reply.
    expect(finishedBy).toBeGreaterThan(0);

    const returning = Date.now();
    await restoreStack();
    await waitInSync(topic);
    const backMs = Date.now() - returning;
    const retried = await exporter.export(messages('down'), { deadline: Date.now() + 20_000 });
    expect(retried.delivered).toBe(30);

    const ids = [...messages('before'), ...messages('down')].map((m) => m.message.id);
    const landed = (await readCluster(topic)).map(
      (r) => (JSON.parse(r.value!.toString()) as { id: string }).id,
    );
    const result = audit(ids, new Set(), landed);
    report('two of three brokers down (min.insync.replicas 2 not met)', {
      isrWhileDown: isr,
      errors: [...errors],
      lambdaMsLeftAtReply: finishedBy,
      brokersBackInSyncMs: backMs,
      ...result,
    });
    expect(result.lost).toBe(0);
  });
});
