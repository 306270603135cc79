import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFunctions } from '../../infra/build/package.ts';
import { cgroupsUnavailable, MB_PER_VCPU } from '../../infra/lambda/cgroup.ts';
import { type LambdaHarness, lambdaHarness } from '../../infra/lambda/harness.ts';
import type { LambdaSandbox } from '../../infra/lambda/sandbox.ts';
import { ROOT, stackLayout } from '../../infra/stack/layout.ts';
import { s3ObjectsFromEvent } from '../../lib/triggers/s3/objects.ts';
import { loadEvent, withoutObjectChecks } from '../events/load.ts';
import { putSecret, s3Client } from '../helpers/aws.ts';
import { functionNodeOptions } from '../helpers/function-node-options.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { oauthConfig } from '../helpers/mage-configs.ts';
import { dropProxiedConnections, proxyStats, stack } from '../helpers/stack.ts';
import { FIXTURE_API_KEY } from '../helpers/triggers.ts';

/** The smallest memory size we benchmark: 14.5% of a core, the hardest case for time-outs and init. */
const MEMORY_MB = 256;
const unavailable = cgroupsUnavailable();
if (unavailable) console.warn(`[lambda] skipped: Lambda's cgroups cannot be made here (${unavailable})`);

let topic: string;
let zips: Map<string, string>;
let harness: LambdaHarness;

/** The function's environment as serverless.yml gives it, pointed at the local stack. */
function functionEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { aws } = stack();
  return {
    SKE_CONFIG_FILE: 'exporter.yaml',
    KAFKA_BOOTSTRAP: stack().bootstrap.plaintext,
    NODE_OPTIONS: functionNodeOptions().join(' '),
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: aws.region,
    AWS_ACCESS_KEY_ID: aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
    ...extra,
  };
}

async function withFunction<T>(
  name: string,
  env: Record<string, string>,
  use: (fn: LambdaSandbox) => Promise<T>,
): Promise<T> {
  const fn = await harness.start({ zip: zips.get(name)!, memoryMb: MEMORY_MB, name, env });
  try {
    return await use(fn);
  } finally {
    await fn.stop();
  }
}

async function putFixtureObjects(event: unknown): Promise<ReturnType<typeof s3ObjectsFromEvent>> {
  const objects = s3ObjectsFromEvent(event);
  for (const o of objects) {
    await s3Client()
      .send(new CreateBucketCommand({ Bucket: o.bucket }))
      .catch(() => {});
    const body = o.key.endsWith('.csv') ? 'a,b\n1,2\n' : o.key.endsWith('.json') ? '[1,2]' : '{"x":1}\n';
    await s3Client().send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: body }));
  }
  return objects;
}

describe.skipIf(unavailable)(
  `the packaged functions under the Lambda Runtime Interface Emulator (Node 22, ${MEMORY_MB} MB, frozen between invocations)`,
  () => {
    beforeAll(async () => {
      [topic] = (await createTopics([uniqueTopic('rie')], 3)) as [string];
      // The repository's own exporter.yaml, only its default topic made unique for this run.
      const config = readFileSync(join(ROOT, 'exporter.yaml'), 'utf8').replace(
        /^topic: .*$/m,
        `topic: ${topic}`,
      );
      const configFile = join(mkdtempSync(join(tmpdir(), 'ske-rie-')), 'exporter.yaml');
      writeFileSync(configFile, config);
      zips = new Map((await packageFunctions(configFile)).map((z) => [z.name, z.zip]));
      await putSecret('serverless-kafka-exporter/http', { api_key: FIXTURE_API_KEY });
      harness = lambdaHarness(stackLayout());
    }, 300_000);

    afterAll(() => harness?.close());

    it('runs the runtime inside cgroups with the memory size: CPU quota, memory limit, frozen after each invocation', async () => {
      await withFunction('invoke', functionEnv(), async (fn) => {
        expect(fn.cgroup.cpuShare).toBeCloseTo(MEMORY_MB / MB_PER_VCPU, 4);
        expect(Number(readFileSync(join(fn.cgroup.dirs.memory, 'memory.limit_in_bytes'), 'utf8'))).toBe(
          MEMORY_MB * 2 ** 20,
        );
        const reply = await fn.invoke(loadEvent('invoke/messages'));
        expect(reply).toMatchObject({ ok: true, payload: { messages: 4, delivered: 4, failed: 0 } });
        expect(fn.cgroup.state()).toBe('FROZEN');
        const [runtime] = fn.cgroup.pids();
        expect(readFileSync(`/proc/${runtime}/cmdline`, 'utf8')).toContain('runtime-client.mjs');
        const version = execFileSync(readlinkSync(`/proc/${runtime}/exe`), ['-v'], {
          encoding: 'utf8',
        }).trim();
        console.log(`[lambda] invoke: init ${reply.report.initMs} ms on node ${version}`);
        expect(version).toMatch(/^v22\./);
        expect(reply.report.initMs).toBeGreaterThan(0);
      });
    });

    it('sqs answers its fixture cold, and again warm after a freeze; the records land once per invocation', async () => {
      await withFunction('sqs', functionEnv(), async (fn) => {
        for (let i = 0; i < 2; i++) {
          const reply = await fn.invoke(loadEvent('sqs/standard'));
          expect(reply).toMatchObject({ ok: true, payload: { batchItemFailures: [] } });
          expect(fn.cgroup.state()).toBe('FROZEN');
        }
      });
      const values = (await readAll(topic)).map((r) => r.value!.toString());
      expect(values.filter((v) => v === '"hive 7 is quiet today"')).toHaveLength(2);
    });

    it('http authenticates with the key from Secrets Manager, answers 200 cold and warm, and 401 without the key', async () => {
      const event = loadEvent<{ headers: Record<string, string>; multiValueHeaders?: unknown }>(
        'apigw/rest-v1',
      );
      await withFunction('http', functionEnv(), async (fn) => {
        for (let i = 0; i < 2; i++) {
          const reply = await fn.invoke(event);
          expect(reply.ok).toBe(true);
          expect(reply.payload).toMatchObject({ statusCode: 200 });
        }
        delete event.headers['X-Api-Key'];
        delete event.multiValueHeaders;
        expect((await fn.invoke(event)).payload).toMatchObject({ statusCode: 401 });
      });
    });

    it('s3 streams the objects of the notification, cold and warm', async () => {
      // The fixture's ETags are not those of the objects written here.
      const event = withoutObjectChecks(loadEvent('s3/object-created'));
      const objects = await putFixtureObjects(event);
      await withFunction('s3', functionEnv(), async (fn) => {
        for (let i = 0; i < 2; i++) {
          const reply = await fn.invoke(event);
          expect(reply).toMatchObject({
            ok: true,
            payload: { objects: objects.map((o) => ({ key: o.key, failed: 0 })) },
          });
        }
      });
    });

    it('invoke reports a failed export as a function error (errorType and errorMessage, as Lambda returns it)', async () => {
      await withFunction('invoke', functionEnv({ KAFKA_BOOTSTRAP: '127.0.0.1:1' }), async (fn) => {
        const reply = await fn.invoke(loadEvent('invoke/messages'));
        expect(reply.ok).toBe(false);
        expect(reply.payload).toMatchObject({
          errorType: expect.any(String),
          errorMessage: expect.any(String),
        });
      });
    });

    it('a warm function whose broker connections were cut while it was frozen reconnects and delivers on its next invocation', async () => {
      const [faultTopic] = (await createTopics([uniqueTopic('rie-freeze')], 1)) as [string];
      const yaml = oauthConfig(
        faultTopic,
        stack().bootstrap.counted,
        JSON.stringify(stack().oauth.clientSecret),
      );
      await withFunction('invoke', functionEnv({ SKE_CONFIG: yaml }), async (fn) => {
        const first = await fn.invoke({ messages: [{ data: { n: 1 } }] });
        expect(first).toMatchObject({ ok: true, payload: { delivered: 1 } });
        // While frozen, the runtime cannot see its sockets close: as after a NAT or broker idle timeout on Lambda.
        expect(fn.cgroup.state()).toBe('FROZEN');
        const before = await proxyStats();
        expect(await dropProxiedConnections()).toBeGreaterThan(0);
        const second = await fn.invoke({ messages: [{ data: { n: 2 } }] });
        expect(second).toMatchObject({ ok: true, payload: { delivered: 1, failed: 0 } });
        expect((await proxyStats()).connections - before.connections).toBeGreaterThanOrEqual(1);
      });
      expect((await readAll(faultTopic)).map((r) => JSON.parse(r.value!.toString()).n)).toEqual([1, 2]);
    });
  },
);
