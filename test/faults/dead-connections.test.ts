import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterBootstrap, createClusterTopic, readCluster } from '../helpers/cluster.ts';
import { audit, report } from '../helpers/delivery-audit.ts';
import { testExporter } from '../helpers/exporter.ts';
import { FAULT_IDLE_MS } from '../helpers/fault-stack-env.ts';
import { restoreStack } from '../helpers/faults.ts';
import { uniqueTopic } from '../helpers/kafka.ts';
import { proxyStats, stack } from '../helpers/stack.ts';
import { startWarmContainer } from '../helpers/warm-container.ts';

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await restoreStack();
}, 240_000);

/** SASL_SSL through the counting proxy in front of every broker: the proxy sees (and can break) every socket. */
const countedYaml = (topic: string) => `bootstrap_server: ${clusterBootstrap('counted')}
topic: ${topic}
security_protocol: SASL_SSL
sasl_config: { mechanism: PLAIN, username: ske, password: ${JSON.stringify(stack().users.ske)} }
ssl_config: { cafile: ${stack().tls.caCert} }
`;

const records = (tag: string, n = 20) =>
  Array.from({ length: n }, (_, i) => ({
    messageId: `${tag}-${i}`,
    body: JSON.stringify({ data: { id: `${tag}-${i}` } }),
  }));

async function landedIds(topic: string): Promise<string[]> {
  return (await readCluster(topic)).map((r) => (JSON.parse(r.value!.toString()) as { id: string }).id);
}

/** Waits (up to `timeoutMs`) until the proxy holds at most `open` connections. */
async function proxyOpenAtMost(open: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const now = (await proxyStats()).open;
    if (now <= open || Date.now() > until) return now;
    await sleep(250);
  }
}

describe('three brokers: dead connections of a warm function', () => {
  it('a container frozen (SIGSTOP) for longer than connections.max.idle.ms: the next invocation delivers', async () => {
    const topic = await createClusterTopic(uniqueTopic('frozen'));
    const container = startWarmContainer(countedYaml(topic));
    closers.push(() => container.close());
    expect((await container.invoke(records('before'), 20_000)).failures).toEqual([]);
    const openBefore = (await proxyStats()).open;

    container.freeze();
    const frozenAt = Date.now();
    // The brokers close the frozen function's idle connections (FIN it cannot read while frozen).
    const openWhileFrozen = await proxyOpenAtMost(0, FAULT_IDLE_MS + 60_000);
    await sleep(Math.max(0, FAULT_IDLE_MS * 1.5 - (Date.now() - frozenAt)));
    const frozenMs = Date.now() - frozenAt;
    container.thaw();
    const after = await container.invoke(records('after'), 20_000);

    const ids = [...records('before'), ...records('after')].map((r) => r.messageId);
    const result = audit(ids, new Set(after.failures), await landedIds(topic));
    report('container frozen longer than connections.max.idle.ms', {
      idleMs: FAULT_IDLE_MS,
      frozenMs,
      proxiedOpenBefore: openBefore,
      proxiedOpenWhileFrozen: openWhileFrozen,
      firstInvocationAfterThawMs: after.ms,
      ...result,
    });
    expect(openWhileFrozen).toBe(0);
    expect(after.failures).toEqual([]);
    expect(result.lost).toBe(0);
  });

  it('a silent drop (no FIN, no RST: a NAT idle timeout): the next invocation reconnects and delivers before its deadline', async () => {
    const topic = await createClusterTopic(uniqueTopic('silent'));
    const { exporter } = testExporter(countedYaml(topic));
    closers.push(() => exporter.close());
    const first = await exporter.export(
      records('before').map((r) => ({ message: JSON.parse(r.body) })),
      { deadline: Date.now() + 15_000 },
    );
    expect(first.delivered).toBe(20);

    const { silenced } = (await (
      await fetch(`${stack().countingProxy}/_silence`, { method: 'POST' })
    ).json()) as {
      silenced: number;
    };
    const connectionsBefore = (await proxyStats()).connections;
    const started = Date.now();
    const deadline = started + 15_000;
    const after = await exporter.export(
      records('after').map((r) => ({ message: JSON.parse(r.body) })),
      { deadline },
    );
    const ms = Date.now() - started;
    const newConnections = (await proxyStats()).connections - connectionsBefore;

    const ids = [...records('before'), ...records('after')].map((r) => r.messageId);
    const failed = new Set(after.results.flatMap((r, i) => (r.ok ? [] : [`after-${i}`])));
    const result = audit(ids, failed, await landedIds(topic));
    report('silent drop of every open connection', { silenced, recoveredMs: ms, newConnections, ...result });
    expect(silenced).toBeGreaterThan(0);
    expect(after.delivered).toBe(20);
    expect(Date.now()).toBeLessThanOrEqual(deadline);
    expect(newConnections).toBeGreaterThan(0);
    expect(result.lost).toBe(0);
  });
});
