import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import { brokerLogAfter, brokerLogMark } from '../helpers/broker-log.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { fetchToken, mintToken } from '../helpers/oauth.ts';
import { stack, tlsMaterial } from '../helpers/stack.ts';

/** Connects with `config`, sends one record to `topic` and disconnects. */
async function produceOne(
  config: Omit<KafkaConfig, 'logLevel'>,
  topic: string,
  value: string,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'listener-test',
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 5000,
    authenticationTimeout: 5000,
    ...config,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value }] });
  } finally {
    await producer.disconnect().catch(() => {});
  }
}

function scram(mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512', password?: string): SASLOptions {
  return { mechanism, username: 'ske', password: password ?? stack().users.ske } as SASLOptions;
}

function bearer(token: () => Promise<string>): SASLOptions {
  return { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await token() }) };
}

describe('the local broker', () => {
  let topic: string;
  beforeAll(async () => {
    topic = (await createTopics([uniqueTopic('listeners')]))[0]!;
  });

  const accepted: Array<[string, () => Omit<KafkaConfig, 'logLevel'>]> = [
    ['PLAINTEXT', () => ({ brokers: [stack().bootstrap.plaintext] })],
    [
      'SSL with a client certificate whose key is encrypted with a passphrase',
      () => {
        const t = tlsMaterial();
        return {
          brokers: [stack().bootstrap.ssl],
          ssl: { ca: [t.ca], cert: t.cert, key: t.key, passphrase: t.passphrase },
        };
      },
    ],
    [
      'SASL_PLAINTEXT with PLAIN',
      () => ({ brokers: [stack().bootstrap.saslPlaintext], sasl: scram('plain') }),
    ],
    [
      'SASL_PLAINTEXT with SCRAM-SHA-256',
      () => ({ brokers: [stack().bootstrap.saslPlaintext], sasl: scram('scram-sha-256') }),
    ],
    [
      'SASL_PLAINTEXT with SCRAM-SHA-512',
      () => ({ brokers: [stack().bootstrap.saslPlaintext], sasl: scram('scram-sha-512') }),
    ],
    [
      'SASL_SSL with PLAIN',
      () => ({ brokers: [stack().bootstrap.saslSsl], ssl: { ca: [tlsMaterial().ca] }, sasl: scram('plain') }),
    ],
    [
      'SASL_SSL with SCRAM-SHA-256',
      () => ({
        brokers: [stack().bootstrap.saslSsl],
        ssl: { ca: [tlsMaterial().ca] },
        sasl: scram('scram-sha-256'),
      }),
    ],
    [
      'SASL_SSL with SCRAM-SHA-512',
      () => ({
        brokers: [stack().bootstrap.saslSsl],
        ssl: { ca: [tlsMaterial().ca] },
        sasl: scram('scram-sha-512'),
      }),
    ],
    [
      'SASL_SSL with OAUTHBEARER and a token from the OAuth server',
      () => ({
        brokers: [stack().bootstrap.saslSsl],
        ssl: { ca: [tlsMaterial().ca] },
        sasl: bearer(fetchToken),
      }),
    ],
    [
      'the wrong-host TLS listener when host-name checking is off',
      () => ({
        brokers: [stack().bootstrap.sslBadHost],
        ssl: { ca: [tlsMaterial().ca], checkServerIdentity: () => undefined },
      }),
    ],
  ];

  it.each(accepted)('accepts a record over %s and it reads back', async (name, config) => {
    const value = `via ${name}`;
    await produceOne(config(), topic, value);
    const landed = await readAll(topic);
    expect(landed.map((r) => r.value?.toString())).toContain(value);
  });

  const refused: Array<[string, () => Promise<Omit<KafkaConfig, 'logLevel'>>, RegExp]> = [
    [
      'a wrong PLAIN password',
      async () => ({
        brokers: [stack().bootstrap.saslSsl],
        ssl: { ca: [tlsMaterial().ca] },
        sasl: scram('plain', 'nope'),
      }),
      /SASL PLAIN authentication failed|Authentication failed/i,
    ],
    [
      'a wrong SCRAM-SHA-256 password',
      async () => ({
        brokers: [stack().bootstrap.saslSsl],
        ssl: { ca: [tlsMaterial().ca] },
        sasl: scram('scram-sha-256', 'nope'),
      }),
      /SCRAM|Authentication failed/i,
    ],
    [
      'a wrong SCRAM-SHA-512 password over SASL_PLAINTEXT',
      async () => ({ brokers: [stack().bootstrap.saslPlaintext], sasl: scram('scram-sha-512', 'nope') }),
      /SCRAM|Authentication failed/i,
    ],
    [
      'an mTLS client without a certificate',
      async () => ({ brokers: [stack().bootstrap.ssl], ssl: { ca: [tlsMaterial().ca] } }),
      /certificate|closed|Connection|socket|ECONNRESET/i,
    ],
    [
      'an mTLS client whose certificate comes from an untrusted CA',
      async () => {
        const t = tlsMaterial();
        return { brokers: [stack().bootstrap.ssl], ssl: { ca: [t.ca], cert: t.rogueCert, key: t.rogueKey } };
      },
      /certificate|closed|Connection|socket|ECONNRESET|unknown ca/i,
    ],
    [
      'a server whose certificate does not match the host name (check on by default)',
      async () => ({ brokers: [stack().bootstrap.sslBadHost], ssl: { ca: [tlsMaterial().ca] } }),
      /Hostname\/IP does not match|altnames/i,
    ],
  ];

  // KafkaJS does not answer the broker's OAUTHBEARER error challenge, so the client only sees
  // "Request is not valid given the current SASL state"; the broker's log says why it refused.
  const refusedTokens: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'a token for another audience',
      () => mintToken({ aud: 'some-other-service' }),
      /Audience \(aud\) claim \[some-other-service\]/,
    ],
    [
      'an expired token',
      () => {
        const past = Math.floor(Date.now() / 1000) - 600;
        return mintToken({ iat: past - 300, exp: past });
      },
      /is on or after the Expiration Time|expired/i,
    ],
    [
      'a token signed by a key the JWKS does not publish',
      () => mintToken({ foreignKey: true }),
      /verification key|kid/i,
    ],
    ['a token from another issuer', () => mintToken({ iss: 'https://evil.example' }), /Issuer \(iss\) claim/],
  ];

  it.each(refusedTokens)('refuses %s, says why in its log, and nothing lands', async (_name, token, why) => {
    const refusedTopic = (await createTopics([uniqueTopic('refused')]))[0]!;
    const value = await token();
    const mark = brokerLogMark();
    const config = {
      brokers: [stack().bootstrap.saslSsl],
      ssl: { ca: [tlsMaterial().ca] },
      sasl: bearer(async () => value),
    };
    await expect(produceOne(config, refusedTopic, 'must not land')).rejects.toThrow(
      /Request is not valid given the current SASL state|Authentication failed/,
    );
    expect(await brokerLogAfter(mark, why)).toMatch(why);
    expect(await readAll(refusedTopic)).toEqual([]);
  });

  it.each(refused)('refuses %s and nothing lands', async (name, config, reason) => {
    const refusedTopic = (await createTopics([uniqueTopic('refused')]))[0]!;
    await expect(produceOne(await config(), refusedTopic, `must not land: ${name}`)).rejects.toThrow(reason);
    expect(await readAll(refusedTopic)).toEqual([]);
  });
});
