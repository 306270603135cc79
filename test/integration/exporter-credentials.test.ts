import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { emulatorCounts, putSecret } from '../helpers/aws.ts';
import { testExporter } from '../helpers/exporter.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { setScramPassword } from '../helpers/kafka-admin.ts';
import { oauthConfig } from '../helpers/mage-configs.ts';
import { oauthControl, oauthStats } from '../helpers/oauth.ts';
import { dropProxiedConnections, stack } from '../helpers/stack.ts';

const getSecretCalls = async () => (await emulatorCounts())['secretsmanager.GetSecretValue'] ?? 0;

describe('credentials that change', () => {
  it('survives a SCRAM password rotation with one forced secret refresh', async () => {
    const [topic] = await createTopics([uniqueTopic('rotation')]);
    const secret = `ske/rotation/${randomUUID()}`;
    const first = `first-${randomUUID()}`;
    const second = `second-${randomUUID()}`;
    await setScramPassword('rotator', first);
    await putSecret(secret, { username: 'rotator', password: first });
    const yaml = `bootstrap_server: ${stack().bootstrap.counted}
topic: ${topic}
security_protocol: SASL_SSL
sasl_config:
  mechanism: SCRAM-SHA-512
  username: "{{ aws_secret('${secret}', 'username') }}"
  password: "{{ aws_secret('${secret}', 'password') }}"
ssl_config:
  cafile: ${stack().tls.caCert}
`;
    const { exporter, lines } = testExporter(yaml);
    const deadline = () => ({ deadline: Date.now() + 20_000 });
    expect((await exporter.export([{ message: 'before' }], deadline())).delivered).toBe(1);

    // Rotate in Kafka and in Secrets Manager, then cut the live connection so the next send re-authenticates.
    await setScramPassword('rotator', second);
    await putSecret(secret, { username: 'rotator', password: second });
    await dropProxiedConnections();
    const callsBefore = await getSecretCalls();

    const after = await exporter.export([{ message: 'after' }], deadline());
    await exporter.close();
    expect(after.results).toEqual([{ ok: true, topic, partition: 0, offset: '1' }]);
    expect((await getSecretCalls()) - callsBefore).toBe(1);
    expect(lines.some((l) => l.includes('refreshing secrets and tokens once'))).toBe(true);
    expect(lines.join('\n')).not.toContain(first);
    expect(lines.join('\n')).not.toContain(second);
    expect((await readAll(topic!)).map((r) => JSON.parse(r.value!.toString()))).toEqual(['before', 'after']);
  });

  it('reports a clear failure, once, when the rotated secret is still wrong', async () => {
    const [topic] = await createTopics([uniqueTopic('wrong')]);
    const secret = `ske/wrong/${randomUUID()}`;
    await putSecret(secret, 'not-the-password');
    const yaml = `bootstrap_server: ${stack().bootstrap.counted}
topic: ${topic}
security_protocol: SASL_SSL
sasl_config: { mechanism: PLAIN, username: ske, password: "{{ aws_secret('${secret}') }}" }
ssl_config: { cafile: ${stack().tls.caCert} }
`;
    const { exporter, lines } = testExporter(yaml);
    const callsBefore = await getSecretCalls();
    const summary = await exporter.export([{ message: 1 }], { deadline: Date.now() + 20_000 });
    await exporter.close();
    expect(summary.results[0]).toMatchObject({
      ok: false,
      error: { name: 'KafkaJSSASLAuthenticationError' },
    });
    // One fetch, one forced refresh: never a loop.
    expect((await getSecretCalls()) - callsBefore).toBe(2);
    expect(lines.join('\n')).not.toContain('not-the-password');
    expect(await readAll(topic!)).toEqual([]);
  });

  it('keeps exporting for 90 s across several 20 s token expiries, with broker re-authentication on', async () => {
    const [topic] = await createTopics([uniqueTopic('expiry')]);
    await oauthControl({ tokenLifetimeSeconds: 20 });
    const { exporter } = testExporter(
      oauthConfig(topic!, stack().bootstrap.counted, JSON.stringify(stack().oauth.clientSecret)),
    );
    try {
      const before = await oauthStats();
      const started = Date.now();
      let sent = 0;
      while (Date.now() - started < 90_000) {
        const summary = await exporter.export([{ message: { n: sent } }], { deadline: Date.now() + 10_000 });
        expect(summary.results[0]).toMatchObject({ ok: true });
        sent++;
        await sleep(1000);
      }
      const tokens = (await oauthStats()).tokenRequests - before.tokenRequests;
      // 90 s of 20 s tokens refreshed at half-life: several fetches, but nowhere near one per export.
      expect(tokens).toBeGreaterThanOrEqual(4);
      expect(tokens).toBeLessThan(sent / 2);
      expect(await readAll(topic!)).toHaveLength(sent);
    } finally {
      await exporter.close();
      await oauthControl({ tokenLifetimeSeconds: 3600 });
    }
  }, 150_000);
});
