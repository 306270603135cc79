import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  startRegistry,
  stopRegistry,
} from '../../infra/registry/service.ts';
import { stackLayout } from '../../infra/stack/layout.ts';
import { resetSchemaCache } from '../../lib/registry/index.ts';
import { inputs, testExporter } from '../helpers/exporter.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { NOT_AN_ORDER, ORDER_AVRO, ORDER_JSON_SCHEMA, ORDERS } from '../helpers/registry-schemas.ts';
import { confluentDecode, confluentPython } from '../helpers/registry-serdes.ts';
import { stack } from '../helpers/stack.ts';

let url: string;
const auth = { user: REGISTRY_USER, password: REGISTRY_PASSWORD };

beforeAll(async () => {
  resetSchemaCache();
  url = await startRegistry(stackLayout());
  confluentPython();
}, 15 * 60_000);
afterAll(() => stopRegistry(stackLayout()));

/** The exporter's YAML, the registry password through a template as a user would write it. */
function yaml(topic: string, registry: Record<string, unknown>): string {
  return JSON.stringify({
    bootstrap_server: stack().bootstrap.plaintext,
    topic,
    schema_registry: {
      url,
      basic_auth: { username: REGISTRY_USER, password: "{{ env_var('REGISTRY_PASSWORD') }}" },
      ...registry,
    },
  });
}

const withKeys = (messages: unknown[]) =>
  messages.map((data, i) => ({ data, metadata: { key: `order-${i}` } }));

describe.each([
  ['avro', ORDER_AVRO, '"string"'],
  ['json_schema', ORDER_JSON_SCHEMA, { type: 'string' }],
] as const)('a Confluent-compatible registry, %s', (format, schema, keySchema) => {
  let topic: string;
  let exporter: ReturnType<typeof testExporter>['exporter'];
  beforeAll(async () => {
    [topic] = (await createTopics([uniqueTopic(`confluent-${format}`)])) as [string];
    ({ exporter } = testExporter(
      yaml(topic, { format, value_schema: schema, keys: true, key_schema: keySchema }),
      {
        REGISTRY_PASSWORD,
      },
    ));
  });
  afterAll(() => exporter.close());

  it("delivers the batch's matching messages, decoded by confluent-kafka's deserializers to the same keys and values", async () => {
    const messages = withKeys([ORDERS[0], NOT_AN_ORDER, ORDERS[1], ORDERS[2]]);
    const summary = await exporter.export(inputs(...messages), { deadline: Date.now() + 60_000 });
    expect(summary.results.map((r) => r.ok)).toEqual([true, false, true, true]);
    expect(summary.results[1]).toMatchObject({
      ok: false,
      error: { name: 'SchemaMismatchError', code: 'SCHEMA_MISMATCH', retriable: false },
    });
    const landed = await readAll(topic);
    expect(landed.map((r) => r.value![0])).toEqual([0, 0, 0]);
    const decoded = await confluentDecode(topic, 3, { url, format, keys: true, ...auth });
    expect(decoded).toEqual([
      { key: 'order-0', value: ORDERS[0] },
      { key: 'order-2', value: ORDERS[1] },
      { key: 'order-3', value: ORDERS[2] },
    ]);
  });
});

describe('a Confluent-compatible registry, the latest version of a subject', () => {
  it('encodes with the schema registered by someone else when the config gives none', async () => {
    const [topic] = (await createTopics([uniqueTopic('confluent-latest')])) as [string];
    const res = await fetch(`${url}/subjects/${topic}-value/versions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/vnd.schemaregistry.v1+json',
        authorization: `Basic ${Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64')}`,
      },
      body: JSON.stringify({ schema: JSON.stringify(ORDER_AVRO) }),
    });
    const { id } = (await res.json()) as { id: number };
    const { exporter } = testExporter(yaml(topic, { format: 'avro' }), { REGISTRY_PASSWORD });
    try {
      const summary = await exporter.export(inputs({ data: ORDERS[2] }), { deadline: Date.now() + 30_000 });
      expect(summary.delivered).toBe(1);
    } finally {
      await exporter.close();
    }
    const [landed] = await readAll(topic);
    expect(landed!.value!.readInt32BE(1)).toBe(id);
    expect(await confluentDecode(topic, 1, { url, format: 'avro', keys: false, ...auth })).toEqual([
      { key: null, value: ORDERS[2] },
    ]);
  });

  it('reports wrong registry credentials per message as retriable (never dead-lettered), not as a crash', async () => {
    const [topic] = (await createTopics([uniqueTopic('confluent-denied')])) as [string];
    const { exporter } = testExporter(yaml(topic, { format: 'avro', value_schema: ORDER_AVRO }), {
      REGISTRY_PASSWORD: 'wrong',
    });
    try {
      const summary = await exporter.export(inputs({ data: ORDERS[0] }, { data: ORDERS[1] }), {
        deadline: Date.now() + 30_000,
      });
      expect(summary.results).toEqual([
        expect.objectContaining({
          ok: false,
          error: expect.objectContaining({ code: 'SCHEMA_REGISTRY_401', retriable: true }),
        }),
        expect.objectContaining({
          ok: false,
          error: expect.objectContaining({ code: 'SCHEMA_REGISTRY_401', retriable: true }),
        }),
      ]);
    } finally {
      await exporter.close();
    }
    expect(await readAll(topic)).toEqual([]);
  });
});
