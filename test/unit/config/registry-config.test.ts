import { describe, expect, it } from 'vitest';
import { formatIssue, resolveConfig, validateConfig } from '../../../lib/config/index.ts';

const BASE = 'bootstrap_server: localhost:9092\ntopic: events\n';
const errors = (yaml: string) => validateConfig(`${BASE}${yaml}`, 'exporter.yaml').errors.map(formatIssue);

describe('compression', () => {
  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('accepts %s', (codec) => {
    expect(errors(`compression: ${codec}\n`)).toEqual([]);
  });

  it('names every codec when the value is not one', () => {
    expect(errors('compression: brotli\n')).toEqual([
      'compression: expected one of none, gzip, snappy, lz4, zstd; got "brotli"',
    ]);
  });
});

describe('schema_registry', () => {
  it('accepts a Confluent-compatible registry with basic auth from templates, and resolves it', async () => {
    const yaml = `${BASE}schema_registry:
  url: https://registry.example.com:8081
  basic_auth:
    username: "{{ env_var('REGISTRY_USER') }}"
    password: "{{ env_var('REGISTRY_PASSWORD') }}"
  format: avro
  keys: "{{ env_var('ENCODE_KEYS') }}"
  value_schema:
    type: record
    name: Order
    fields: [{ name: id, type: long }]
`;
    const { config, errors } = validateConfig(yaml);
    expect(errors).toEqual([]);
    const resolved = await resolveConfig(config!, {
      env: { REGISTRY_USER: 'u', REGISTRY_PASSWORD: 'p', ENCODE_KEYS: 'true' },
      getSecret: async () => '',
    });
    expect(resolved.schemaRegistry).toEqual({
      url: 'https://registry.example.com:8081',
      basic_auth: { username: 'u', password: 'p' },
      format: 'avro',
      subject_name_strategy: 'topic',
      keys: true,
      auto_register: true,
      value_schema: { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }] },
    });
  });

  it('accepts a Glue registry', () => {
    expect(
      errors(
        'schema_registry:\n  glue: { registry_name: orders, region: eu-west-1 }\n  format: json_schema\n',
      ),
    ).toEqual([]);
  });

  it('wants exactly one registry', () => {
    expect(errors('schema_registry:\n  format: avro\n')).toEqual([
      'schema_registry: expected either url (a Confluent-compatible registry) or glue (AWS Glue Schema Registry); got neither',
    ]);
    expect(
      errors('schema_registry:\n  url: http://r:8081\n  glue: { registry_name: r }\n  format: avro\n'),
    ).toEqual([
      'schema_registry: expected either url (a Confluent-compatible registry) or glue (AWS Glue Schema Registry); got both',
    ]);
  });

  it('says what is wrong and where', () => {
    expect(
      errors(`schema_registry:
  glue: { registry_name: r }
  basic_auth: { username: u, password: p }
  format: avro2
  subject_name_strategy: record
  key_schema: '"string"'
  value_shema: {}
`),
    ).toEqual([
      'schema_registry.format: expected one of avro, json_schema; got "avro2"',
      'schema_registry.value_shema: unknown key (did you mean "value_schema"?)',
      'schema_registry.basic_auth: is used only with url (a Confluent-compatible registry)',
      "schema_registry.value_schema: is required with subject_name_strategy record, which names the subject after the record's schema",
      'schema_registry.key_schema: is used only with keys: true',
    ]);
  });

  it('never shows the registry password', () => {
    const listed = errors(
      'schema_registry:\n  url: http://r:8081\n  basic_auth: { username: u, password: 12345 }\n  format: avro\n',
    );
    expect(listed).toEqual(['schema_registry.basic_auth.password: expected a string; got a number']);
  });
});
