import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { emulatorCounts, putSecret, s3Client, secretsClient, sqsClient } from '../helpers/aws.ts';
import { createTopics, plainKafka, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { oauthStats } from '../helpers/oauth.ts';
import { stack } from '../helpers/stack.ts';

function tokenRequest(clientSecret: string) {
  const { oauth } = stack();
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: oauth.clientId,
    client_secret: clientSecret,
  });
  return fetch(oauth.tokenUrl, { method: 'POST', body });
}

describe('the local OAuth server', () => {
  it('issues a token for the right client secret and counts the request', async () => {
    const before = await oauthStats();
    const res = await tokenRequest(stack().oauth.clientSecret);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(before.tokenLifetimeSeconds);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      aud: stack().oauth.audience,
      iss: stack().oauth.issuer,
      sub: stack().oauth.clientId,
    });
    expect((await oauthStats()).tokenRequests).toBe(before.tokenRequests + 1);
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const before = await oauthStats();
    const res = await tokenRequest('wrong-secret');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    const after = await oauthStats();
    expect(after.rejected).toBe(before.rejected + 1);
    expect(after.tokensIssued).toBe(before.tokensIssued);
  });

  it('publishes the signing key as a JWKS', async () => {
    const jwks = (await (await fetch(stack().oauth.jwksUrl)).json()) as {
      keys: Array<{ kty: string; kid: string }>;
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });
});

describe('the AWS API emulator', () => {
  it('serves Secrets Manager to the real SDK and counts each call', async () => {
    const name = `test/${randomUUID()}`;
    await putSecret(name, { password: 'p' });
    const before = (await emulatorCounts())['secretsmanager.GetSecretValue'] ?? 0;
    const got = await secretsClient().send(new GetSecretValueCommand({ SecretId: name }));
    expect(JSON.parse(got.SecretString!)).toEqual({ password: 'p' });
    expect((await emulatorCounts())['secretsmanager.GetSecretValue']).toBe(before + 1);
  });

  it('serves S3 objects', async () => {
    const Bucket = `b-${randomUUID().slice(0, 8)}`;
    const s3 = s3Client();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'dir/a b.ndjson', Body: '{"a":1}\n' }));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'dir/a b.ndjson' }));
    expect(await got.Body!.transformToString()).toBe('{"a":1}\n');
  });

  it('serves SQS queues', async () => {
    const sqs = sqsClient();
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `q-${randomUUID().slice(0, 8)}` }),
    );
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    expect(sent.MessageId).toBeTruthy();
  });
});

describe('the read-back helper', () => {
  it('returns key, value, headers, timestamp and partition of every record that landed', async () => {
    const [topic] = await createTopics([uniqueTopic('readback')], 3);
    const producer = plainKafka().producer();
    await producer.connect();
    await producer.send({
      topic: topic!,
      messages: [
        { partition: 0, key: 'a', value: '1', timestamp: '1693396630163', headers: { h: 'x' } },
        { partition: 2, key: null, value: '2', timestamp: '1693396630164' },
      ],
    });
    await producer.disconnect();
    const landed = await readAll(topic!);
    expect(
      landed.map(({ partition, key, value, timestamp, headers }) => ({
        partition,
        key: key?.toString() ?? null,
        value: value?.toString(),
        timestamp,
        headers,
      })),
    ).toEqual([
      { partition: 0, key: 'a', value: '1', timestamp: '1693396630163', headers: { h: 'x' } },
      { partition: 2, key: null, value: '2', timestamp: '1693396630164', headers: {} },
    ]);
  });
});
