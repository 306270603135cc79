import { CreateRegistryCommand, GlueClient } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter } from '../../lib/exporter/index.ts';
import { resetSchemaCache } from '../../lib/registry/index.ts';
import { createSecretCache } from '../../lib/secrets/index.ts';
import { awsClientConfig, emulatorCounts, secretsClient } from '../helpers/aws.ts';
import { inputs } from '../helpers/exporter.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { NOT_AN_ORDER, ORDER_AVRO, ORDER_JSON_SCHEMA, ORDERS } from '../helpers/registry-schemas.ts';
import { glueDecode, glueSerdeClasspath } from '../helpers/registry-serdes.ts';
import { stack } from '../helpers/stack.ts';

const glue = () => new GlueClient(awsClientConfig());
const registryName = uniqueTopic('ske-registry');

function exporterFor(topic: string, format: 'avro' | 'json_schema', schema: object) {
  const yaml = JSON.stringify({
    bootstrap_server: stack().bootstrap.plaintext,
    topic,
    dead_letter_topic: `${topic}-dlq`,
    schema_registry: {
      glue: { registry_name: registryName, region: stack().aws.region },
      format,
      value_schema: schema,
    },
  });
  return createExporter({
    env: { SKE_CONFIG: yaml, SKE_METRICS: 'off' },
    secrets: createSecretCache({ client: secretsClient() }),
    write: () => {},
    registry: { createGlueClient: () => glue() },
  });
}

const glueCalls = async () =>
  Object.entries(await emulatorCounts())
    .filter(([op]) => op.startsWith('AWSGlue.'))
    .reduce((sum, [, n]) => sum + n, 0);

beforeAll(async () => {
  resetSchemaCache();
  await glue().send(new CreateRegistryCommand({ RegistryName: registryName }));
  glueSerdeClasspath();
}, 20 * 60_000);

describe.each([
  ['avro', ORDER_AVRO],
  ['json_schema', ORDER_JSON_SCHEMA],
] as const)('AWS Glue Schema Registry, %s', (format, schema) => {
  let topic: string;
  const exporter = { current: undefined as ReturnType<typeof createExporter> | undefined };
  afterAll(() => exporter.current?.close());

  beforeAll(async () => {
    topic = uniqueTopic(`glue-${format}`);
    await createTopics([topic, `${topic}-dlq`]);
    exporter.current = exporterFor(topic, format, schema);
  });

  it("delivers the batch's matching messages, decoded by AWS's own Glue deserializer to the same values", async () => {
    const messages = [ORDERS[0], ORDERS[1], NOT_AN_ORDER, ORDERS[2]].map((data, i) => ({
      data,
      metadata: { key: `o${i}` },
    }));
    const summary = await exporter.current!.export(inputs(...messages), { deadline: Date.now() + 60_000 });
    expect(summary.results.map((r) => r.ok && !r.deadLettered)).toEqual([true, true, false, true]);
    // The mismatch is a per-message error, diverted to the dead-letter topic with its reason.
    expect(summary.results[2]).toMatchObject({
      ok: true,
      topic: `${topic}-dlq`,
      deadLettered: {
        name: 'SchemaMismatchError',
        code: 'SCHEMA_MISMATCH',
        message: expect.stringContaining('quantity'),
      },
    });
    const [letter] = await readAll(`${topic}-dlq`);
    expect(JSON.parse(letter!.value!.toString())).toMatchObject({
      error: { code: 'SCHEMA_MISMATCH' },
      original: { topic, key: 'o2', value: JSON.stringify(NOT_AN_ORDER) },
    });
    const landed = await readAll(topic);
    expect(landed).toHaveLength(3);
    for (const r of landed) expect([...r.value!.subarray(0, 2)]).toEqual([3, 0]);
    expect(await glueDecode(topic, 3)).toEqual([ORDERS[0], ORDERS[1], ORDERS[2]]);
  });

  it('asks Glue for the schema version once, not once per batch', async () => {
    const before = await glueCalls();
    const summary = await exporter.current!.export(inputs({ data: ORDERS[0] }), {
      deadline: Date.now() + 30_000,
    });
    expect(summary.delivered).toBe(1);
    expect(await glueCalls()).toBe(before);
  });
});
