import { join } from 'node:path';
import type { StackLayout } from '../stack/layout.ts';
import { ROOT } from '../stack/layout.ts';
import { runningPid, startService, stopService } from '../stack/processes.ts';
import { httpOk, waitFor } from '../stack/readiness.ts';

/**
 * The local Confluent-compatible schema registry, an opt-in service beside
 * the stack (not started by `npm run stack:up`): the schema registry tests
 * start it, and stop it when they are done.
 */
export const REGISTRY_SERVICE = 'schema-registry';
/** Basic-auth user of the local registry (its password is REGISTRY_PASSWORD). */
export const REGISTRY_USER = 'ske-registry';
export const REGISTRY_PASSWORD = 'local-registry-password';

/** Port of the registry: SKE_PORT_BASE + 40, clear of the stack's own ports. */
export const registryPort = (layout: StackLayout) => layout.ports.oauth + 40;
export const registryUrl = (layout: StackLayout) => `http://127.0.0.1:${registryPort(layout)}`;

/** Starts the registry unless it runs, and waits until it answers. Returns its URL. */
export async function startRegistry(layout: StackLayout): Promise<string> {
  if (runningPid(layout.stateDir, REGISTRY_SERVICE) === undefined) {
    startService(layout.stateDir, layout.logDir, {
      name: REGISTRY_SERVICE,
      command: process.execPath,
      args: ['--import', 'tsx', join(ROOT, 'infra', 'registry', 'confluent-compatible-server.ts')],
      env: {
        REGISTRY_PORT: String(registryPort(layout)),
        REGISTRY_BASIC_AUTH: `${REGISTRY_USER}:${REGISTRY_PASSWORD}`,
      },
      cwd: ROOT,
    });
  }
  await waitFor('schema registry', () => httpOk(`${registryUrl(layout)}/`), {
    timeoutMs: 30_000,
    log: join(layout.logDir, `${REGISTRY_SERVICE}.log`),
  });
  return registryUrl(layout);
}

export function stopRegistry(layout: StackLayout): Promise<boolean> {
  return stopService(layout.stateDir, REGISTRY_SERVICE);
}
