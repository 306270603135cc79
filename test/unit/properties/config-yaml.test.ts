import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ValidationResult, validateConfig } from '../../../lib/config/index.ts';

/** Templates as people write them, right and wrong, alone or inside other text. */
const template = fc.oneof(
  fc.constantFrom(
    "{{ env_var('KAFKA_TOPIC') }}",
    "{{ aws_secret('ske/kafka', 'password') }}",
    "{{ aws_secret('ske/kafka') }}",
    '{{env_var("BROKERS")}}',
    "{{ json_value(aws_secret_var('ske/kafka'), 'password') }}",
  ),
  fc.constantFrom(
    '{{ env_var(X) }}',
    "{{ nope('x') }}",
    '{{',
    '}}',
    "{{ env_var('') }}",
    "{{ aws_secret('a', 'b', 'c') }}",
    "{{ env_var('X') }",
    '{{}}',
    "{{ mage_secret_var('x') }}",
    "{{ env_var('X') }}{{",
  ),
  fc
    .tuple(
      fc.string({ maxLength: 6 }),
      fc.constantFrom("{{ env_var('A') }}", "{{ aws_secret('s', 'k') }}"),
      fc.string({ maxLength: 6 }),
    )
    .map(([before, reference, after]) => `${before}${reference}${after}`),
);

/** Scalars, including the ones YAML 1.1 reads as something else (`yes`, `0x1F`, dates). */
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  template,
  fc.constantFrom(
    'yes',
    'no',
    'on',
    'off',
    '~',
    '0x1F',
    '1e3',
    '2001-12-14',
    '-1',
    '0',
    'PLAINTEXT',
    'all',
    '',
  ),
);

const anyValue = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }) },
);

/** Mostly a value that fits the key, sometimes a template standing in for it, sometimes anything. */
const valueFor = (good: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 1, arbitrary: template },
    { weight: 1, arbitrary: anyValue },
  );

const optional = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) =>
  fc.record(shape, { requiredKeys: [] });

const sasl = optional({
  mechanism: valueFor(
    fc.constantFrom('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER', 'PLAN', 'scram-sha-256'),
  ),
  username: valueFor(fc.constantFrom('bee', '')),
  password: valueFor(fc.constantFrom('s3cret', '')),
  oauth_token_url: valueFor(fc.constantFrom('https://auth.example.com/token', 'ftp://x', 'not a url')),
  oauth_client_id: valueFor(fc.constant('client')),
  oauth_client_secret: valueFor(fc.constant('secret')),
  oauth_scope: valueFor(fc.constant('kafka')),
  oauth_refresh_margin_seconds: valueFor(fc.integer({ min: -5, max: 120 })),
  oauth_timeout_ms: valueFor(fc.integer({ min: -5, max: 20_000 })),
  user_name: fc.constant('near miss'),
});

const ssl = optional({
  cafile: valueFor(
    fc.constantFrom('certs/ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', ''),
  ),
  certfile: valueFor(fc.constant('certs/client.pem')),
  keyfile: valueFor(fc.constant('certs/client.key')),
  password: valueFor(fc.constant('passphrase')),
  check_hostname: valueFor(fc.boolean()),
  ca_file: fc.constant('near miss'),
});

const http = optional({
  auth: valueFor(fc.constantFrom('api_key', 'hmac', 'gateway', 'none', 'apikey')),
  secret: valueFor(fc.constantFrom("{{ aws_secret('ske/http', 'api_key') }}", 'k3y', '')),
  allowed_topics: valueFor(fc.array(fc.constantFrom('bees', 'hives', 'bad topic'), { maxLength: 3 })),
  max_body_bytes: valueFor(fc.integer({ min: -1, max: 2_000_000 })),
  max_messages: valueFor(fc.integer({ min: -1, max: 2000 })),
  hmac_max_skew_seconds: valueFor(fc.integer({ min: -1, max: 600 })),
});

const topicName = fc.constantFrom('bees', 'bees.dlq', 'hive_events-1', 'my topic', '.', '', 'x'.repeat(250));

/**
 * An exporter.yaml as a mapping: the real keys with plausible values, near
 * misses of their names, nested sections, and anything in their place.
 */
const configDoc = fc.record(
  {
    connector_type: valueFor(fc.constantFrom('kafka', 'Kafka', 'kinesis')),
    bootstrap_server: valueFor(
      fc.oneof(
        fc.constantFrom('localhost:9092', 'a:1,b:2', 'broker', 'h:99999', '[::1]:9092'),
        fc.array(fc.constantFrom('a:9092', 'b:9093', 'c', 7), { maxLength: 3 }),
      ),
    ),
    topic: valueFor(topicName),
    api_version: valueFor(fc.constantFrom('0.10.2', '3.9', 3.9, 'latest', 2)),
    batch_size: valueFor(fc.integer({ min: -10, max: 1000 })),
    timeout_ms: valueFor(fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.double())),
    security_protocol: valueFor(
      fc.constantFrom('PLAINTEXT', 'SSL', 'SASL_SSL', 'SASL_PLAINTEXT', 'ssl', 'TLS'),
    ),
    ssl_config: valueFor(ssl),
    sasl_config: valueFor(sasl),
    acks: valueFor(fc.constantFrom('all', -1, 0, 1, 2, 'none')),
    compression: valueFor(fc.constantFrom('none', 'gzip', 'snappy', 'zstd')),
    client_id: valueFor(fc.constantFrom('ske', '')),
    idempotent: valueFor(fc.boolean()),
    headers: valueFor(fc.dictionary(fc.constantFrom('source', 'env', 'x.trace id'), scalar, { maxKeys: 2 })),
    dead_letter_topic: valueFor(topicName),
    http: valueFor(http),
    s3: valueFor(
      optional({ deterministic_keys: valueFor(fc.boolean()), max_record_bytes: valueFor(fc.nat()) }),
    ),
    schedule: valueFor(optional({ input: anyValue })),
    // Near misses of real keys, each an "unknown key" with or without a hint.
    bootstrap_servers: fc.constant('localhost:9092'),
    Topic: fc.constant('bees'),
    'security.protocol': fc.constant('SSL'),
    batchSize: fc.constant(10),
    constructor: anyValue,
    toString: anyValue,
  },
  { requiredKeys: [] },
);

/**
 * A config a user could deploy: brokers and topic, and a few of the simple
 * settings, now and then templated or wrong. These reach the end of
 * validation (and a config) often enough to check that path too.
 */
const plausibleDoc = fc.record(
  {
    bootstrap_server: fc.oneof(
      fc.constantFrom('localhost:9092', 'a:1,b:2', "{{ env_var('BROKERS') }}"),
      fc.array(fc.constantFrom('a:9092', 'b:9093'), { minLength: 1, maxLength: 3 }),
    ),
    topic: fc.constantFrom('bees', 'hive_events-1', "{{ env_var('TOPIC') }}"),
    connector_type: fc.constant('kafka'),
    api_version: valueFor(fc.constantFrom('0.10.2', '3.9', 3.9)),
    batch_size: valueFor(fc.integer({ min: -10, max: 1000 })),
    timeout_ms: valueFor(fc.integer({ min: -10, max: 10_000 })),
    security_protocol: valueFor(fc.constantFrom('PLAINTEXT', 'SSL')),
    acks: valueFor(fc.constantFrom('all', -1, 0, 1)),
    compression: valueFor(fc.constantFrom('none', 'gzip')),
    headers: valueFor(
      fc.dictionary(fc.constantFrom('source', 'env'), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
    ),
    dead_letter_topic: valueFor(fc.constant('bees.dlq')),
    http: fc.record({ auth: fc.constantFrom('api_key', 'hmac'), secret: template }),
    s3: valueFor(optional({ deterministic_keys: fc.boolean(), max_record_bytes: fc.integer({ min: 1 }) })),
    schedule: valueFor(optional({ input: anyValue })),
  },
  { requiredKeys: ['bootstrap_server', 'topic'] },
);

/** A mapping written as YAML lines by hand: strings sometimes unquoted, the rest as JSON (which is YAML). */
function handWritten(doc: Record<string, unknown>, unquoted: readonly boolean[]): string {
  return Object.entries(doc)
    .map(([key, value], i) => {
      const text = typeof value === 'string' && unquoted[i % unquoted.length] ? value : JSON.stringify(value);
      return `${key}: ${text ?? 'null'}`;
    })
    .join('\n');
}

/** YAML features a config rarely needs and a parser must survive: anchors, merges, tags, directives. */
const yamlOddity = fc.constantFrom(
  'defaults: &d {topic: bees}\nother: *d',
  '<<: {topic: bees, bootstrap_server: "a:1"}',
  '<<: [*undefined_anchor]',
  'topic: !!binary YmVlcw==',
  'headers: !!set {a, b}',
  'http: !!omap [auth: none]',
  'schedule: {input: !!omap [a: 1]}',
  'batch_size: !!str 12',
  'batch_size: !!int "12"',
  'topic: !custom bees',
  'topic:\tbees',
  'topic: bees\ntopic: hives',
  '---\ntopic: bees\n---\ntopic: hives',
  '%YAML 1.1\n---\ntopic: bees',
  '? [complex, key]\n: value',
  `topic: ${'['.repeat(400)}${']'.repeat(400)}`,
  "sasl_config:\n  mechanism: PLAIN\n  username: \"{{ env_var('U') }}\"\n  password: {{ env_var('P') }}",
  'a: &a [1, 2]\nb: [*a, *a, *a]',
  '__proto__: {topic: bees}',
  'ssl_config: {__proto__: {cafile: x}}',
);

const yamlText = fc.oneof(
  { weight: 4, arbitrary: configDoc.map((doc) => stringify(doc)) },
  { weight: 4, arbitrary: plausibleDoc.map((doc) => stringify(doc)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(configDoc, fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }))
      .map(([doc, unquoted]) => handWritten(doc, unquoted)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(configDoc, yamlOddity, fc.boolean())
      .map(([doc, oddity, first]) =>
        first ? `${oddity}\n${stringify(doc)}` : `${stringify(doc)}\n${oddity}`,
      ),
  },
  { weight: 1, arbitrary: fc.object({ maxDepth: 2 }).map((doc) => stringify(doc)) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

describe('validateConfig with any YAML', () => {
  it('never throws, lists each problem with a path and a message, and returns a config only without errors', () => {
    let valid = 0;
    fc.assert(
      fc.property(yamlText, (text) => {
        let result: ValidationResult | undefined;
        expect(() => {
          result = validateConfig(text, 'exporter.yaml');
        }).not.toThrow();
        const { config, errors, warnings } = result!;
        for (const issue of [...errors, ...warnings]) {
          expect(issue.path).toEqual(expect.stringMatching(/\S/));
          expect(issue.message).toEqual(expect.stringMatching(/\S/));
        }
        expect(config !== undefined).toBe(errors.length === 0);
        if (config !== undefined) valid++;
      }),
      { numRuns: 300 },
    );
    // The generators reach the end of validation, not only its first refusals.
    expect(valid).toBeGreaterThan(0);
  });
});

describe('validateConfig: counterexamples', () => {
  // BUG (found while writing the property above; lib not changed here): an alias inside the node
  // its anchor names makes yaml's toJS() build a cyclic value, and validateConfig then recurses until the
  // stack overflows, throwing RangeError instead of returning an error: withoutEmptyValues
  // (lib/config/yaml.ts) for mappings, mapStrings (lib/config/paths.ts, via checkDocument's
  // forEachString) for lists. Handlers meet it as a RangeError from the exporter, the CLI as a
  // crash. The property's generators leave self-referencing aliases out until this is fixed.
  it.each([
    'a: &x [*x]',
    'a: &x {b: *x}',
    'topic: bees\nbootstrap_server: a:1\nschedule: {input: &i [*i]}',
    'topic: bees\nbootstrap_server: a:1\nschedule: &s {input: *s}',
  ])('reports a YAML alias inside its own anchor as an error instead of throwing: %j', (text) => {
    let result: ValidationResult | undefined;
    expect(() => {
      result = validateConfig(text, 'exporter.yaml');
    }).not.toThrow();
    expect(result!.config).toBeUndefined();
    expect(result!.errors.length).toBeGreaterThan(0);
    for (const issue of result!.errors) {
      expect(issue.path).toEqual(expect.stringMatching(/\S/));
      expect(issue.message).toEqual(expect.stringMatching(/\S/));
    }
  });
});
