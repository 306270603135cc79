import { describe, expect, it } from 'vitest';
import { resolveConfig, validateConfig } from '../../../lib/config/index.ts';

const BASE = 'bootstrap_server: "localhost:9092"\ntopic: events\n';

describe('trigger settings (extensions)', () => {
  it('needs a shared secret when the http section turns api_key authentication on', () => {
    const { errors } = validateConfig(`${BASE}http:\n  allowed_topics: [a]\n`);
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      `http.secret: expected the shared secret (e.g. "{{ aws_secret('id', 'key') }}") when http.auth is api_key; got nothing`,
    ]);
  });

  it('warns when HTTP authentication is off', () => {
    const { errors, warnings } = validateConfig(`${BASE}http:\n  auth: none\n`);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      { path: 'http.auth', message: 'HTTP requests are accepted without authentication' },
    ]);
  });

  it('accepts a templated secret and numeric limits from the environment', () => {
    const yaml = `${BASE}http:\n  auth: hmac\n  secret: "{{ aws_secret('ske/http', 'key') }}"\n  max_body_bytes: "{{ env_var('MAX') }}"\n`;
    expect(validateConfig(yaml).errors).toEqual([]);
  });

  it('trims the whitespace around a secret stored with a trailing newline, which no header could carry', async () => {
    const yaml = `${BASE}http:\n  secret: "{{ aws_secret('ske/http') }}"\n`;
    const { config } = validateConfig(yaml);
    const resolved = await resolveConfig(config!, { env: {}, getSecret: async () => 'k3y-value\n' });
    expect(resolved.http.secret).toBe('k3y-value');
  });

  it('rejects an unknown http key with a suggestion', () => {
    const { errors } = validateConfig(`${BASE}http:\n  auth: none\n  alowed_topics: [a]\n`);
    expect(errors[0]).toMatchObject({ path: 'http.alowed_topics' });
    expect(errors[0]!.message).toContain('did you mean "allowed_topics"');
  });

  it("checks every name in http.allowed_topics by Kafka's topic rule", () => {
    const { errors } = validateConfig(
      `${BASE}http:\n  auth: none\n  allowed_topics: [orders, "bad topic", ".."]\n`,
    );
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'http.allowed_topics[1]: expected a Kafka topic name (1-249 characters of a-z, A-Z, 0-9, ".", "_", "-"; not "." or ".."); got "bad topic"',
      'http.allowed_topics[2]: expected a Kafka topic name (1-249 characters of a-z, A-Z, 0-9, ".", "_", "-"; not "." or ".."); got ".."',
    ]);
  });

  it('reads the Kinesis ordering, the DynamoDB parts and the EventBridge data setting', async () => {
    const yaml = `${BASE}kinesis:\n  ordering: key\ndynamodb:\n  parts: [keys, newImage]\neventbridge:\n  data: detail\n`;
    const { config, errors } = validateConfig(yaml);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      kinesis: { ordering: 'key' },
      dynamodb: { parts: ['keys', 'newImage'] },
      eventbridge: { data: 'detail' },
    });
  });

  it.each([
    [
      'dynamodb:\n  parts: [keys, image]\n',
      'dynamodb.parts[1]: expected one of eventName, keys, newImage, oldImage; got "image"',
    ],
    [
      'dynamodb:\n  parts: []\n',
      'dynamodb.parts: expected a non-empty list of eventName, keys, newImage, oldImage',
    ],
    ['eventbridge:\n  data: body\n', 'eventbridge.data: expected one of event, detail; got "body"'],
    ['kinesis:\n  ordering: partition\n', 'kinesis.ordering: expected one of shard, key; got "partition"'],
    ['dynamodb:\n  orderng: key\n', 'dynamodb.orderng: unknown key (did you mean "ordering"?)'],
  ])('refuses %j with a clear error', (extra, message) => {
    const { errors } = validateConfig(`${BASE}${extra}`);
    expect(errors.map((e) => `${e.path}: ${e.message}`)[0]).toContain(message);
  });

  it('keeps a plain Mage config free of trigger settings', () => {
    expect(validateConfig(BASE)).toMatchObject({ errors: [], warnings: [] });
  });
});
