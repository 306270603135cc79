import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the generated TLS material lives; every path is a PEM file. */
export interface CertificatePaths {
  dir: string;
  caCert: string;
  /** Key + certificate of the broker (SAN localhost, 127.0.0.1), for Kafka's PEM keystore. */
  serverKeystore: string;
  /** Key + certificate whose name matches nothing we connect to (SAN wrong-host.invalid). */
  badHostKeystore: string;
  clientCert: string;
  /** PKCS#8 private key encrypted with `clientKeyPassphrase`, so ssl_config.password is exercised. */
  clientKey: string;
  clientKeyPassphrase: string;
  /** A client certificate signed by a CA the broker does not trust. */
  rogueClientCert: string;
  rogueClientKey: string;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function issue(cwd: string, name: string, ca: string, subject: string, extensions: string): void {
  writeFileSync(join(cwd, `${name}.ext`), extensions);
  openssl(cwd, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  openssl(cwd, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '825',
    '-sha256',
    '-extfile',
    `${name}.ext`,
  ]);
  rmSync(join(cwd, `${name}.csr`));
  rmSync(join(cwd, `${name}.ext`));
}

function paths(dir: string): CertificatePaths {
  const passFile = join(dir, 'client-key.passphrase');
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    serverKeystore: join(dir, 'server-keystore.pem'),
    badHostKeystore: join(dir, 'badhost-keystore.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-encrypted.key'),
    clientKeyPassphrase: existsSync(passFile) ? readFileSync(passFile, 'utf8').trim() : '',
    rogueClientCert: join(dir, 'rogue-client.pem'),
    rogueClientKey: join(dir, 'rogue-client.key'),
  };
}

/**
 * Generates a local CA, the broker's certificates and client certificates with
 * openssl, once: later starts reuse them. Never committed (.stack/ is ignored).
 */
export function ensureCertificates(dir: string): CertificatePaths {
  const done = join(dir, '.complete');
  if (existsSync(done)) return paths(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const caExt = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';
  for (const ca of ['ca', 'rogue-ca']) {
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
      '-days',
      '3650',
      '-sha256',
      '-subj',
      `/CN=serverless-kafka-exporter ${ca}`,
      '-addext',
      caExt.split('\n')[0]!,
      '-addext',
      caExt.split('\n')[1]!,
    ]);
  }
  issue(
    dir,
    'server',
    'ca',
    '/CN=localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  issue(
    dir,
    'badhost',
    'ca',
    '/CN=wrong-host.invalid',
    'subjectAltName=DNS:wrong-host.invalid\nextendedKeyUsage=serverAuth\n',
  );
  issue(dir, 'client', 'ca', '/CN=ske-client', 'extendedKeyUsage=clientAuth\n');
  issue(dir, 'rogue-client', 'rogue-ca', '/CN=ske-client', 'extendedKeyUsage=clientAuth\n');

  const passphrase = randomBytes(12).toString('hex');
  writeFileSync(join(dir, 'client-key.passphrase'), passphrase);
  openssl(dir, [
    'pkcs8',
    '-topk8',
    '-v2',
    'aes-256-cbc',
    '-in',
    'client.key',
    '-out',
    'client-encrypted.key',
    '-passout',
    `pass:${passphrase}`,
  ]);
  rmSync(join(dir, 'client.key'));

  // Kafka's PEM keystore wants the PKCS#8 key and the certificate chain in one file.
  for (const name of ['server', 'badhost']) {
    const pem =
      readFileSync(join(dir, `${name}.key`), 'utf8') + readFileSync(join(dir, `${name}.pem`), 'utf8');
    writeFileSync(join(dir, `${name}-keystore.pem`), pem);
  }
  writeFileSync(done, new Date().toISOString());
  return paths(dir);
}
