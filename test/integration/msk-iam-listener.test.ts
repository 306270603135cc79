import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { brokerLogAfter, brokerLogMark } from '../helpers/broker-log.ts';
import { createTopics, readAll } from '../helpers/kafka.ts';
import { acceptedTokens, allowedTopic, assumeRole, deniedTopic, mintIamToken } from '../helpers/msk-iam.ts';
import { stack, tlsMaterial } from '../helpers/stack.ts';

/** Connects to the `iam` listener presenting `token`, sends one record and disconnects. */
async function produceWith(token: string, topic: string, value: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'iam-listener-test',
    brokers: [stack().bootstrap.iam],
    ssl: { ca: [tlsMaterial().ca] },
    sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: token }) },
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 5000,
    authenticationTimeout: 5000,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await producer.connect();
    await producer.send({ topic, messages: [{ value }] });
  } finally {
    await producer.disconnect().catch(() => {});
  }
}

describe('the iam listener (MSK IAM tokens verified by the broker)', () => {
  it('accepts a token signed with the IAM user’s long-term key, as that user, and the record reads back', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const mark = brokerLogMark();
    await produceWith(await mintIamToken(), topic!, 'static key');
    expect((await readAll(topic!)).map((r) => r.value?.toString())).toEqual(['static key']);
    expect(acceptedTokens(mark).map((t) => t.principal)).toContain(stack().iam.principal);
  });

  it('accepts a token signed with STS session credentials, as the assumed role', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const session = await assumeRole();
    const mark = brokerLogMark();
    await produceWith(await mintIamToken(session), topic!, 'session key');
    expect((await readAll(topic!)).map((r) => r.value?.toString())).toEqual(['session key']);
    expect(acceptedTokens(mark).map((t) => t.principal)).toContain(stack().iam.roleArn);
  });

  const past = () => new Date(Date.now() - 20 * 60_000);
  const refused: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'a wrong secret key',
      () => mintIamToken({ secretAccessKey: 'not-the-secret-key-of-this-user-000000' }),
      /MSK IAM token refused: signature does not match/,
    ],
    ['an expired token', () => mintIamToken({ signedAt: past() }), /MSK IAM token refused: token expired/],
    [
      'another action',
      () => mintIamToken({ action: 'kafka-cluster:AlterCluster' }),
      /MSK IAM token refused: Action kafka-cluster:AlterCluster is not kafka-cluster:Connect/,
    ],
    [
      'another region',
      () => mintIamToken({ region: 'eu-west-1' }),
      /MSK IAM token refused: host kafka\.eu-west-1\.amazonaws\.com is not kafka\.us-east-1\.amazonaws\.com/,
    ],
    [
      'a credential scope for another region on the right host',
      () => mintIamToken({ region: 'eu-west-1', host: 'kafka.us-east-1.amazonaws.com' }),
      /MSK IAM token refused: credential scope region eu-west-1 is not us-east-1/,
    ],
    [
      'a tampered signature',
      () =>
        mintIamToken({
          tamper: (url) =>
            url.replace(/X-Amz-Signature=([0-9a-f])/, (_, c) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`),
        }),
      /MSK IAM token refused: signature does not match/,
    ],
    [
      'a token signed for another host',
      () => mintIamToken({ host: 'kafka.us-east-1.amazonaws.com.evil.example' }),
      /MSK IAM token refused: host kafka\.us-east-1\.amazonaws\.com\.evil\.example is not/,
    ],
    [
      'an access key the broker does not know',
      () => mintIamToken({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00' }),
      /MSK IAM token refused: unknown access key AKIAUNKNOWNUNKNOWN00/,
    ],
    [
      'a session key with another session’s token',
      async () => mintIamToken({ ...(await assumeRole()), sessionToken: (await assumeRole()).sessionToken }),
      /MSK IAM token refused: X-Amz-Security-Token does not belong to temporary key/,
    ],
    [
      'a token that claims to live longer than 900 s',
      () => mintIamToken({ expiresIn: 3600 }),
      /MSK IAM token refused: X-Amz-Expires 3600 is not between 1 and 900/,
    ],
  ];

  // KafkaJS does not answer the broker's OAUTHBEARER error challenge, so the client sees only
  // "Request is not valid given the current SASL state"; the broker's log says why it refused.
  it.each(refused)('refuses %s, says why in its log, and nothing lands', async (_name, token, why) => {
    const [topic] = await createTopics([allowedTopic()]);
    const value = await token();
    const mark = brokerLogMark();
    await expect(produceWith(value, topic!, 'must not land')).rejects.toThrow(
      /Request is not valid given the current SASL state|Authentication failed/,
    );
    expect(await brokerLogAfter(mark, why)).toMatch(why);
    expect(acceptedTokens(mark)).toEqual([]);
    expect(await readAll(topic!)).toEqual([]);
  });

  it('lets ACLs deny the principal a topic, as an IAM policy without WriteData on it does', async () => {
    const [topic] = await createTopics([deniedTopic()]);
    await expect(produceWith(await mintIamToken(), topic!, 'denied')).rejects.toThrow(
      /Not authorized|authorization/i,
    );
    expect(await readAll(topic!)).toEqual([]);
  });
});
