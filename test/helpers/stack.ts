import { readFileSync } from 'node:fs';
import { readStackInfo, type StackInfo } from '../../infra/stack/stack-info.ts';

let cached: StackInfo | undefined;

/** Connection details of the running local stack (started by the integration global setup). */
export function stack(): StackInfo {
  cached ??= readStackInfo();
  return cached;
}

/** TLS material of the local CA and client, as PEM strings. */
export function tlsMaterial() {
  const { tls } = stack();
  return {
    ca: readFileSync(tls.caCert, 'utf8'),
    cert: readFileSync(tls.clientCert, 'utf8'),
    key: readFileSync(tls.clientKey, 'utf8'),
    passphrase: tls.clientKeyPassphrase,
    rogueCert: readFileSync(tls.rogueClientCert, 'utf8'),
    rogueKey: readFileSync(tls.rogueClientKey, 'utf8'),
  };
}

/** Connections the counting proxy (in front of the COUNTED SASL_SSL listener) has accepted. */
export async function proxyStats(): Promise<{ connections: number; open: number }> {
  return (await (await fetch(`${stack().countingProxy}/_stats`)).json()) as {
    connections: number;
    open: number;
  };
}

/** Cuts every connection through the counting proxy: what a client finds after a Lambda freeze or a network blip. */
export async function dropProxiedConnections(): Promise<number> {
  const res = await fetch(`${stack().countingProxy}/_drop`, { method: 'POST' });
  return ((await res.json()) as { dropped: number }).dropped;
}
