import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig, type TemplateResolver, validateConfig } from '../../../lib/config/index.ts';
import { CERT_PEM, ENCRYPTED_KEY_PEM, fakeSecrets, KEY_PEM, messageOf, noSecrets } from './fakes.ts';

const SSL = 'bootstrap_server: localhost:9093\ntopic: events\nsecurity_protocol: SSL\nssl_config:\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ske-ssl-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function resolveSsl(sslLines: string, deps: Partial<TemplateResolver> = {}) {
  const { config, errors } = validateConfig(`${SSL}${sslLines}`);
  expect(errors).toEqual([]);
  return resolveConfig(config!, {
    env: deps.env ?? {},
    getSecret: deps.getSecret ?? noSecrets,
    baseDir: dir,
  });
}

describe('ssl_config files', () => {
  it('reads paths relative to the config folder, and absolute paths as they are', async () => {
    await mkdir(join(dir, 'certs'));
    await writeFile(join(dir, 'certs', 'ca.pem'), CERT_PEM);
    await writeFile(join(dir, 'client.pem'), `Bag Attributes\n    friendlyName: client\n${CERT_PEM}`);
    await writeFile(join(dir, 'client.key'), KEY_PEM);
    const config = await resolveSsl(
      `  cafile: certs/ca.pem\n  certfile: ${join(dir, 'client.pem')}\n  keyfile: ./client.key\n`,
    );
    expect(config.ssl).toEqual({
      ca: CERT_PEM,
      cert: `Bag Attributes\n    friendlyName: client\n${CERT_PEM}`,
      key: KEY_PEM,
      checkHostname: true,
    });
  });

  it('takes inline PEM text as it is', async () => {
    const inline = CERT_PEM.trimEnd().replace(/\n/g, '\n    ');
    const config = await resolveSsl(`  cafile: |\n    ${inline}\n`);
    expect(config.ssl?.ca).toBe(CERT_PEM);
  });

  it('takes PEM from a secret, and from an environment variable with escaped newlines', async () => {
    const { getSecret } = fakeSecrets({ 'kafka/client#cert': CERT_PEM, 'kafka/client#key': KEY_PEM });
    const config = await resolveSsl(
      `  cafile: "{{ env_var('CA') }}"\n  certfile: "{{ aws_secret('kafka/client', 'cert') }}"\n  keyfile: "{{ aws_secret('kafka/client', 'key') }}"\n`,
      { env: { CA: CERT_PEM.replace(/\n/g, '\\n') }, getSecret },
    );
    expect(config.ssl).toEqual({ ca: CERT_PEM, cert: CERT_PEM, key: KEY_PEM, checkHostname: true });
  });

  it('reads a path held in an environment variable', async () => {
    await writeFile(join(dir, 'ca.pem'), CERT_PEM);
    const config = await resolveSsl(`  cafile: "{{ env_var('CA_PATH') }}"\n`, { env: { CA_PATH: 'ca.pem' } });
    expect(config.ssl?.ca).toBe(CERT_PEM);
  });

  it('names every missing file with its full path', async () => {
    const message = await messageOf(
      resolveSsl('  cafile: ca.pem\n  certfile: client.pem\n  keyfile: client.key\n'),
    );
    expect(message).toBe(
      [
        `ssl_config.cafile: file not found: ${join(dir, 'ca.pem')}`,
        `ssl_config.certfile: file not found: ${join(dir, 'client.pem')}`,
        `ssl_config.keyfile: file not found: ${join(dir, 'client.key')}`,
      ].join('\n'),
    );
  });

  it('says when a file holds no PEM, or the wrong kind', async () => {
    await writeFile(join(dir, 'ca.der'), Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    await writeFile(join(dir, 'client.pem'), CERT_PEM);
    const message = await messageOf(
      resolveSsl('  cafile: ca.der\n  certfile: client.pem\n  keyfile: client.pem\n'),
    );
    expect(message).toBe(
      [
        `ssl_config.cafile: expected a PEM certificate (a "-----BEGIN CERTIFICATE-----" block); got the file ${join(dir, 'ca.der')} without one (convert DER or PKCS#12 files to PEM with openssl)`,
        `ssl_config.keyfile: expected a PEM private key (a "-----BEGIN PRIVATE KEY-----" block); got the file ${join(dir, 'client.pem')} without one (convert DER or PKCS#12 files to PEM with openssl)`,
      ].join('\n'),
    );
  });

  it('says when inline PEM is of the wrong kind, without showing it', async () => {
    const inline = KEY_PEM.trimEnd().replace(/\n/g, '\n    ');
    const message = await messageOf(resolveSsl(`  cafile: |\n    ${inline}\n`));
    expect(message).toBe(
      'ssl_config.cafile: expected a PEM certificate (a "-----BEGIN CERTIFICATE-----" block); got inline PEM text without one',
    );
  });

  it('asks for the passphrase of an encrypted key', async () => {
    const { getSecret } = fakeSecrets({ cert: CERT_PEM, key: ENCRYPTED_KEY_PEM, passphrase: 'pass phrase' });
    const lines = `  certfile: "{{ aws_secret('cert') }}"\n  keyfile: "{{ aws_secret('key') }}"\n`;
    expect(await messageOf(resolveSsl(lines, { getSecret }))).toBe(
      'ssl_config.password: expected the passphrase of the encrypted keyfile; got nothing',
    );
    const config = await resolveSsl(`${lines}  password: "{{ aws_secret('passphrase') }}"\n`, { getSecret });
    expect(config.ssl?.passphrase).toBe('pass phrase');
  });

  it('names the field and the file of a block OpenSSL cannot read, and a wrong passphrase', async () => {
    const damaged = CERT_PEM.replace(/(BEGIN CERTIFICATE-----\n)\S{8}/, '$1AAAAAAAA');
    await writeFile(join(dir, 'ca.pem'), damaged);
    await writeFile(join(dir, 'client.key'), ENCRYPTED_KEY_PEM);
    const message = await messageOf(
      resolveSsl('  cafile: ca.pem\n  certfile: ca.pem\n  keyfile: client.key\n  password: not-the-one\n'),
    );
    expect(message).toContain(
      `ssl_config.cafile: cannot read the certificate in the file ${join(dir, 'ca.pem')}: `,
    );
    expect(message).toContain(
      `ssl_config.keyfile: cannot read the private key in the file ${join(dir, 'client.key')} (is ssl_config.password its passphrase?): `,
    );
    expect(message).not.toContain('not-the-one');
  });

  it('does not read files for a protocol without TLS', async () => {
    const { config } = validateConfig(
      'bootstrap_server: a:1\ntopic: t\nssl_config:\n  cafile: missing.pem\n',
    );
    const resolved = await resolveConfig(config!, { env: {}, getSecret: noSecrets, baseDir: dir });
    expect(resolved.ssl).toBeUndefined();
  });
});
