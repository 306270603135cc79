import avsc from 'avsc/etc/browser/avsc-types.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { SchemaRegistryConfigSchema } from '../../../lib/config/registry-schema.ts';
import type { ProduceRecord } from '../../../lib/kafka/index.ts';
import { createRecordEncoder, resetSchemaCache } from '../../../lib/registry/index.ts';

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};
const ORDER_JSON = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Order',
  type: 'object',
  properties: { id: { type: 'integer' }, item: { type: 'string' } },
  required: ['id', 'item'],
};

const record = (value: string, key: string | null = null, topic = 'orders'): ProduceRecord => ({
  topic,
  key,
  value,
  timestamp: '1700000000000',
  headers: {},
});

/** A Confluent-compatible registry in a fetch function: ids by subject, and every request it got. */
function fakeRegistry(answer: (method: string, path: string, body: unknown) => [number, unknown]) {
  const requests: Array<{ method: string; path: string; body: unknown; auth: string | null }> = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({
      method: init.method ?? 'GET',
      path,
      body,
      auth: new Headers(init.headers).get('authorization'),
    });
    const [status, json] = answer(init.method ?? 'GET', path, body);
    return new Response(JSON.stringify(json), { status });
  }) as unknown as typeof fetch;
  return { fetch: fetchFn, requests };
}

const config = (extra: Record<string, unknown>) =>
  SchemaRegistryConfigSchema.parse({ url: 'http://registry.test:8081', format: 'avro', ...extra });

beforeEach(() => resetSchemaCache());

describe('encoding for a Confluent-compatible registry', () => {
  it('registers the schema once and writes magic byte 0, the id, then Avro binary', async () => {
    const registry = fakeRegistry(() => [200, { id: 7 }]);
    const encoder = createRecordEncoder(config({ value_schema: ORDER }), { fetch: registry.fetch });
    const [a, b] = await Promise.all([
      encoder.encode([record('{"id":1,"item":"honey"}')]),
      encoder.encode([record('{"id":2,"item":"wax","note":"raw"}')]),
    ]);
    expect(registry.requests).toEqual([
      {
        method: 'POST',
        path: '/subjects/orders-value/versions',
        body: { schema: JSON.stringify(ORDER) },
        auth: null,
      },
    ]);
    const value = (a![0] as { record: ProduceRecord }).record.value as Buffer;
    expect(value.subarray(0, 5).toString('hex')).toBe('0000000007');
    expect(avsc.Type.forSchema(ORDER as never).fromBuffer(value.subarray(5))).toEqual({
      id: 1,
      item: 'honey',
      note: null,
    });
    expect(b![0]).toMatchObject({ ok: true });
  });

  it('reports a value that does not match as that record alone, naming the field', async () => {
    const registry = fakeRegistry(() => [200, { id: 3 }]);
    const encoder = createRecordEncoder(config({ value_schema: ORDER }), { fetch: registry.fetch });
    const results = await encoder.encode([
      record('{"id":1,"item":"honey"}'),
      record('{"id":"one","item":"honey"}'),
      record('not json'),
    ]);
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toEqual({
      ok: false,
      error: {
        name: 'SchemaMismatchError',
        code: 'SCHEMA_MISMATCH',
        retriable: false,
        message: expect.stringMatching(
          /value does not match the Avro schema shop\.Order: .*id.*"one".*\(schema id 3\)/,
        ),
      },
    });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'SCHEMA_MISMATCH', retriable: false } });
  });

  it('fails records as retriable while the registry is down, and asks again next time', async () => {
    let up = false;
    const registry = fakeRegistry(() => (up ? [200, { id: 9 }] : [503, { message: 'unavailable' }]));
    const encoder = createRecordEncoder(config({ value_schema: ORDER }), { fetch: registry.fetch });
    expect((await encoder.encode([record('{"id":1,"item":"x"}')]))[0]).toMatchObject({
      ok: false,
      error: { code: 'SCHEMA_REGISTRY_503', retriable: true },
    });
    up = true;
    expect((await encoder.encode([record('{"id":1,"item":"x"}')]))[0]).toMatchObject({ ok: true });
    expect(registry.requests).toHaveLength(2);
  });

  it("uses the subject's latest version when no schema is configured, with basic auth", async () => {
    const registry = fakeRegistry(() => [200, { id: 4, schema: JSON.stringify(ORDER) }]);
    const encoder = createRecordEncoder(config({ basic_auth: { username: 'u', password: 'p' } }), {
      fetch: registry.fetch,
    });
    expect((await encoder.encode([record('{"id":1,"item":"x"}')]))[0]).toMatchObject({ ok: true });
    expect(registry.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/subjects/orders-value/versions/latest',
        auth: `Basic ${Buffer.from('u:p').toString('base64')}`,
      }),
    ]);
  });

  it('names subjects after the record with the record strategies', async () => {
    const registry = fakeRegistry(() => [200, { id: 1 }]);
    for (const [strategy, subject] of [
      ['record', 'shop.Order'],
      ['topic_record', 'orders-shop.Order'],
    ]) {
      resetSchemaCache();
      const encoder = createRecordEncoder(config({ value_schema: ORDER, subject_name_strategy: strategy }), {
        fetch: registry.fetch,
      });
      await encoder.encode([record('{"id":1,"item":"x"}')]);
      expect(registry.requests.at(-1)?.path).toBe(`/subjects/${encodeURIComponent(subject!)}/versions`);
    }
  });

  it('encodes keys too with keys: true (a string schema takes the key as text)', async () => {
    const registry = fakeRegistry((_m, path) => [200, { id: path.includes('-key') ? 11 : 12 }]);
    const encoder = createRecordEncoder(config({ value_schema: ORDER, keys: true, key_schema: '"string"' }), {
      fetch: registry.fetch,
    });
    const [result] = await encoder.encode([record('{"id":1,"item":"x"}', 'hive-7')]);
    const key = (result as { record: ProduceRecord }).record.key as Buffer;
    expect(key.subarray(0, 5).toString('hex')).toBe('000000000b');
    expect(avsc.Type.forSchema('string').fromBuffer(key.subarray(5))).toBe('hive-7');
  });

  it("registers JSON schemas as schemaType JSON and sends the sender's own JSON text after the header", async () => {
    const registry = fakeRegistry(() => [200, { id: 5 }]);
    const encoder = createRecordEncoder(config({ format: 'json_schema', value_schema: ORDER_JSON }), {
      fetch: registry.fetch,
    });
    const text = '{"id":1,"item":"honey","extra":1.0}';
    const [ok, bad] = await encoder.encode([record(text), record('{"id":1.5}')]);
    expect(registry.requests[0]?.body).toEqual({ schema: JSON.stringify(ORDER_JSON), schemaType: 'JSON' });
    const value = (ok as { record: ProduceRecord }).record.value as Buffer;
    expect(value.subarray(0, 5).toString('hex')).toBe('0000000005');
    expect(value.subarray(5).toString()).toBe(text);
    expect(bad).toMatchObject({ ok: false, error: { code: 'SCHEMA_MISMATCH', retriable: false } });
    const message = (bad as { error: { message: string } }).error.message;
    expect(message).toMatch(/^value does not match the JSON schema Order: /);
    expect(message).toMatch(/id: Instance type "number" is invalid\. Expected "integer"/);
    expect(message).toMatch(/\(the value\): Instance does not have required property "item"/);
  });
});

describe('encoding for AWS Glue Schema Registry', () => {
  it('writes header version 3, compression 0 and the schema version UUID', async () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const sent: string[] = [];
    const glue = {
      send: async (command: { constructor: { name: string }; input: unknown }) => {
        sent.push(command.constructor.name);
        if (command.constructor.name === 'GetSchemaByDefinitionCommand')
          throw Object.assign(new Error('not found'), { name: 'EntityNotFoundException' });
        return { SchemaVersionId: uuid, Status: 'AVAILABLE' };
      },
    };
    const encoder = createRecordEncoder(
      SchemaRegistryConfigSchema.parse({ glue: { registry_name: 'r' }, format: 'avro', value_schema: ORDER }),
      { createGlueClient: () => glue as never },
    );
    const [result] = await encoder.encode([record('{"id":1,"item":"x"}')]);
    const value = (result as { record: ProduceRecord }).record.value as Buffer;
    expect(value.subarray(0, 18).toString('hex')).toBe(`0300${uuid.replace(/-/g, '')}`);
    expect(sent).toEqual(['GetSchemaByDefinitionCommand', 'RegisterSchemaVersionCommand']);
  });
});
