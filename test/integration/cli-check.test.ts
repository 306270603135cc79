import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTopics, uniqueTopic } from '../helpers/kafka.ts';
import { mageConfigs } from '../helpers/mage-configs.ts';
import { allowedTopic, deniedTopic, iamConfig, sessionEnv, staticKeyEnv } from '../helpers/msk-iam.ts';
import { ske } from '../helpers/ske.ts';
import { stack } from '../helpers/stack.ts';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ske-check-')), 'exporter.yaml');
  writeFileSync(path, text);
  return path;
}

describe('ske check', () => {
  it('reports every step for a working SCRAM config whose password is in Secrets Manager', async () => {
    const [topic] = await createTopics([uniqueTopic('check')], 2);
    const { stdout, code } = await ske(['check', file((await mageConfigs(topic!)).scram512)]);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ validated');
    expect(stdout).toContain('✓ resolved');
    expect(stdout).toContain('✓ connected to localhost:');
    expect(stdout).toContain('(TLS, certificate verified)');
    expect(stdout).toContain('✓ authenticated (SASL_SSL SCRAM-SHA-512)');
    expect(stdout).toContain(`✓ topic metadata: ${topic} has 2 partition(s)`);
    expect(stdout).not.toContain(stack().users.ske);
  });

  it('names the authentication step when the password is wrong', async () => {
    const yaml = (await mageConfigs('t')).plain.replace(/password: .*/, 'password: "wrong-password"');
    const { stdout, stderr, code } = await ske(['check', file(yaml)]);
    expect(code).toBe(1);
    expect(stdout).toContain('✓ connected');
    expect(stderr).toMatch(/✗ authenticated: .*SASL PLAIN authentication failed/);
  });

  it('names the connection step when the certificate does not match the host, and says how to turn the check off', async () => {
    const yaml = (await mageConfigs('t')).plain.replace(
      stack().bootstrap.saslSsl,
      stack().bootstrap.sslBadHost,
    );
    const { stderr, code } = await ske(['check', file(yaml)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/✗ connected: .*check_hostname: false/);
  });

  it('names the resolve step when a secret does not exist', async () => {
    const yaml = (await mageConfigs('t')).plain.replace(
      /aws_secret\('[^']+'/g,
      "aws_secret('ske/does-not-exist'",
    );
    const { stderr, code } = await ske(['check', file(yaml)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/✗ resolved: .*ske\/does-not-exist/);
  });

  it('reports the IAM steps for AWS_MSK_IAM: credentials and their source, token, principal, topic', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const { stdout, code } = await ske(['check', file(iamConfig(topic!))], staticKeyEnv());
    expect(code).toBe(0);
    expect(stdout).toContain('✓ AWS credentials found: environment (AWS_ACCESS_KEY_ID, long-term key)');
    expect(stdout).toContain(
      `✓ MSK IAM token signed for kafka.us-east-1.amazonaws.com with access key ${stack().iam.accessKeyId}`,
    );
    expect(stdout).toContain(`✓ authenticated (SASL_SSL AWS_MSK_IAM) as ${stack().iam.principal}`);
    expect(stdout).toContain(`✓ topic authorized: ${topic} has 1 partition(s)`);
    expect(stdout).not.toContain(stack().iam.secretAccessKey);
  });

  it('names the assumed role for session credentials', async () => {
    const [topic] = await createTopics([allowedTopic()]);
    const { stdout, code } = await ske(['check', file(iamConfig(topic!))], await sessionEnv());
    expect(code).toBe(0);
    expect(stdout).toContain(
      '✓ AWS credentials found: environment (AWS_ACCESS_KEY_ID, with a session token)',
    );
    expect(stdout).toMatch(
      /✓ authenticated \(SASL_SSL AWS_MSK_IAM\) as arn:aws:sts::123456789012:assumed-role\/ske-msk-producer\//,
    );
  });

  it('names the topic step when the principal may not use the topic', async () => {
    const [topic] = await createTopics([deniedTopic()]);
    const { stderr, code } = await ske(['check', file(iamConfig(topic!))], staticKeyEnv());
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`✗ topic authorized: ${topic}: .*authoriz.*kafka-cluster:DescribeTopic`, 'i'),
    );
  });

  it('names the authentication step when the broker refuses the key', async () => {
    const { stderr, code } = await ske(['check', file(iamConfig('iam-allowed-x'))], {
      ...staticKeyEnv(),
      AWS_SECRET_ACCESS_KEY: 'not-the-right-secret-key',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /✗ authenticated: .*the broker refused the MSK IAM token: check the access key and secret/,
    );
  });
});
