import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackLayout } from './layout.ts';
import { runningPid } from './processes.ts';

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

/** The last `lines` lines of a log file (empty when it does not exist yet). */
export function logTail(file: string, lines = 15): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The error for a service that exited while starting: its log's last lines say why. */
export function exitedDuringStartup(what: string, log: string): Error {
  const tail = logTail(log);
  return new Error(
    `${what} exited during start-up; last lines of ${log}:\n${tail.replace(/^/gm, '  | ') || '  (empty log)'}`,
  );
}

/** GET url as JSON (2xx only), or undefined. */
export async function httpJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) {
    await res.arrayBuffer();
    return undefined;
  }
  return res.json();
}

/** Fails fast (with its log's last lines) once a service started for this stack has exited. */
export function exitWatch(layout: StackLayout, name: string, what: string): () => void {
  return () => {
    if (runningPid(layout.stateDir, name) === undefined) {
      throw exitedDuringStartup(`${what} (${name})`, join(layout.logDir, `${name}.log`));
    }
  };
}
