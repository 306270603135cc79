import { describe, expect, it } from 'vitest';
import { formatIssue, type RawConfig, resolveConfig, validateConfig } from '../../../lib/config/index.ts';

const BASE = 'bootstrap_server: b-1.msk.example:9098\ntopic: events\nsecurity_protocol: SASL_SSL\n';
const iam = (lines = '') => `${BASE}sasl_config:\n  mechanism: AWS_MSK_IAM\n${lines}`;
const errors = (yaml: string) => validateConfig(yaml, 'exporter.yaml').errors.map(formatIssue);
const noSecrets = async () => {
  throw new Error('no secrets here');
};
const resolve = (yaml: string, env: Record<string, string> = {}) => {
  const { config } = validateConfig(yaml);
  return resolveConfig(config as RawConfig, { env, getSecret: noSecrets });
};
const NOT_IAM =
  'does not apply to mechanism AWS_MSK_IAM (credentials come from the AWS credential chain or aws_role_arn); remove it';

describe('sasl_config for AWS_MSK_IAM', () => {
  it('takes the region from aws_region, else AWS_REGION', async () => {
    expect((await resolve(iam('  aws_region: eu-west-1\n'), { AWS_REGION: 'us-east-1' })).sasl).toEqual({
      mechanism: 'aws_msk_iam',
      awsIam: { region: 'eu-west-1' },
    });
    expect((await resolve(iam(), { AWS_REGION: 'ap-southeast-2' })).sasl?.awsIam).toEqual({
      region: 'ap-southeast-2',
    });
  });

  it('assumes aws_role_arn with the given session name, or a default one', async () => {
    const arn = 'arn:aws:iam::210987654321:role/msk-writer';
    expect(
      (
        await resolve(iam(`  aws_role_arn: ${arn}\n  aws_role_session_name: orders@fn\n`), {
          AWS_REGION: 'us-east-1',
        })
      ).sasl?.awsIam,
    ).toEqual({ region: 'us-east-1', roleArn: arn, roleSessionName: 'orders@fn' });
    expect(
      (await resolve(iam(`  aws_role_arn: ${arn}\n`), { AWS_REGION: 'us-east-1' })).sasl?.awsIam,
    ).toEqual({
      region: 'us-east-1',
      roleArn: arn,
      roleSessionName: 'serverless-kafka-exporter',
    });
  });

  it('says where to set the region when there is none', async () => {
    await expect(resolve(iam())).rejects.toThrow(
      'sasl_config.aws_region: expected an AWS region for AWS_MSK_IAM (set aws_region, or AWS_REGION in the environment); got nothing',
    );
    await expect(resolve(iam(), { AWS_REGION: 'Europe' })).rejects.toThrow(/got AWS_REGION "Europe"/);
  });

  const CASES: [string, string, string[]][] = [
    ['a username', iam('  aws_region: us-east-1\n  username: me\n'), [`sasl_config.username: ${NOT_IAM}`]],
    [
      'a username and a password',
      iam('  username: me\n  password: pw\n'),
      [`sasl_config.username: ${NOT_IAM}`, `sasl_config.password: ${NOT_IAM}`],
    ],
    [
      'OAuth settings',
      iam('  oauth_token_url: https://idp/token\n  oauth_client_id: c\n  oauth_scope: s\n'),
      [
        `sasl_config.oauth_token_url: ${NOT_IAM}`,
        `sasl_config.oauth_client_id: ${NOT_IAM}`,
        `sasl_config.oauth_scope: ${NOT_IAM}`,
      ],
    ],
    [
      'SASL_PLAINTEXT',
      iam().replace('SASL_SSL', 'SASL_PLAINTEXT'),
      [
        'security_protocol: expected SASL_SSL with mechanism AWS_MSK_IAM (MSK serves IAM over TLS only); got SASL_PLAINTEXT',
      ],
    ],
    [
      'a region that is not one',
      iam('  aws_region: Ireland\n'),
      ['sasl_config.aws_region: expected an AWS region such as "us-east-1"; got "Ireland"'],
    ],
    [
      'a role ARN that is not a role',
      iam('  aws_role_arn: arn:aws:iam::123456789012:user/bob\n'),
      [
        'sasl_config.aws_role_arn: expected an IAM role ARN such as "arn:aws:iam::123456789012:role/name"; got "arn:aws:iam::123456789012:user/bob"',
      ],
    ],
    [
      'a session name without a role',
      iam('  aws_role_session_name: lonely\n'),
      [
        'sasl_config.aws_role_session_name: applies only with aws_role_arn (the role to assume); set it or remove this',
      ],
    ],
    [
      'a session name with a space',
      iam('  aws_role_arn: arn:aws:iam::123456789012:role/r\n  aws_role_session_name: my session\n'),
      [
        'sasl_config.aws_role_session_name: expected a role session name (2-64 characters of a-z, A-Z, 0-9, "+=,.@-"); got "my session"',
      ],
    ],
    [
      'aws_region with another mechanism',
      `${BASE}sasl_config:\n  mechanism: PLAIN\n  username: u\n  password: p\n  aws_region: us-east-1\n`,
      ['sasl_config.aws_region: applies only to mechanism AWS_MSK_IAM; remove it (mechanism is PLAIN)'],
    ],
  ];

  it.each(CASES)('rejects %s with its path', (_, yaml, expected) => {
    expect(errors(yaml)).toEqual(expected);
  });

  it('accepts the MSK Serverless config as the README writes it', () => {
    expect(errors(iam('  aws_region: us-east-1\n'))).toEqual([]);
  });
});
