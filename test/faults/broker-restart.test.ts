import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterBootstrap, createClusterTopic, readCluster } from '../helpers/cluster.ts';
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

describe('three brokers: a broker restarted between warm invocations', () => {
  it('the exporter keeps retrying within the deadline instead of giving up after KafkaJS quick retries', async () => {
    // One replica, on broker 2: while it is down nothing can take the partition over.
    const broker = stack().brokers[1]!;
    const topic = await createClusterTopic(uniqueTopic('restart'), 1, [broker.nodeId], {
      'min.insync.replicas': '1',
    });
    const { exporter, lines } = testExporter(`bootstrap_server: ${clusterBootstrap()}\ntopic: ${topic}\n`);
    closers.push(() => exporter.close());
    const message = (id: string) => ({ message: { id } });
    expect((await exporter.export([message('before')], { deadline: Date.now() + 15_000 })).delivered).toBe(1);

    await stopService(broker.service);
    const started = Date.now();
    const sending = exporter.export([message('after')], { deadline: started + 90_000 });
    // Well past KafkaJS's own retries (3, about half a second) before the broker is even started again.
    await sleep(3000);
    await restoreStack();
    const restartedMs = Date.now() - started;
    const after = await sending;
    const ms = Date.now() - started;
    // KafkaJS logs each of its failed tries; with its 3 quick retries alone there would be 4 at most.
    const failedTries = lines.filter((l) => /Failed to send messages|no leader|ECONNREFUSED/.test(l)).length;

    const result = audit(
      ['before', 'after'],
      new Set(after.results[0]!.ok ? [] : ['after']),
      (await readCluster(topic)).map((r) => (JSON.parse(r.value!.toString()) as { id: string }).id),
    );
    report('broker restarted between warm invocations', {
      brokerBackMs: restartedMs,
      deliveredAfterMs: ms,
      failedTriesLogged: failedTries,
      ...result,
    });
    expect(after.results[0]).toMatchObject({ ok: true });
    expect(result.lost).toBe(0);
  });
});
