import { createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { httpJson } from './readiness.ts';

/*
 * Readiness that proves the answer came from this state folder's own
 * services, not just from something listening on the port: another
 * checkout's stack on the same ports answers every health check too.
 */

/** A random marker per state folder; the emulator and the proxy answer GET /_identity with it. */
export function stackMarker(stateDir: string): string {
  const file = join(stateDir, 'marker');
  if (!existsSync(file)) writeFileSync(file, randomBytes(12).toString('base64url'));
  return readFileSync(file, 'utf8').trim();
}

/** True when `controlUrl`/_identity answers with this state folder's marker. */
export async function answersWithMarker(controlUrl: string, marker: string): Promise<boolean> {
  const body = (await httpJson(`${controlUrl}/_identity`)) as { marker?: string } | undefined;
  return body?.marker === marker;
}

/** True when the OAuth server's JWKS publishes the public half of this state folder's signing key. */
export async function jwksMatchesKey(jwksUrl: string, keyFile: string): Promise<boolean> {
  if (!existsSync(keyFile)) return false;
  const own = createPublicKey(readFileSync(keyFile, 'utf8')).export({ format: 'jwk' }) as { n?: string };
  const body = (await httpJson(jwksUrl)) as { keys?: Array<{ n?: string }> } | undefined;
  return body?.keys?.some((k) => k.n === own.n) === true;
}

/** The cluster id a broker data folder was formatted with (its meta.properties). */
export function formattedClusterId(dataDir: string): string | undefined {
  const file = join(dataDir, 'meta.properties');
  if (!existsSync(file)) return undefined;
  return /^cluster\.id=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

/**
 * True once the broker at `bootstrap` answers a metadata request (listeners
 * open is not enough: it may still be starting) with this folder's cluster id
 * and, among its brokers, every node id expected.
 */
export async function clusterIsOurs(
  bootstrap: string,
  clusterId: string,
  nodeIds: number[],
): Promise<boolean> {
  const admin = new Kafka({
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const ids = new Set(cluster.brokers.map((b) => b.nodeId));
    return cluster.clusterId === clusterId && nodeIds.every((id) => ids.has(id));
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
