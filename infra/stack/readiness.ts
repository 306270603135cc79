import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves true when a TCP connection to host:port succeeds within `timeoutMs`. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls `check` until it returns true, or fails after `timeoutMs` with a
 * message naming what never became ready and where its log is.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  {
    timeoutMs = 90_000,
    intervalMs = 250,
    log,
    failFast,
  }: { timeoutMs?: number; intervalMs?: number; log?: string; failFast?: () => void } = {},
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    // A process that already died will never become ready: say so now, not after the timeout.
    failFast?.();
    if (await check().catch(() => false)) return;
    await sleep(intervalMs);
  }
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s${log ? `; see ${log}` : ''}`);
}

/** True when GET url answers 2xx. */
export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.ok;
}
