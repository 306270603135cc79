import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emulatorCounts, putSecret } from '../helpers/aws.ts';
import { testExporter } from '../helpers/exporter.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { oauthConfig } from '../helpers/mage-configs.ts';
import { oauthStats } from '../helpers/oauth.ts';
import { proxyStats, stack } from '../helpers/stack.ts';

describe('warm reuse', () => {
  it('100 sequential exports make 1 broker connection, 1 Secrets Manager call and 1 token request', async () => {
    const [topic] = await createTopics([uniqueTopic('warm')]);
    const secret = `ske/warm/${randomUUID()}`;
    await putSecret(secret, { client_secret: stack().oauth.clientSecret });
    const yaml = oauthConfig(
      topic!,
      stack().bootstrap.counted,
      `"{{ aws_secret('${secret}', 'client_secret') }}"`,
    );

    const before = { proxy: await proxyStats(), aws: await emulatorCounts(), oauth: await oauthStats() };
    const { exporter } = testExporter(yaml);
    for (let i = 0; i < 100; i++) {
      const summary = await exporter.export([{ message: { data: { i } } }], {
        deadline: Date.now() + 10_000,
      });
      expect(summary.delivered).toBe(1);
    }
    const after = { proxy: await proxyStats(), aws: await emulatorCounts(), oauth: await oauthStats() };
    await exporter.close();

    // Counted by the servers: the proxy in front of the broker, the AWS emulator, the OAuth server.
    expect(after.proxy.connections - before.proxy.connections).toBe(1);
    expect(
      (after.aws['secretsmanager.GetSecretValue'] ?? 0) - (before.aws['secretsmanager.GetSecretValue'] ?? 0),
    ).toBe(1);
    expect(after.oauth.tokenRequests - before.oauth.tokenRequests).toBe(1);
    expect((await readAll(topic!)).map((r) => JSON.parse(r.value!.toString()).i)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });
});
