import { describe, expect, it } from 'vitest';
import { findTemplates, resolveTemplates } from '../../../lib/config/index.ts';
import { SkeError } from '../../../lib/errors.ts';
import { configErrorOf, fakeSecrets, noSecrets } from './fakes.ts';

describe('resolveTemplates', () => {
  it('replaces an environment variable, keeping the text around it', async () => {
    const doc = { bootstrap_server: "{{ env_var('HOST') }}:9092", topic: 'plain' };
    expect(await resolveTemplates(doc, { env: { HOST: 'broker' }, getSecret: noSecrets })).toEqual({
      bootstrap_server: 'broker:9092',
      topic: 'plain',
    });
  });

  it('accepts double quotes, tight spacing and several templates in one string', async () => {
    const doc = { client_id: '{{env_var("A")}}-{{   env_var( \'B\' )   }}!' };
    expect(await resolveTemplates(doc, { env: { A: 'x', B: 'y' }, getSecret: noSecrets })).toEqual({
      client_id: 'x-y!',
    });
  });

  it('reads a whole secret and one key of a JSON secret', async () => {
    const { getSecret, stats } = fakeSecrets({ 'kafka/ca': 'PEM', 'kafka/creds#password': 'hunter2' });
    const doc = {
      ssl_config: { cafile: "{{ aws_secret('kafka/ca') }}" },
      sasl_config: { password: "{{ aws_secret('kafka/creds', 'password') }}" },
    };
    expect(await resolveTemplates(doc, { env: {}, getSecret })).toEqual({
      ssl_config: { cafile: 'PEM' },
      sasl_config: { password: 'hunter2' },
    });
    expect(stats.calls).toEqual([
      ['kafka/ca', undefined],
      ['kafka/creds', 'password'],
    ]);
  });

  it("understands Mage's aws_secret_var and json_value spellings", async () => {
    const { getSecret, stats } = fakeSecrets({ s: 'whole', 's#user': 'alice' });
    const doc = { a: "{{ aws_secret_var('s') }}", b: "{{ json_value(aws_secret_var('s'), 'user') }}" };
    expect(await resolveTemplates(doc, { env: {}, getSecret })).toEqual({ a: 'whole', b: 'alice' });
    expect(stats.calls).toEqual([
      ['s', undefined],
      ['s', 'user'],
    ]);
  });

  it('requests each secret and key once, with different lookups in flight together', async () => {
    const { getSecret, stats } = fakeSecrets({ creds: '{}', 'creds#user': 'u', 'creds#password': 'p' });
    const doc = {
      headers: { a: "{{ aws_secret('creds', 'user') }}", b: "{{ aws_secret('creds', 'user') }}" },
      sasl_config: {
        username: "{{ aws_secret('creds', 'user') }}",
        password: "{{ aws_secret('creds', 'password') }}/{{ aws_secret('creds', 'password') }}",
      },
      list: ["{{ aws_secret('creds') }}", "{{ aws_secret('creds') }}"],
    };
    await resolveTemplates(doc, { env: {}, getSecret });
    expect(stats.calls).toHaveLength(3);
    expect(stats.maxInFlight).toBe(3);
  });

  it('does not expand templates found inside resolved values', async () => {
    const doc = { client_id: "{{ env_var('A') }}" };
    expect(await resolveTemplates(doc, { env: { A: "{{ env_var('B') }}" }, getSecret: noSecrets })).toEqual({
      client_id: "{{ env_var('B') }}",
    });
  });

  it('leaves numbers, booleans and keys alone', async () => {
    const doc = { batch_size: 5, idempotent: true, headers: { "{{ env_var('K') }}": 'v' } };
    expect(await resolveTemplates(doc, { env: {}, getSecret: noSecrets })).toEqual(doc);
  });

  it('names every unset environment variable with its path', async () => {
    const doc = { topic: "{{ env_var('TOPIC') }}", sasl_config: { username: "{{ env_var('USER_NAME') }}" } };
    const error = await configErrorOf(
      resolveTemplates(doc, { env: { TOPIC: undefined }, getSecret: noSecrets }),
    );
    expect(error.message).toBe(
      'topic: environment variable TOPIC is not set\nsasl_config.username: environment variable USER_NAME is not set',
    );
  });

  it('reports a secret that cannot be read, keeping a retriable cause retriable', async () => {
    const throttled = new SkeError('secret "creds": ThrottlingException: Rate exceeded', { retriable: true });
    const doc = { sasl_config: { password: "{{ aws_secret('creds', 'password') }}" } };
    const error = await configErrorOf(
      resolveTemplates(doc, { env: {}, getSecret: () => Promise.reject(throttled) }),
    );
    expect(error.message).toBe(
      'sasl_config.password: could not read key "password" of secret "creds": secret "creds": ThrottlingException: Rate exceeded',
    );
    expect(error.retriable).toBe(true);
    expect(error.cause).toBe(throttled);
  });

  it('rejects an unknown function before asking for any secret', async () => {
    const { getSecret, stats } = fakeSecrets({ s: 'v' });
    const doc = { a: "{{ aws_secret('s') }}", b: "{{ vault('x') }}" };
    const error = await configErrorOf(resolveTemplates(doc, { env: {}, getSecret }));
    expect(error.message).toBe(
      `b: unsupported template "{{ vault('x') }}"; expected env_var('NAME'), aws_secret('secret-id') or aws_secret('secret-id', 'json_key')`,
    );
    expect(stats.calls).toEqual([]);
  });
});

describe('findTemplates', () => {
  it.each([
    ["{{ env_var('A', 'B') }}"],
    ['{{ aws_secret() }}'],
    ["{{ aws_secret('a', 'b', 'c') }}"],
    ["{{ json_value(env_var('A'), 'k') }}"],
    ["{{ env_var('A') | default('b') }}"],
    ['{{ env_var(A) }}'],
    ["{{ env_var('') }}"],
  ])('rejects %s', (template) => {
    const { issues } = findTemplates({ topic: template });
    expect(issues).toEqual([
      {
        path: 'topic',
        message: `unsupported template ${JSON.stringify(template)}; expected env_var('NAME'), aws_secret('secret-id') or aws_secret('secret-id', 'json_key')`,
      },
    ]);
  });

  it('marks values that use a secret', () => {
    const { values } = findTemplates({ a: "{{ env_var('A') }}", b: ["x{{ aws_secret('s') }}"] });
    expect(values.map(({ path, usesSecret }) => ({ path, usesSecret }))).toEqual([
      { path: ['a'], usesSecret: false },
      { path: ['b', 0], usesSecret: true },
    ]);
  });
});
