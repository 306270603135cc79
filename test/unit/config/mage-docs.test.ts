import { describe, expect, it } from 'vitest';
import { resolveConfig, validateConfig } from '../../../lib/config/index.ts';
import { defaultConfig } from '../../helpers/default-config.ts';
import { CERT_PEM, fakeFiles, fixture, KEY_PEM, noSecrets } from './fakes.ts';

// The schema's defaults, without what every fixture sets itself.
const { brokers: _b, topic: _t, securityProtocol: _p, ...defaults } = defaultConfig();

async function load(name: string, files: Record<string, string> = {}) {
  const { config, errors, warnings } = validateConfig(fixture(name), name);
  expect(errors).toEqual([]);
  expect(warnings).toEqual([]);
  return resolveConfig(config!, {
    env: {},
    getSecret: noSecrets,
    readFile: fakeFiles(files).readFile,
    baseDir: '/cfg',
  });
}

describe("Mage's documented configs", () => {
  it('accepts the basic config unchanged', async () => {
    expect(await load('mage-basic.yaml')).toEqual({
      ...defaults,
      brokers: ['localhost:9092'],
      topic: 'topic_name',
      securityProtocol: 'PLAINTEXT',
    });
  });

  it('accepts the SSL config with cafile, certfile, keyfile, password and check_hostname', async () => {
    const files = { '/cfg/CARoot.pem': CERT_PEM, '/cfg/certificate.pem': CERT_PEM, '/cfg/key.pem': KEY_PEM };
    expect(await load('mage-ssl.yaml', files)).toEqual({
      ...defaults,
      brokers: ['localhost:9093'],
      topic: 'topic_name',
      securityProtocol: 'SSL',
      ssl: { ca: CERT_PEM, cert: CERT_PEM, key: KEY_PEM, passphrase: 'password', checkHostname: true },
    });
  });

  it.each([
    ['PLAIN', 'plain'],
    ['SCRAM-SHA-256', 'scram-sha-256'],
    ['SCRAM-SHA-512', 'scram-sha-512'],
  ])('accepts the SASL_SSL config with mechanism %s', async (mechanism, kafkajsName) => {
    const text = fixture('mage-sasl-plain.yaml').replace('mechanism: "PLAIN"', `mechanism: "${mechanism}"`);
    const { config, errors, warnings } = validateConfig(text);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const files = fakeFiles({ '/cfg/pemfilename.pem': CERT_PEM });
    const resolved = await resolveConfig(config!, {
      env: {},
      getSecret: noSecrets,
      ...files,
      baseDir: '/cfg',
    });
    expect(resolved.sasl).toEqual({ mechanism: kafkajsName, username: 'username', password: 'password' });
    // Mage forwards only cafile under SASL_SSL; we honour the whole ssl_config.
    expect(resolved.ssl).toEqual({ ca: CERT_PEM, checkHostname: true });
  });

  it('accepts the SASL_SSL OAUTHBEARER config', async () => {
    expect(await load('mage-sasl-oauthbearer.yaml', { '/cfg/pemfilename.pem': CERT_PEM })).toEqual({
      ...defaults,
      brokers: ['localhost:9094'],
      topic: 'topic_name',
      securityProtocol: 'SASL_SSL',
      ssl: { ca: CERT_PEM, checkHostname: true },
      sasl: {
        mechanism: 'oauthbearer',
        oauth: {
          tokenUrl: 'https://keycloak.example.com/auth/realms/myrealm/protocol/openid-connect/token',
          clientId: 'kafka-client',
          clientSecret: 'your-client-secret',
          scope: 'kafka',
          refreshMarginMs: 60_000,
          timeoutMs: 10_000,
        },
      },
    });
  });
});
