import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ConfigError } from '../../../lib/config/index.ts';

/** Dummy PEM blocks: the config layer checks the framing, not the DER inside. */
export const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUfake\n-----END CERTIFICATE-----\n';
export const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqfake\n-----END PRIVATE KEY-----\n';
export const ENCRYPTED_KEY_PEM =
  '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqfake\n-----END ENCRYPTED PRIVATE KEY-----\n';

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
