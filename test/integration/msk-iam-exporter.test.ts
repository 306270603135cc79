import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  type MskIamToken,
  type SignMskIamTokenOptions,
  signMskIamToken,
} from '../../lib/auth/msk-iam-signer.ts';
import { emulatorCounts } from '../helpers/aws.ts';
import { brokerLogAfter, brokerLogMark } from '../helpers/broker-log.ts';
import { testExporter } from '../helpers/exporter.ts';
import { createTopics, readAll } from '../helpers/kafka.ts';
import {
  acceptedTokens,
  allowedTopic,
  deniedTopic,
  iamConfig,
  sessionEnv,
  staticKeyEnv,
} from '../helpers/msk-iam.ts';
import { stack } from '../helpers/stack.ts';

const values = async (topic: string) => (await readAll(topic)).map((r) => JSON.parse(r.value!.toString()));
const inTwentySeconds = () => ({ deadline: Date.now() + 20_000 });

/** The production signer, counted. */
function countingSigner() {
  const signed: MskIamToken[] = [];
  const sign = async (options: SignMskIamTokenOptions) => {
    const token = await signMskIamToken(options);
    signed.push(token);
    return token;
  };
  return { sign, signed };
}

describe('AWS_MSK_IAM exports over the iam listener', () => {
  it('exports with the long-term key in the function’s environment, as the IAM user', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const mark = brokerLogMark();
    const { exporter } = testExporter(iamConfig(topic!), staticKeyEnv());
    try {
      const summary = await exporter.export(
        [{ message: { data: 1 } }, { message: 'two' }],
        inTwentySeconds(),
      );
      expect(summary.delivered).toBe(2);
    } finally {
      await exporter.close();
    }
    expect(await values(topic!)).toEqual([1, 'two']);
    expect(new Set(acceptedTokens(mark).map((t) => t.principal))).toEqual(new Set([stack().iam.principal]));
  });

  it('exports with session credentials (key, secret and session token), as Lambda gives its role', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const mark = brokerLogMark();
    const { exporter } = testExporter(iamConfig(topic!), await sessionEnv());
    try {
      expect((await exporter.export([{ message: { data: 'session' } }], inTwentySeconds())).delivered).toBe(
        1,
      );
    } finally {
      await exporter.close();
    }
    expect(await values(topic!)).toEqual(['session']);
    expect(new Set(acceptedTokens(mark).map((t) => t.principal))).toEqual(new Set([stack().iam.roleArn]));
  });

  it('assumes aws_role_arn through STS once and exports as that role', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const { aws, iam } = stack();
    const env = {
      AWS_ACCESS_KEY_ID: aws.accessKeyId,
      AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
      AWS_REGION: aws.region,
      AWS_ENDPOINT_URL_STS: aws.endpoint,
    };
    const yaml = iamConfig(topic!).replace(
      '  aws_region:',
      `  aws_role_arn: ${iam.roleArn}\n  aws_role_session_name: cross-account-test\n  aws_region:`,
    );
    const before = (await emulatorCounts())['sts.AssumeRole'] ?? 0;
    const mark = brokerLogMark();
    const { exporter } = testExporter(yaml, env);
    try {
      for (let i = 0; i < 3; i++) {
        expect((await exporter.export([{ message: { data: i } }], inTwentySeconds())).delivered).toBe(1);
      }
    } finally {
      await exporter.close();
    }
    expect(await values(topic!)).toEqual([0, 1, 2]);
    expect(((await emulatorCounts())['sts.AssumeRole'] ?? 0) - before).toBe(1);
    expect(new Set(acceptedTokens(mark).map((t) => t.principal))).toEqual(new Set([iam.roleArn]));
  });

  it('gives a topic the principal may not write TOPIC_AUTHORIZATION_FAILED per message, to the dead-letter topic, while the rest deliver', async () => {
    const [topic, denied, dlt] = await createTopics([allowedTopic(), deniedTopic(), allowedTopic()]);
    const { exporter } = testExporter(iamConfig(topic!, `dead_letter_topic: ${dlt}\n`), staticKeyEnv());
    let summary: Awaited<ReturnType<typeof exporter.export>>;
    try {
      summary = await exporter.export(
        [
          { message: { data: 'a' } },
          { message: { data: 'no', metadata: { dest_topic: denied } } },
          { message: { data: 'b' } },
          { message: { data: 'no again', metadata: { dest_topic: denied } } },
        ],
        inTwentySeconds(),
      );
    } finally {
      await exporter.close();
    }
    const [a, no, b, noAgain] = summary.results;
    expect(a).toMatchObject({ ok: true, topic });
    expect(b).toMatchObject({ ok: true, topic });
    // Not retriable, so kept in the dead-letter topic: handled, and the trigger does not retry them.
    for (const refused of [no, noAgain]) {
      expect(refused).toMatchObject({
        ok: true,
        topic: dlt,
        deadLettered: { code: 'TOPIC_AUTHORIZATION_FAILED' },
      });
    }
    expect(await values(topic!)).toEqual(['a', 'b']);
    expect(await readAll(denied!)).toEqual([]);
    const letters = await readAll(dlt!);
    expect(letters.map((r) => r.headers['ske.error.code'])).toEqual([
      'TOPIC_AUTHORIZATION_FAILED',
      'TOPIC_AUTHORIZATION_FAILED',
    ]);
  });

  it('without a dead-letter topic reports the refused messages as not retriable, and the others deliver', async () => {
    const [topic, denied] = await createTopics([allowedTopic(), deniedTopic()]);
    const { exporter } = testExporter(iamConfig(topic!), staticKeyEnv());
    try {
      const summary = await exporter.export(
        [{ message: { data: 'no', metadata: { dest_topic: denied } } }, { message: { data: 'yes' } }],
        inTwentySeconds(),
      );
      expect(summary.results[0]).toMatchObject({
        ok: false,
        error: { code: 'TOPIC_AUTHORIZATION_FAILED', retriable: false },
      });
      expect(summary.results[1]).toMatchObject({ ok: true });
    } finally {
      await exporter.close();
    }
    expect(await values(topic!)).toEqual(['yes']);
  });

  it('refuses a wrong secret key with one fresh token and retry, then ILLEGAL_SASL_STATE, not retriable', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const { sign, signed } = countingSigner();
    const mark = brokerLogMark();
    const env = { ...staticKeyEnv(), AWS_SECRET_ACCESS_KEY: 'not-the-secret-key' };
    const { exporter, lines } = testExporter(iamConfig(topic!), env, { mskIam: { sign } });
    try {
      const summary = await exporter.export([{ message: 'never' }], inTwentySeconds());
      expect(summary.results[0]).toMatchObject({
        ok: false,
        error: { code: 'ILLEGAL_SASL_STATE', retriable: false },
      });
    } finally {
      await exporter.close();
    }
    expect(signed).toHaveLength(2);
    expect(lines.some((l) => l.includes('refreshing secrets and tokens once'))).toBe(true);
    expect(await brokerLogAfter(mark, /MSK IAM token refused: signature does not match/)).toMatch(
      /signature does not match/,
    );
    expect(lines.join('\n')).not.toContain('not-the-secret-key');
    expect(await readAll(topic!)).toEqual([]);
  });

  it('signs on the refresh schedule, not per invocation: 200 warm exports, one token', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const { sign, signed } = countingSigner();
    const { exporter } = testExporter(iamConfig(topic!), staticKeyEnv(), { mskIam: { sign } });
    try {
      for (let i = 0; i < 200; i++) {
        expect((await exporter.export([{ message: i }], inTwentySeconds())).delivered).toBe(1);
      }
    } finally {
      await exporter.close();
    }
    // One 900 s token covers the whole run; KafkaJS's connections (bootstrap and leader) share it.
    expect(signed).toHaveLength(1);
    expect(await readAll(topic!)).toHaveLength(200);
  });

  it('keeps exporting for 90 s across several 20 s token expiries, every re-authentication with a live token', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const { sign, signed } = countingSigner();
    const mark = brokerLogMark();
    const { exporter } = testExporter(iamConfig(topic!), staticKeyEnv(), {
      mskIam: { sign, expiresInSeconds: 20 },
    });
    let sent = 0;
    try {
      const started = Date.now();
      while (Date.now() - started < 90_000) {
        const summary = await exporter.export([{ message: { data: sent } }], {
          deadline: Date.now() + 10_000,
        });
        expect(summary.results[0]).toMatchObject({ ok: true });
        sent++;
        await sleep(1000);
      }
    } finally {
      await exporter.close();
    }
    // The broker ends each session when its token expires, so KafkaJS re-authenticated with newer tokens.
    const accepted = acceptedTokens(mark);
    const distinct = new Set(accepted.map((t) => t.signedAt));
    expect(distinct.size).toBeGreaterThanOrEqual(6);
    // Refreshed at half-life (10 s): about 9 signings in 90 s, never one per export.
    expect(signed.length).toBeGreaterThanOrEqual(6);
    expect(signed.length).toBeLessThan(sent / 3);
    // Every token the broker accepted was one the exporter signed, presented before it expired.
    const signedAt = new Set(signed.map((t) => t.signedAt));
    for (const token of accepted) expect(signedAt.has(token.signedAt)).toBe(true);
    expect(await readAll(topic!)).toHaveLength(sent);
  }, 150_000);
});
