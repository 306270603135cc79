import { createPrivateKey, X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from './errors.ts';
import { type ReadTextFile, readText } from './files.ts';
import type { SslConfig } from './schema.ts';

/** PEM text read from `cafile`, `certfile` and `keyfile`. */
export interface SslMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface SslFileOptions {
  readFile: ReadTextFile;
  /** Folder relative paths start from: the config file's folder. */
  baseDir: string;
  /** Formatted paths whose values came from aws_secret: these must be PEM, not paths. */
  secretPaths: ReadonlySet<string>;
}

const FIELDS = [
  { field: 'cafile', target: 'ca', kind: 'certificate', marker: '-----BEGIN CERTIFICATE-----' },
  { field: 'certfile', target: 'cert', kind: 'certificate', marker: '-----BEGIN CERTIFICATE-----' },
  { field: 'keyfile', target: 'key', kind: 'private key', marker: '-----BEGIN PRIVATE KEY-----' },
] as const;

const BLOCKS = {
  certificate: /-----BEGIN (X509 |TRUSTED )?CERTIFICATE-----/,
  'private key': /-----BEGIN ((RSA|EC|DSA|ENCRYPTED) )?PRIVATE KEY-----/,
};

const isInlinePem = (value: string) => value.trimStart().startsWith('-----BEGIN');

/**
 * Environment variables often carry PEM with literal `\n` (one-line values in
 * consoles and CloudFormation); real newlines are what TLS needs.
 */
const withNewlines = (pem: string) => (pem.includes('\n') ? pem : pem.replace(/\\n/g, '\n'));

/**
 * Loads the PEM text of each ssl_config file value. A value may be inline PEM
 * (starts with `-----BEGIN`), a path (relative to `baseDir`), or the resolved
 * text of an aws_secret, which must then be PEM itself. Contents are checked
 * for the right kind of PEM block, and an encrypted key needs `password`.
 *
 * @throws ConfigError listing every file that is missing, unreadable or not PEM.
 */
export async function loadSslFiles(ssl: SslConfig, options: SslFileOptions): Promise<SslMaterial> {
  const issues: ConfigIssue[] = [];
  const material: SslMaterial = {};
  const origins: Partial<Record<keyof SslMaterial, string>> = {};
  await Promise.all(
    FIELDS.map(async ({ field, target, kind, marker }) => {
      const value = ssl[field];
      if (value === undefined) return;
      const path = `ssl_config.${field}`;
      const expected = `expected a PEM ${kind} (a "${marker}" block)`;
      let text: string;
      let origin: string;
      if (isInlinePem(value)) {
        text = withNewlines(value);
        origin = 'inline PEM text';
      } else if (options.secretPaths.has(path)) {
        issues.push({ path, message: `${expected}; got a secret value that is not PEM text` });
        return;
      } else {
        const file = resolve(options.baseDir, value);
        const read = await readText(options.readFile, file);
        if (!read.ok) {
          issues.push({ path, message: read.message });
          return;
        }
        text = read.text;
        origin = `the file ${file}`;
      }
      if (!BLOCKS[kind].test(text)) {
        const hint = origin.startsWith('the file')
          ? ' (convert DER or PKCS#12 files to PEM with openssl)'
          : '';
        issues.push({ path, message: `${expected}; got ${origin} without one${hint}` });
        return;
      }
      material[target] = text;
      origins[target] = origin;
    }),
  );
  const key = material.key;
  if (key !== undefined && /ENCRYPTED/.test(key) && (ssl.password === undefined || ssl.password === '')) {
    issues.push({
      path: 'ssl_config.password',
      message: 'expected the passphrase of the encrypted keyfile; got nothing',
    });
  } else issues.push(...unreadable(material, origins, ssl.password));
  // Sorted so the report does not depend on which read finished first.
  if (issues.length > 0) throw new ConfigError(issues.sort((a, b) => a.path.localeCompare(b.path)));
  return material;
}

/**
 * PEM blocks that OpenSSL cannot read (a damaged certificate, a key with the
 * wrong passphrase), named by field and file here: at connect time the same
 * problem surfaces as a bare OpenSSL code that names neither.
 */
function unreadable(
  material: SslMaterial,
  origins: Partial<Record<keyof SslMaterial, string>>,
  passphrase: string | undefined,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const reason = (err: unknown) => (err as Error).message.replace(/^error:[0-9A-F]+:/, '');
  for (const { field, target, kind } of FIELDS) {
    const text = material[target];
    if (text === undefined) continue;
    try {
      if (kind === 'certificate') new X509Certificate(text);
      else createPrivateKey({ key: text, ...(passphrase ? { passphrase } : {}) });
    } catch (err) {
      const hint =
        kind === 'private key' && /ENCRYPTED/.test(text) ? ' (is ssl_config.password its passphrase?)' : '';
      issues.push({
        path: `ssl_config.${field}`,
        message: `cannot read the ${kind} in ${origins[target]}${hint}: ${reason(err)}`,
      });
    }
  }
  return issues;
}
