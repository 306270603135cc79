import { createHash, createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { awsClientConfig } from './aws.ts';
import { uniqueTopic } from './kafka.ts';
import { stack } from './stack.ts';

/** A topic the IAM principals may write (an ACL allows the prefix), or one they are denied. */
export const allowedTopic = () => uniqueTopic(stack().iam.allowedTopicPrefix);
export const deniedTopic = () => uniqueTopic(stack().iam.deniedTopicPrefix);

/** exporter.yaml for the `iam` listener. */
export function iamConfig(topic: string, extra = ''): string {
  const s = stack();
  return `bootstrap_server: ${s.bootstrap.iam}
topic: ${topic}
security_protocol: SASL_SSL
sasl_config:
  mechanism: AWS_MSK_IAM
  aws_region: ${s.iam.region}
ssl_config:
  cafile: ${s.tls.caCert}
${extra}`;
}

/** The function environment of a Lambda whose execution role holds the local IAM user's long-term key. */
export function staticKeyEnv(): Record<string, string> {
  const { iam } = stack();
  return { AWS_ACCESS_KEY_ID: iam.accessKeyId, AWS_SECRET_ACCESS_KEY: iam.secretAccessKey };
}

/** Temporary credentials for the stack's role, from the emulator's STS (which tells the broker about them). */
export async function assumeRole(sessionName = 'ske-test') {
  const sts = new STSClient(awsClientConfig());
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: stack().iam.roleArn, RoleSessionName: sessionName }),
  );
  const c = out.Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
    expiration: c.Expiration!,
  };
}

/** What Lambda puts in a function's environment for its role: a session key with its token. */
export async function sessionEnv(): Promise<Record<string, string>> {
  const c = await assumeRole();
  return {
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_SESSION_TOKEN: c.sessionToken,
  };
}

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) =>
  typeof d === 'string'
    ? Buffer.from(d)
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

class Sha256 {
  private readonly hash;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Data) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

export interface MintOptions {
  region?: string;
  host?: string;
  action?: string;
  secretAccessKey?: string;
  accessKeyId?: string;
  sessionToken?: string;
  signedAt?: Date;
  expiresIn?: number;
  /** Edits the presigned URL after signing (a tampered signature). */
  tamper?: (url: string) => string;
}

/**
 * An MSK IAM token signed independently of the exporter's signer, with any
 * field changed: the refusal tests' way to present what the broker must refuse.
 */
export async function mintIamToken(options: MintOptions = {}): Promise<string> {
  const { iam } = stack();
  const region = options.region ?? iam.region;
  const host = options.host ?? `kafka.${region}.amazonaws.com`;
  const signer = new SignatureV4({
    service: 'kafka-cluster',
    region,
    credentials: {
      accessKeyId: options.accessKeyId ?? iam.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? iam.secretAccessKey,
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
    sha256: Sha256,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      headers: { host },
      query: { Action: options.action ?? 'kafka-cluster:Connect' },
    },
    { expiresIn: options.expiresIn ?? 900, signingDate: options.signedAt ?? new Date() },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `https://${host}/?${query}`;
  return Buffer.from(options.tamper ? options.tamper(url) : url).toString('base64url');
}

/** The broker's log of MSK IAM decisions after `mark` (see test/helpers/broker-log.ts). */
export function acceptedTokens(mark: number): Array<{ principal: string; signedAt: number }> {
  const text = readFileSync(join(stack().logDir, 'kafka.log')).subarray(mark).toString('utf8');
  return [...text.matchAll(/MSK IAM token accepted: principal (\S+), signed at (\d+)/g)].map((m) => ({
    principal: m[1]!.replace(/,$/, ''),
    signedAt: Number(m[2]),
  }));
}

export const brokerLogSize = () => statSync(join(stack().logDir, 'kafka.log')).size;
