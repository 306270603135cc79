import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue, loadConfig } from '../../../lib/config/index.ts';
import { SkeError } from '../../../lib/errors.ts';
import { CERT_PEM, configErrorOf, fakeSecrets, noSecrets } from './fakes.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ske-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfig from SKE_CONFIG_FILE', () => {
  it('reads, validates and resolves a file, with ssl paths relative to its folder', async () => {
    await writeFile(join(dir, 'ca.pem'), CERT_PEM);
    await writeFile(
      join(dir, 'exporter.yaml'),
      `bootstrap_server: b:9093\ntopic: events\nsecurity_protocol: SASL_SSL\nsasl_config:\n  username: "{{ env_var('KAFKA_USER') }}"\n  password: "{{ aws_secret('kafka', 'password') }}"\nssl_config:\n  cafile: ca.pem\n`,
    );
    const { getSecret } = fakeSecrets({ 'kafka#password': 'pw' });
    const config = await loadConfig({
      env: { KAFKA_USER: 'alice', SKE_CONFIG_FILE: join(dir, 'exporter.yaml') },
      getSecret,
    });
    expect(config.sasl).toEqual({ mechanism: 'plain', username: 'alice', password: 'pw' });
    expect(config.ssl).toEqual({ ca: CERT_PEM, checkHostname: true });
  });

  it('passes warnings to onWarning, with the file they came from', async () => {
    await writeFile(
      join(dir, 'exporter.yaml'),
      'bootstrap_server: b:9092\ntopic: events\nssl_config:\n  cafile: ca.pem\n',
    );
    const warnings: ConfigIssue[] = [];
    const sources: string[] = [];
    await loadConfig({
      env: { SKE_CONFIG_FILE: join(dir, 'exporter.yaml') },
      getSecret: noSecrets,
      onWarning: (w, source) => {
        warnings.push(w);
        sources.push(source);
      },
    });
    expect(warnings).toEqual([
      {
        path: 'ssl_config',
        message: 'ignored because security_protocol is PLAINTEXT; use SSL or SASL_SSL for TLS',
      },
    ]);
    expect(sources).toEqual([join(dir, 'exporter.yaml')]);
  });

  it('throws every validation error at once', async () => {
    await writeFile(join(dir, 'exporter.yaml'), 'bootstrap_server: b\ntopic: "#"\nacks: 3\n');
    const error = await configErrorOf(
      loadConfig({ env: { SKE_CONFIG_FILE: join(dir, 'exporter.yaml') }, getSecret: noSecrets }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['bootstrap_server', 'topic', 'acks']);
  });

  it('says when the file does not exist', async () => {
    const path = join(dir, 'nope.yaml');
    const error = await configErrorOf(loadConfig({ env: { SKE_CONFIG_FILE: path }, getSecret: noSecrets }));
    expect(error.message).toBe(`SKE_CONFIG_FILE: file not found: ${path}`);
  });
});

describe('loadConfig', () => {
  it('loads the config that locateConfig finds', async () => {
    const env = { SKE_CONFIG: 'bootstrap_server: b:9092\ntopic: inline\n' };
    expect((await loadConfig({ env, getSecret: noSecrets })).topic).toBe('inline');
  });
});

describe('ConfigError', () => {
  it('is a SkeError that is not retriable and lists its issues one per line', () => {
    const error = new ConfigError([
      { path: 'topic', message: 'expected a Kafka topic name; got nothing' },
      { path: 'acks', message: 'expected one of all, -1, 0, 1; got 3' },
    ]);
    expect(error).toBeInstanceOf(SkeError);
    expect(error.name).toBe('ConfigError');
    expect(error.retriable).toBe(false);
    expect(error.message).toBe(
      'topic: expected a Kafka topic name; got nothing\nacks: expected one of all, -1, 0, 1; got 3',
    );
  });
});
