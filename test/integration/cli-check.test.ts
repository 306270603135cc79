import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTopics, uniqueTopic } from '../helpers/kafka.ts';
import { mageConfigs } from '../helpers/mage-configs.ts';
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
});
