import { describe, expect, it } from 'vitest';
import { signMskIamToken } from '../../../lib/auth/index.ts';

const NOW = Date.UTC(2026, 11, 1, 15, 30, 45, 678);
const credentials = { accessKeyId: 'AKIAEXAMPLEKEY000001', secretAccessKey: 'secret/with+chars=' };
const decode = (token: string) => new URL(Buffer.from(token, 'base64url').toString('utf8'));

describe('MSK IAM token', () => {
  it('is a presigned kafka-cluster:Connect URL for kafka.<region>.amazonaws.com, base64url without padding', async () => {
    const token = await signMskIamToken({ region: 'eu-west-1', credentials, now: NOW });
    expect(token.value).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = decode(token.value);
    expect(url.origin).toBe('https://kafka.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('kafka-cluster:Connect');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe(
      'AKIAEXAMPLEKEY000001/20261201/eu-west-1/kafka-cluster/aws4_request',
    );
    expect(q.get('X-Amz-Date')).toBe('20261201T153045Z');
    expect(q.get('X-Amz-Expires')).toBe('900');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.get('X-Amz-Security-Token')).toBeNull();
    // Appended after signing, as AWS's signers do: the last parameter.
    expect([...q.keys()].at(-1)).toBe('User-Agent');
    expect(token.signedAt).toBe(Date.UTC(2026, 11, 1, 15, 30, 45));
    expect(token.expiresAt).toBe(token.signedAt + 900_000);
  });

  it('signs the session token of temporary credentials, and never outlives them', async () => {
    const expiration = new Date(NOW + 120_000);
    const token = await signMskIamToken({
      region: 'us-east-1',
      credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2Vj+/=', expiration },
      now: NOW,
    });
    expect(decode(token.value).searchParams.get('X-Amz-Security-Token')).toBe('IQoJb3JpZ2luX2Vj+/=');
    expect(token.expiresAt).toBe(expiration.getTime());
  });

  it('gives the same signature for the same inputs, and another for another secret', async () => {
    const sig = async (secretAccessKey: string) =>
      decode(
        (
          await signMskIamToken({
            region: 'us-east-1',
            credentials: { ...credentials, secretAccessKey },
            now: NOW,
          })
        ).value,
      ).searchParams.get('X-Amz-Signature');
    expect(await sig('a')).toBe(await sig('a'));
    expect(await sig('a')).not.toBe(await sig('b'));
  });

  it('refuses a lifetime MSK would not accept', async () => {
    await expect(
      signMskIamToken({ region: 'us-east-1', credentials, expiresInSeconds: 901 }),
    ).rejects.toThrow('expiresInSeconds: expected an integer from 1 to 900; got 901');
  });
});
