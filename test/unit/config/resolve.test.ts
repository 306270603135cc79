import { describe, expect, it } from 'vitest';
import { type RawConfig, resolveConfig, validateConfig } from '../../../lib/config/index.ts';
import { configErrorOf, fakeSecrets, noSecrets } from './fakes.ts';

const BASE = 'bootstrap_server: localhost:9092\ntopic: events\n';

function raw(yaml: string): RawConfig {
  const { config, errors } = validateConfig(yaml);
  expect(errors).toEqual([]);
  return config!;
}

const resolve = (yaml: string, env: Record<string, string> = {}) =>
  resolveConfig(raw(yaml), { env, getSecret: noSecrets });

describe('resolveConfig defaults', () => {
  it('uses 100 for a batch_size of 0 and 500 for a negative timeout_ms, as Mage does', async () => {
    const config = await resolve(`${BASE}batch_size: 0\ntimeout_ms: -5\n`);
    expect(config.batchSize).toBe(100);
    expect(config.timeoutMs).toBe(500);
  });

  it('keeps positive batch_size and timeout_ms', async () => {
    const config = await resolve(`${BASE}batch_size: 250\ntimeout_ms: 1500\n`);
    expect([config.batchSize, config.timeoutMs]).toEqual([250, 1500]);
  });

  it('checks hostnames unless told not to, unlike Mage', async () => {
    expect((await resolve(`${BASE}security_protocol: SSL\n`)).ssl).toEqual({ checkHostname: true });
    const off = await resolve(`${BASE}security_protocol: SSL\nssl_config:\n  check_hostname: false\n`);
    expect(off.ssl).toEqual({ checkHostname: false });
  });

  it('fills in the extensions', async () => {
    expect(await resolve(BASE)).toEqual({
      brokers: ['localhost:9092'],
      topic: 'events',
      batchSize: 100,
      timeoutMs: 500,
      securityProtocol: 'PLAINTEXT',
      acks: -1,
      compression: 'none',
      clientId: 'serverless-kafka-exporter',
      idempotent: false,
      headers: {},
      traceContext: true,
      http: {
        auth: 'api_key',
        allowed_topics: [],
        max_body_bytes: 1048576,
        max_messages: 1000,
        hmac_max_skew_seconds: 300,
      },
      s3: { deterministic_keys: false, max_record_bytes: 1048576 },
      schedule: {},
      kinesis: { ordering: 'shard' },
      dynamodb: { parts: ['eventName', 'keys', 'newImage', 'oldImage'], ordering: 'shard' },
      eventbridge: { data: 'event' },
    });
  });

  it('maps every extension to its resolved name', async () => {
    const yaml = `${BASE}acks: 0\ncompression: gzip\nclient_id: exporter-a\nidempotent: false\nheaders:\n  source: lambda\ndead_letter_topic: events.dlq\n`;
    expect(await resolve(yaml)).toMatchObject({
      acks: 0,
      compression: 'gzip',
      clientId: 'exporter-a',
      headers: { source: 'lambda' },
      deadLetterTopic: 'events.dlq',
    });
  });

  it('splits a comma-separated broker list and trims it', async () => {
    const config = await resolve('bootstrap_server: "a:9092, b:9092 ,[::1]:9093"\ntopic: events\n');
    expect(config.brokers).toEqual(['a:9092', 'b:9092', '[::1]:9093']);
  });

  it('sends SASL_PLAINTEXT with SASL and without TLS, which Mage ignores', async () => {
    const config = await resolve(
      `${BASE}security_protocol: SASL_PLAINTEXT\nsasl_config:\n  mechanism: SCRAM-SHA-256\n  username: u\n  password: p\n`,
    );
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'u', password: 'p' });
  });

  it('drops ssl_config under PLAINTEXT', async () => {
    expect((await resolve(`${BASE}ssl_config:\n  cafile: ca.pem\n`)).ssl).toBeUndefined();
  });

  it('turns the OAuth extensions into milliseconds', async () => {
    const config = await resolve(
      `${BASE}security_protocol: SASL_SSL\nsasl_config:\n  mechanism: OAUTHBEARER\n  oauth_token_url: http://idp:8080/token\n  oauth_client_id: c\n  oauth_client_secret: s\n  oauth_refresh_margin_seconds: 2.5\n  oauth_timeout_ms: 3000\n`,
    );
    expect(config.sasl?.oauth).toEqual({
      tokenUrl: 'http://idp:8080/token',
      clientId: 'c',
      clientSecret: 's',
      refreshMarginMs: 2500,
      timeoutMs: 3000,
    });
  });
});

describe('resolveConfig templates', () => {
  it('reads templated numbers and booleans as numbers and booleans', async () => {
    const yaml = [
      BASE,
      `batch_size: "{{ env_var('BATCH') }}"`,
      `timeout_ms: "{{ env_var('TIMEOUT') }}"`,
      `acks: "{{ env_var('ACKS') }}"`,
      `idempotent: "{{ env_var('IDEMPOTENT') }}"`,
      'security_protocol: SSL',
      'ssl_config:',
      `  check_hostname: "{{ env_var('CHECK') }}"`,
      '',
    ].join('\n');
    const config = await resolve(yaml, {
      BATCH: '20',
      TIMEOUT: '0',
      ACKS: 'all',
      IDEMPOTENT: 'TRUE',
      CHECK: 'false',
    });
    expect(config).toMatchObject({ batchSize: 20, timeoutMs: 500, acks: -1, idempotent: true });
    expect(config.ssl?.checkHostname).toBe(false);
  });

  it('validates resolved values strictly and lists every problem', async () => {
    const yaml = `bootstrap_server: "{{ env_var('B') }}"\ntopic: "{{ env_var('T') }}"\nbatch_size: "{{ env_var('N') }}"\n`;
    const error = await configErrorOf(
      resolveConfig(raw(yaml), { env: { B: 'kafka', T: 'a b', N: 'ten' }, getSecret: noSecrets }),
    );
    expect(error.message).toBe(
      [
        'bootstrap_server: expected host:port; got "kafka"',
        'topic: expected a Kafka topic name (1-249 characters of a-z, A-Z, 0-9, ".", "_", "-"; not "." or ".."); got "a b"',
        'batch_size: expected an integer; got "ten"',
      ].join('\n'),
    );
    expect(error.retriable).toBe(false);
  });

  it('applies cross-field rules to resolved values', async () => {
    const yaml = `${BASE}security_protocol: "{{ env_var('P') }}"\nsasl_config:\n  username: u\n  password: p\n`;
    const error = await configErrorOf(resolveConfig(raw(yaml), { env: { P: 'SSL' }, getSecret: noSecrets }));
    expect(error.issues).toEqual([
      {
        path: 'sasl_config',
        message: 'is used only with SASL; set security_protocol to SASL_SSL or SASL_PLAINTEXT (it is SSL)',
      },
    ]);
  });
});

describe('resolveConfig never shows secret values', () => {
  it('describes a bad value that came from a secret by its length only', async () => {
    const { getSecret } = fakeSecrets({ brokers: 'kafka-internal-host' });
    const yaml = `bootstrap_server: "{{ aws_secret('brokers') }}"\ntopic: events\n`;
    const error = await configErrorOf(resolveConfig(raw(yaml), { env: {}, getSecret }));
    expect(error.message).toBe('bootstrap_server: expected host:port; got a string of 19 characters');
    expect(error.message).not.toContain('kafka-internal-host');
  });

  it('describes a credential field by its type only, even when it did not come from a secret', async () => {
    // resolveConfig re-validates whatever it is given, so a caller skipping validateConfig is still covered.
    const doc = {
      bootstrap_server: 'localhost:9092',
      topic: 'events',
      security_protocol: 'SASL_SSL',
      sasl_config: {
        mechanism: 'OAUTHBEARER',
        oauth_token_url: 'https://idp/t',
        oauth_client_id: 'c',
        oauth_client_secret: 31337,
      },
    };
    const error = await configErrorOf(resolveConfig(doc, { env: {}, getSecret: noSecrets }));
    expect(error.message).toBe('sasl_config.oauth_client_secret: expected a string; got a number');
  });

  it('never repeats a secret that is not PEM where PEM was expected', async () => {
    const { getSecret } = fakeSecrets({ ca: 'not-a-certificate-value' });
    const yaml = `${BASE}security_protocol: SSL\nssl_config:\n  cafile: "{{ aws_secret('ca') }}"\n`;
    const error = await configErrorOf(resolveConfig(raw(yaml), { env: {}, getSecret }));
    expect(error.message).toBe(
      'ssl_config.cafile: expected a PEM certificate (a "-----BEGIN CERTIFICATE-----" block); got a secret value that is not PEM text',
    );
  });
});
