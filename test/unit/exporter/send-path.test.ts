import { describe, expect, it, vi } from 'vitest';
import { createExporter } from '../../../lib/exporter/index.ts';
import { createLogger } from '../../../lib/observability/index.ts';
import type { SecretCache } from '../../../lib/secrets/index.ts';
import { fakeKafka } from './fake-kafka.ts';

const deadline = () => Date.now() + 10_000;

/** An exporter over the fake broker, configured by SKE_CONFIG (templates read `env`, which a test may change). */
function setup(yaml: string, env: Record<string, string> = {}) {
  const kafka = fakeKafka();
  const lines: string[] = [];
  const secrets = { get: vi.fn(), refresh: vi.fn(), reset: vi.fn() } as unknown as SecretCache;
  let clock = 1_000_000;
  const allEnv: Record<string, string> = { SKE_CONFIG: yaml, SKE_METRICS: 'off', ...env };
  const exporter = createExporter({
    env: allEnv,
    pool: kafka.pool,
    secrets,
    now: () => clock,
    refreshConfigAfterMs: 60_000,
    logger: createLogger({ write: (line) => lines.push(line) }),
  });
  return {
    ...kafka,
    exporter,
    env: allEnv,
    secrets,
    lines,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const BASIC = 'bootstrap_server: b:9092\ntopic: events\n';

describe('the exporter send path (through the ProducerPool seam)', () => {
  it('sends every message with one warm producer and returns each offset in input order', async () => {
    const t = setup(BASIC);
    const first = await t.exporter.export([{ message: { data: { n: 1 } } }, { message: 'two' }], {
      deadline: deadline(),
    });
    const second = await t.exporter.export([{ message: { data: { n: 3 }, metadata: { key: 'k' } } }], {
      deadline: deadline(),
    });
    expect(first).toMatchObject({ delivered: 2, failed: 0 });
    expect(first.results).toEqual([
      { ok: true, topic: 'events', partition: 0, offset: '0' },
      { ok: true, topic: 'events', partition: 0, offset: '1' },
    ]);
    expect(second.results).toEqual([{ ok: true, topic: 'events', partition: 0, offset: '2' }]);
    expect(t.state.connects).toBe(1);
    expect(t.state.configs[0]).toMatchObject({ brokers: ['b:9092'], clientId: 'serverless-kafka-exporter' });
    expect(t.state.sends.flatMap((s) => s.messages.map((m) => m.value))).toEqual([
      '{"n":1}',
      '"two"',
      '{"n":3}',
    ]);
    expect(t.state.sends.at(-1)?.messages[0]?.key).toBe('k');
  });

  it('does not connect when there is nothing to send', async () => {
    const t = setup(BASIC);
    expect(await t.exporter.export([], { deadline: deadline() })).toMatchObject({ delivered: 0, failed: 0 });
    expect(t.state.connects).toBe(0);
  });

  it('reports a message that cannot be a record as failed without sending it, next to the others', async () => {
    const t = setup(BASIC);
    const { results } = await t.exporter.export(
      [{ message: { data: 1, metadata: { dest_topic: 'bad topic' } } }, { message: 2 }],
      { deadline: deadline() },
    );
    expect(results[0]).toMatchObject({ ok: false, error: { name: 'MessageError', retriable: false } });
    expect(results[1]).toEqual({ ok: true, topic: 'events', partition: 0, offset: '0' });
    expect(t.state.sends).toHaveLength(1);
  });

  it('makes a failed connect every record’s retriable result, not a throw', async () => {
    const t = setup(BASIC);
    t.state.connectError = Object.assign(new Error('Connection error: connect ECONNREFUSED'), {
      name: 'KafkaJSConnectionError',
    });
    const { results, failed } = await t.exporter.export([{ message: 1 }, { message: 2 }], {
      deadline: deadline(),
    });
    expect(failed).toBe(2);
    for (const r of results) expect(r).toMatchObject({ ok: false, error: { retriable: true } });
  });

  it('keeps the producer when a refresh changes only what the connection does not use (a rotated http.secret)', async () => {
    const yaml = `${BASIC}http:\n  auth: api_key\n  secret: "{{ env_var('HTTP_SECRET') }}"\n`;
    const t = setup(yaml, { HTTP_SECRET: 'first-secret-value-0123456789' });
    await t.exporter.export([{ message: 1 }], { deadline: deadline() });
    t.env.HTTP_SECRET = 'rotated-secret-value-0123456789';
    t.advance(61_000);
    expect((await t.exporter.config()).http.secret).toBe('rotated-secret-value-0123456789');
    await t.exporter.export([{ message: 2 }], { deadline: deadline() });
    expect(t.state.connects).toBe(1);
    expect(t.state.disconnects).toBe(0);
  });

  it('reconnects, closing the old producer, when a refresh changes the credentials', async () => {
    const yaml = `${BASIC}security_protocol: SASL_PLAINTEXT\nsasl_config:\n  mechanism: PLAIN\n  username: u\n  password: "{{ env_var('KAFKA_PASSWORD') }}"\n`;
    const t = setup(yaml, { KAFKA_PASSWORD: 'old' });
    await t.exporter.export([{ message: 1 }], { deadline: deadline() });
    t.env.KAFKA_PASSWORD = 'new';
    t.advance(61_000);
    await t.exporter.export([{ message: 2 }], { deadline: deadline() });
    expect(t.state.connects).toBe(2);
    expect(t.state.disconnects).toBe(1);
    expect(t.state.configs.map((c) => (c.sasl as { password?: string }).password)).toEqual(['old', 'new']);
  });

  it('on refused credentials refreshes secrets, reconnects and retries the refused records once', async () => {
    const t = setup(BASIC);
    t.state.fault = (_record, attempt) =>
      attempt === 0
        ? Object.assign(new Error('SASL PLAIN authentication failed'), {
            name: 'KafkaJSSASLAuthenticationError',
          })
        : undefined;
    const { results, delivered } = await t.exporter.export([{ message: 1 }], { deadline: deadline() });
    expect(delivered).toBe(1);
    expect(results[0]).toMatchObject({ ok: true, offset: '0' });
    expect(t.secrets.refresh).toHaveBeenCalledTimes(1);
    expect(t.state.connects).toBe(2);
    expect(t.state.disconnects).toBe(1);
    expect(t.lines.some((l) => l.includes('Kafka refused the credentials'))).toBe(true);
  });

  it('retries refused credentials only once: a wrong secret fails, not loops', async () => {
    const t = setup(BASIC);
    t.state.fault = () =>
      Object.assign(new Error('SASL PLAIN authentication failed'), {
        name: 'KafkaJSSASLAuthenticationError',
      });
    const { results } = await t.exporter.export([{ message: 1 }], { deadline: deadline() });
    expect(results[0]).toMatchObject({ ok: false, error: { name: 'KafkaJSSASLAuthenticationError' } });
    expect(t.state.sends).toHaveLength(2);
    expect(t.secrets.refresh).toHaveBeenCalledTimes(1);
  });

  it('sends what can never be delivered to dead_letter_topic and counts it handled', async () => {
    const t = setup(`${BASIC}dead_letter_topic: dlq\n`);
    const { results, delivered } = await t.exporter.export(
      [{ message: { data: 1, metadata: { dest_topic: '..' } } }, { message: 2 }],
      { deadline: deadline() },
    );
    expect(delivered).toBe(2);
    expect(results[0]).toMatchObject({
      ok: true,
      topic: 'dlq',
      deadLettered: { name: 'MessageError' },
    });
    expect(results[1]).toEqual({ ok: true, topic: 'events', partition: 0, offset: '0' });
    const letter = t.state.sends.find((s) => s.topic === 'dlq')?.messages[0];
    expect(letter?.headers).toMatchObject({ 'ske.dead_letter': 'true' });
  });

  it('logs one "export finished" line per export with the first error', async () => {
    const t = setup(BASIC);
    await t.exporter.export([{ message: { data: 1, metadata: { dest_topic: '..' } } }], {
      deadline: deadline(),
    });
    const finished = t.lines.map((l) => JSON.parse(l)).filter((l) => l.message === 'export finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      messages: 1,
      delivered: 0,
      failed: 1,
      firstError: { name: 'MessageError' },
    });
  });
});
