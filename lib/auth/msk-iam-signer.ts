import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** AWS credentials as the SDK's credential providers give them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  /** When temporary credentials stop working; absent for long-term keys. */
  expiration?: Date | undefined;
}

/** A signed MSK IAM token and the times that decide its reuse. */
export interface MskIamToken {
  /** base64url (no padding) of the presigned URL: what goes to KafkaJS's oauthBearerProvider. */
  readonly value: string;
  /** Epoch ms of X-Amz-Date. */
  readonly signedAt: number;
  /** Epoch ms after which MSK refuses it: X-Amz-Date + X-Amz-Expires, or the credentials' expiry if sooner. */
  readonly expiresAt: number;
}

export interface SignMskIamTokenOptions {
  region: string;
  credentials: AwsCredentials;
  /** Default `Date.now()`. */
  now?: number;
  /** X-Amz-Expires. Default 900 s, the lifetime AWS's own MSK signers use; at most 900. */
  expiresInSeconds?: number;
}

export const MSK_IAM_SERVICE = 'kafka-cluster';
export const MSK_IAM_ACTION = 'kafka-cluster:Connect';
export const MAX_TOKEN_SECONDS = 900;
const USER_AGENT = 'serverless-kafka-exporter';

type Data = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (data: Data): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/**
 * SHA-256 and HMAC-SHA256 from node:crypto in the shape SignatureV4 expects
 * (a `Checksum` constructor taking an optional HMAC key), so signing needs no
 * JavaScript hash package.
 */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: Data) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: Data): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** RFC 3986: encodeURIComponent also leaves !'()* alone, which SigV4 encodes. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Signs MSK's IAM authentication token: a SigV4-presigned
 * `GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect`
 * (service `kafka-cluster`, signed header `host`, session token signed in the
 * query), with `User-Agent` appended after signing, base64url-encoded without
 * padding. The same token AWS's aws-msk-iam-sasl-signer packages produce.
 *
 * The signer is the SDK's own @smithy/signature-v4, imported on first use: the
 * Lambda runtime ships it, so the function bundles carry none of it, and a
 * config without AWS_MSK_IAM never loads it.
 */
export async function signMskIamToken(options: SignMskIamTokenOptions): Promise<MskIamToken> {
  const { region, credentials } = options;
  const now = options.now ?? Date.now();
  const expiresIn = options.expiresInSeconds ?? MAX_TOKEN_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_TOKEN_SECONDS) {
    throw new RangeError(
      `expiresInSeconds: expected an integer from 1 to ${MAX_TOKEN_SECONDS}; got ${expiresIn}`,
    );
  }
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const hostname = `kafka.${region}.amazonaws.com`;
  const signer = new SignatureV4({
    service: MSK_IAM_SERVICE,
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      headers: { host: hostname },
      query: { Action: MSK_IAM_ACTION },
    },
    { expiresIn, signingDate: new Date(now) },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([name, value]) => `${encode(name)}=${encode(String(value))}`)
    .join('&');
  const url = `https://${hostname}/?${query}&User-Agent=${encode(USER_AGENT)}`;
  // X-Amz-Date has whole seconds: the token's life starts there, not at `now`.
  const signedAt = Math.floor(now / 1000) * 1000;
  const credentialsEnd = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
  return Object.freeze({
    value: Buffer.from(url, 'utf8').toString('base64url'),
    signedAt,
    expiresAt: Math.min(signedAt + expiresIn * 1000, credentialsEnd),
  });
}
