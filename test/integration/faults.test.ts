import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { handleS3Event } from '../../lib/triggers/s3/handler.ts';
import { handleSqsEvent } from '../../lib/triggers/sqs/handler.ts';
import { loadEvent, withoutObjectChecks } from '../events/load.ts';
import { putSecret } from '../helpers/aws.ts';
import { testExporter } from '../helpers/exporter.ts';
import { killService, restoreStack, stopService } from '../helpers/faults.ts';
import { createTopics, plainKafka, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { oauthConfig } from '../helpers/mage-configs.ts';
import { oauthStats } from '../helpers/oauth.ts';
import { dropProxiedConnections, proxyStats, stack } from '../helpers/stack.ts';
import { context, triggerHarness } from '../helpers/triggers.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await restoreStack();
}, 180_000);

/**
 * Watches how many records `topic` holds. Connected before the work starts,
 * so `atLeast` sees the first records land without a connect's delay.
 */
async function watchLanded(topic: string): Promise<{ atLeast(count: number): Promise<void> }> {
  const admin = plainKafka().admin();
  await admin.connect();
  return {
    async atLeast(count) {
      try {
        for (;;) {
          // Right after a broker restart a new topic's leaders may still be moving in: ask again.
          const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
          if (offsets.reduce((n, p) => n + Number(p.high), 0) >= count) return;
          await sleep(5);
        }
      } finally {
        await admin.disconnect();
      }
    },
  };
}

const plainYaml = (topic: string, extra = '') =>
  `bootstrap_server: ${stack().bootstrap.plaintext}\ntopic: ${topic}\n${extra}`;

describe('faults', () => {
  it('a broker restart between two warm invocations: the second one succeeds', async () => {
    const [topic] = await createTopics([uniqueTopic('restart')]);
    const { exporter } = testExporter(plainYaml(topic!));
    closers.push(() => exporter.close());
    expect(
      (await exporter.export([{ message: 'before' }], { deadline: Date.now() + 10_000 })).delivered,
    ).toBe(1);
    await stopService('kafka');
    await restoreStack();
    const started = Date.now();
    const after = await exporter.export([{ message: 'after' }], { deadline: Date.now() + 20_000 });
    console.log(`[faults] first export after the broker restart took ${Date.now() - started} ms`);
    expect(after.results[0]).toMatchObject({ ok: true });
    expect((await readAll(topic!)).map((r) => JSON.parse(r.value!.toString()))).toEqual(['before', 'after']);
  }, 120_000);

  it('a broker that is down: failure before the deadline, and no retry storm (connections counted at the proxy)', async () => {
    const [topic] = await createTopics([uniqueTopic('storm')]);
    const { exporter } =
      testExporter(`bootstrap_server: ${stack().bootstrap.counted}\ntopic: ${topic}\nsecurity_protocol: SASL_SSL
sasl_config: { mechanism: PLAIN, username: ske, password: ${JSON.stringify(stack().users.ske)} }
ssl_config: { cafile: ${stack().tls.caCert} }
`);
    closers.push(() => exporter.close());
    expect((await exporter.export([{ message: 1 }], { deadline: Date.now() + 10_000 })).delivered).toBe(1);
    await stopService('kafka');
    const before = (await proxyStats()).connections;
    const started = Date.now();
    const summary = await exporter.export([{ message: 2 }], { deadline: Date.now() + 5000 });
    const ms = Date.now() - started;
    const attempts = (await proxyStats()).connections - before;
    console.log(`[faults] broker down: failed in ${ms} ms after ${attempts} connection attempts`);
    expect(summary.results[0]).toMatchObject({ ok: false, error: { retriable: true } });
    expect(ms).toBeLessThan(5000);
    // KafkaJS's round of 4 tries (each reconnecting) makes about 8 connections; the exporter repeats the
    // round while time is left, 200 ms apart doubling (lib/kafka/produce-attempts.ts): about 4 rounds in
    // 5 s, so about 30. A storm would be hundreds within 5 s.
    expect(attempts).toBeLessThanOrEqual(40);
  }, 120_000);

  it('the broker killed in the middle of a 10,000-message SQS export: every reported delivery is in Kafka', async () => {
    const [topic] = await createTopics([uniqueTopic('killed')], 3);
    const h = await triggerHarness(topic!, 'batch_size: 100\n');
    closers.push(() => h.exporter.close());
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
    const progress = await watchLanded(topic!);
    const reply = handleSqsEvent(event, context(20_000), h);
    // Kill once part of the work has landed.
    await progress.atLeast(1000);
    await killService('kafka');
    const { batchItemFailures } = await reply;
    await restoreStack();

    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    const landed = await readAll(topic!);
    const seen = new Map<string, number>();
    for (const record of landed) {
      const { r, m } = JSON.parse(record.value!.toString()) as { r: number; m: number };
      seen.set(`${r}/${m}`, (seen.get(`${r}/${m}`) ?? 0) + 1);
    }
    let lost = 0;
    for (let r = 0; r < 1000; r++) {
      if (failed.has(`rec-${r}`)) continue;
      for (let m = 0; m < 10; m++) if (!seen.has(`${r}/${m}`)) lost++;
    }
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    console.log(
      `[faults] broker killed mid-export: ${1000 - failed.size} records reported delivered, ${failed.size} failed, ${landed.length} messages landed, ${lost} lost, ${duplicates} duplicated`,
    );
    expect(failed.size).toBeGreaterThan(0);
    expect(lost).toBe(0);
  }, 180_000);

  it('the broker killed in the middle of a 10,000-line S3 export: the object fails, and its retry delivers every line', async () => {
    const [topic] = await createTopics([uniqueTopic('killed-s3')], 3);
    const h = await triggerHarness(topic!, 'batch_size: 100\n');
    closers.push(() => h.exporter.close());
    const bucket = `killed-${randomUUID().slice(0, 8)}`;
    const key = 'lines.ndjson';
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ data: { i, pad: 'y'.repeat(200) } }),
    );
    await h.s3().send(new CreateBucketCommand({ Bucket: bucket }));
    await h.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${lines.join('\n')}\n` }));
    const event = loadEvent<{
      Records: Array<{ s3: { bucket: { name: string }; object: { key: string } } }>;
    }>('s3/object-created');
    event.Records = [withoutObjectChecks(event.Records[0]!)];
    event.Records[0]!.s3.bucket.name = bucket;
    event.Records[0]!.s3.object.key = key;

    const progress = await watchLanded(topic!);
    const first = handleS3Event(event, context(20_000), h).then(
      () => undefined,
      (err: Error) => err,
    );
    // Kill once part of the work has landed.
    await progress.atLeast(1000);
    await killService('kafka');
    const error = await first;
    await restoreStack();
    // Not everything was acknowledged, so the invocation failed (Lambda retries it) ...
    expect(error?.name).toBe('S3ExportError');
    const landedBefore = (await readAll(topic!)).length;
    // ... and the retry delivers the whole object: at least once, never lost.
    await handleS3Event(event, context(60_000), h);
    const seen = new Map<number, number>();
    for (const r of await readAll(topic!)) {
      const { i } = JSON.parse(r.value!.toString()) as { i: number };
      seen.set(i, (seen.get(i) ?? 0) + 1);
    }
    const duplicated = [...seen.values()].filter((n) => n > 1).length;
    console.log(
      `[faults] S3 export killed after ${landedBefore} lines landed; after the retry all ${seen.size} lines are in Kafka, ${duplicated} twice`,
    );
    expect(seen.size).toBe(10_000);
  }, 180_000);

  it('the OAuth server down: a cached token keeps working; without one, a clear error before the deadline', async () => {
    const [topic] = await createTopics([uniqueTopic('oauth-down')]);
    const yaml = oauthConfig(topic!, stack().bootstrap.counted, JSON.stringify(stack().oauth.clientSecret));
    const warm = testExporter(yaml);
    closers.push(() => warm.exporter.close());
    expect(
      (await warm.exporter.export([{ message: 'with token' }], { deadline: Date.now() + 10_000 })).delivered,
    ).toBe(1);
    const tokensBefore = (await oauthStats()).tokenRequests;
    await stopService('oauth');
    await dropProxiedConnections(); // the next send reconnects and re-authenticates with the cached token
    const again = await warm.exporter.export([{ message: 'cached token' }], {
      deadline: Date.now() + 10_000,
    });
    expect(again.results[0]).toMatchObject({ ok: true });

    const cold = testExporter(yaml);
    closers.push(() => cold.exporter.close());
    const started = Date.now();
    const failed = await cold.exporter.export([{ message: 'no token' }], { deadline: Date.now() + 6000 });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(failed.results[0]).toMatchObject({ ok: false });
    expect(failed.results[0]).toMatchObject({ ok: false, error: { name: 'OAuthError', retriable: true } });
    expect(failed.results[0]!.ok === false && failed.results[0]!.error.message).toMatch(
      /^Failed to fetch OAuth token: /,
    );
    await restoreStack();
    // The warm exporter never asked for a new token while the server was down (the restarted server counts from 0).
    expect(tokensBefore).toBeGreaterThan(0);
    expect((await oauthStats()).tokenRequests).toBe(0);
  }, 120_000);

  it('the AWS emulator down: a cached secret is used; without one, a clear error', async () => {
    const [topic] = await createTopics([uniqueTopic('aws-down')]);
    const secret = `ske/faults/${randomUUID()}`;
    await putSecret(secret, { password: stack().users.ske });
    const yaml = `bootstrap_server: ${stack().bootstrap.saslSsl}\ntopic: ${topic}\nsecurity_protocol: SASL_SSL
sasl_config: { mechanism: SCRAM-SHA-256, username: ske, password: "{{ aws_secret('${secret}', 'password') }}" }
ssl_config: { cafile: ${stack().tls.caCert} }
`;
    const warm = testExporter(yaml);
    closers.push(() => warm.exporter.close());
    expect((await warm.exporter.export([{ message: 1 }], { deadline: Date.now() + 10_000 })).delivered).toBe(
      1,
    );
    await stopService('aws');
    expect((await warm.exporter.export([{ message: 2 }], { deadline: Date.now() + 10_000 })).delivered).toBe(
      1,
    );

    const cold = testExporter(yaml);
    closers.push(() => cold.exporter.close());
    const started = Date.now();
    await expect(cold.exporter.export([{ message: 3 }], { deadline: Date.now() + 10_000 })).rejects.toThrow(
      `could not read key "password" of secret "${secret}": secret "${secret}": GetSecretValue failed with Error: connect ECONNREFUSED`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await readAll(topic!)).map((r) => r.value!.toString())).toEqual(['1', '2']);
  }, 120_000);
});
