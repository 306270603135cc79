import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTopics, plainKafka, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { proxyStats, stack } from '../helpers/stack.ts';

const run = promisify(execFile);
const CONTAINERS = 8;
const INVOCATIONS = 500;
const RECORDS = 5;

describe('load', () => {
  it(`${CONTAINERS} concurrent containers x ${INVOCATIONS} invocations: nothing lost, one connection per container and broker`, async () => {
    const [topic] = await createTopics([uniqueTopic('load')], 6);
    const s = stack();
    const config = `bootstrap_server: ${s.bootstrap.counted}
topic: ${topic}
security_protocol: SASL_SSL
sasl_config: { mechanism: SCRAM-SHA-512, username: ske, password: ${JSON.stringify(s.users.ske)} }
ssl_config: { cafile: ${s.tls.caCert} }
`;
    const before = await proxyStats();
    const started = Date.now();
    const outputs = await Promise.all(
      Array.from({ length: CONTAINERS }, (_, c) =>
        run(process.execPath, ['--import', 'tsx', 'test/helpers/container.ts'], {
          env: {
            ...process.env,
            SKE_CONFIG: config,
            CONTAINER: String(c),
            INVOCATIONS: String(INVOCATIONS),
            RECORDS: String(RECORDS),
            LOG_LEVEL: 'warn',
            SKE_METRICS: 'off',
          },
          timeout: 600_000,
          maxBuffer: 64 * 1024 * 1024,
        }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const results = outputs.map(
      (o) => JSON.parse(o.stdout.trim().split('\n').at(-1)!) as { delivered: number; failed: number },
    );
    const connections = (await proxyStats()).connections - before.connections;
    const expected = CONTAINERS * INVOCATIONS * RECORDS;
    const admin = plainKafka().admin();
    await admin.connect();
    const inKafka = (await admin.fetchTopicOffsets(topic!)).reduce((n, p) => n + Number(p.high), 0);
    await admin.disconnect();
    console.log(
      `[load] ${expected} messages from ${CONTAINERS} containers in ${seconds.toFixed(1)} s; ${connections} broker connections; ${inKafka} records in Kafka`,
    );
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(expected);
    expect(connections).toBe(CONTAINERS * 1);
    // Nothing lost, nothing doubled: every message read back exactly once.
    const landed = await readAll(topic!);
    const ids = new Set(landed.map((r) => r.value!.toString()));
    expect(landed).toHaveLength(expected);
    expect(ids.size).toBe(expected);
  }, 600_000);
});
