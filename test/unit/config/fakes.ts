import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ConfigError } from '../../../lib/config/index.ts';

/**
 * Real PEM blocks, made afresh for each run (nothing generated is committed):
 * the config layer reads them with OpenSSL, so a damaged block is named there.
 * ENCRYPTED_KEY_PEM's passphrase is `pass phrase`.
 */
const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const KEY_PEM = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const ENCRYPTED_KEY_PEM = pair.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass phrase' })
  .toString();
export const CERT_PEM = selfSigned(KEY_PEM);

function selfSigned(key: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ske-pem-'));
  try {
    writeFileSync(join(dir, 'key.pem'), key);
    const args = ['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-subj', '/CN=test', '-days', '1'];
    return execFileSync('openssl', args, { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of a file in test/fixtures/configs. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/configs/${name}`, import.meta.url)), 'utf8');
}

/** A readFile over an in-memory map; unknown paths fail with ENOENT like fs does. */
export function fakeFiles(files: Record<string, string>) {
  const reads: string[] = [];
  const readFile = async (path: string, _encoding: 'utf8'): Promise<string> => {
    reads.push(path);
    const text = files[path];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
  return { readFile, reads };
}

/**
 * A getSecret over an in-memory map keyed by `id` or `id#jsonKey`. Records
 * every call and the most calls in flight at once, to prove dedupe and
 * concurrency.
 */
export function fakeSecrets(values: Record<string, string>) {
  const calls: [string, string | undefined][] = [];
  let inFlight = 0;
  const stats = { calls, maxInFlight: 0 };
  const getSecret = async (secretId: string, jsonKey?: string): Promise<string> => {
    calls.push([secretId, jsonKey]);
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    const value = values[jsonKey === undefined ? secretId : `${secretId}#${jsonKey}`];
    if (value === undefined) throw new Error(`secret "${secretId}" was not found`);
    return value;
  };
  return { getSecret, stats };
}

/** A resolver that must not be reached: for configs without templates. */
export const noSecrets = async (): Promise<string> => {
  throw new Error('no secret expected');
};

/** The ConfigError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function configErrorOf(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

/** The message of the ConfigError a promise rejects with. */
export async function messageOf(promise: Promise<unknown>): Promise<string> {
  return (await configErrorOf(promise)).message;
}
