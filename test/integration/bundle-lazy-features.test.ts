import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CreateRegistryCommand, GlueClient } from '@aws-sdk/client-glue';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleFunctions } from '../../infra/build/bundle.ts';
import { lambdaNode } from '../../infra/stack/lambda-node.ts';
import { ROOT, stackLayout } from '../../infra/stack/layout.ts';
import { loadEvent } from '../events/load.ts';
import { awsClientConfig } from '../helpers/aws.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { storedCodecs } from '../helpers/other-clients.ts';
import { NOT_AN_ORDER, ORDER_JSON_SCHEMA, ORDERS } from '../helpers/registry-schemas.ts';
import { glueDecode } from '../helpers/registry-serdes.ts';
import { stack } from '../helpers/stack.ts';

const run = promisify(execFile);
const node = lambdaNode(stackLayout().cacheDir) ?? process.execPath;
let bundles: Bundle[];
let sqs: Bundle;

beforeAll(async () => {
  bundles = await bundleFunctions();
  sqs = bundles.find((b) => b.name === 'sqs')!;
}, 300_000);

describe('what a cold start of each built function loads', () => {
  it('is at most 500 KB, without the codecs or the schema registry, which are chunks loaded on demand', () => {
    for (const b of bundles) {
      console.log(
        `[bundle] ${b.name}: cold start loads ${(b.startupBytes / 1024).toFixed(0)} KB; on demand: ${b.chunks
          .filter((c) => !c.atStartup)
          .map((c) => `${c.name.replace(/^chunks\/|-\w+\.mjs$/g, '')} ${(c.bytes / 1024).toFixed(0)} KB`)
          .join(', ')}`,
      );
      expect(b.startupBytes).toBeLessThanOrEqual(500 * 1024);
      for (const lazy of ['snappy', 'lz4-frame', 'zstd', 'encoder', 'avro-codec', 'json-schema-codec']) {
        const chunk = b.chunks.find((c) => c.name.startsWith(`chunks/${lazy}-`));
        expect(chunk, `${b.name}: chunk ${lazy}`).toMatchObject({ atStartup: false });
      }
    }
  });
});

describe('the built SQS function with a codec and a schema registry configured', () => {
  it('loads their chunks on demand and delivers lz4-compressed, Glue-encoded records, failing only the mismatch', async () => {
    const [topic] = (await createTopics([uniqueTopic('bundle-features')])) as [string];
    const registryName = uniqueTopic('bundle-registry');
    await new GlueClient(awsClientConfig()).send(new CreateRegistryCommand({ RegistryName: registryName }));
    const config = JSON.stringify({
      bootstrap_server: stack().bootstrap.plaintext,
      topic,
      compression: 'lz4',
      schema_registry: {
        glue: { registry_name: registryName },
        format: 'json_schema',
        value_schema: ORDER_JSON_SCHEMA,
      },
    });
    const event = loadEvent<{ Records: Array<{ messageId: string; body: string }> }>('sqs/standard');
    const template = event.Records[0]!;
    event.Records = [ORDERS[0], NOT_AN_ORDER].map((data, i) => ({
      ...template,
      messageId: `m${i}`,
      body: JSON.stringify({ data }),
    }));
    const eventFile = join(mkdtempSync(join(tmpdir(), 'ske-event-')), 'event.json');
    writeFileSync(eventFile, JSON.stringify(event));
    const { aws } = stack();
    const { stdout } = await run(
      node,
      [join(ROOT, 'test', 'helpers', 'invoke-bundle.mjs'), dirname(sqs.file), eventFile, '60000'],
      {
        env: {
          PATH: process.env.PATH,
          SKE_CONFIG: config,
          SKE_METRICS: 'off',
          AWS_ENDPOINT_URL: aws.endpoint,
          AWS_REGION: aws.region,
          AWS_ACCESS_KEY_ID: aws.accessKeyId,
          AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
        },
        timeout: 90_000,
      },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
    expect(JSON.parse(line!.slice('@@RESULT '.length))).toEqual({
      ok: true,
      result: { batchItemFailures: [{ itemIdentifier: 'm1' }] },
    });
    expect(await storedCodecs(topic)).toEqual(['lz4']);
    const [landed] = await readAll(topic);
    expect([...landed!.value!.subarray(0, 2)]).toEqual([3, 0]);
    expect(await glueDecode(topic, 1)).toEqual([ORDERS[0]]);
  });
});
